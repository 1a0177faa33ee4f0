import { icoLines, type Notice, type NoticeAudience, type NoticeFacts } from './notice-text.ts'

/**
 * The notice in the surveys' other languages, written for Signpost (not put through a machine
 * translator) and marked as drafts on the page until a fluent speaker has checked them, as the
 * survey translations are: Polish, Romanian and Urdu, for students (with the easy read) and for
 * parents and carers. The staff and employer notices are English only, as their surveys are.
 * Urdu is right to left; the ICO's lines stay in English, where a phone number keeps its order.
 */

const quoted = (q: string, open: string, close: string) => `${open}${q}${close}`

// ---- Polish ----------------------------------------------------------------------------------

/** "przez 3 lata szkolne", "przez 5 lat szkolnych", "przez 1 rok szkolny". */
function plYears(n: number) {
  if (n === 1) return '1 rok szkolny'
  const few = n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14)
  return `${n} ${few ? 'lata szkolne' : 'lat szkolnych'}`
}
const plShort = (n: number) => (n === 1 ? '1 rok' : `${n} ${n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14) ? 'lata' : 'lat'}`)

function plSkipping(f: NoticeFacts, formal: boolean) {
  const can = formal ? 'Można' : 'Możesz'
  if (f.required.length === 0) return `${can} pominąć każde pytanie.`
  const list = f.required.map((q) => quoted(q, '„', '”')).join(', ')
  return f.required.length === 1 ? `${can} pominąć każde pytanie oprócz jednego: ${list}` : `${can} pominąć każde pytanie oprócz tych: ${list}`
}

const plWords = {
  shortHeading: 'W skrócie',
  detailsHeading: 'Więcej szczegółów',
  otherVersions: 'Inne wersje tej strony',
  student: 'Dla uczniów',
  easy: 'Tekst łatwy do czytania',
  parent: 'Dla rodziców i opiekunów',
  staff: 'Dla pracowników szkoły',
  employer: 'Dla pracodawców i organizatorów szkoleń',
  contact: 'Kontakt',
  languages: 'Języki',
  back: 'Wróć do ankiety',
}
const plDraft = 'To tłumaczenie jest wersją roboczą: nie sprawdziła go jeszcze osoba, dla której polski jest językiem ojczystym.'
const plIco = [icoLines[0]!, icoLines[1]!, 'Telefon 0303 123 1113']
const plCoordinator = 'osobę odpowiedzialną za doradztwo zawodowe w szkole'

function plNotice(audience: NoticeAudience, f: NoticeFacts): Notice {
  const team = f.partnership ? `Zespół ${f.partnership}` : 'Zespół lokalnego partnerstwa'
  if (audience === 'easy') {
    return {
      title: 'Twoje odpowiedzi są bezpieczne',
      words: plWords,
      draftNote: plDraft,
      noContact: 'Zapytaj nauczyciela w swojej szkole.',
      short: {
        paragraphs: [],
        list: [
          'Ta ankieta jest o pomocy w wyborze pracy i dalszej nauki.',
          'Nie podajesz swojego imienia.',
          'Nie wiemy, kim jesteś.',
          'Szkoła widzi odpowiedzi dużych grup. Nie widzi Twoich.',
          `Przechowujemy odpowiedzi przez ${plShort(f.keepYears)}. Potem je usuwamy.`,
          f.required.length ? 'Możesz pominąć większość pytań.' : 'Możesz pominąć pytanie.',
          'Nic nie zostanie wysłane, dopóki nie naciśniesz „Wyślij odpowiedzi”.',
        ],
      },
      details: [
        {
          heading: 'Nie wpisuj imion',
          paragraphs: ['Przy niektórych pytaniach jest pole do pisania. Nie wpisuj swojego imienia. Nie wpisuj imienia innej osoby.'],
        },
        {
          heading: 'Dzień odpowiedzi',
          paragraphs: [
            'Zapisujemy dzień, w którym wysyłasz odpowiedzi. Tylko tego dnia zapisujemy też, w których 10 minutach przyszły. To pomaga znaleźć fałszywe odpowiedzi. Następnego dnia to usuwamy.',
          ],
        },
        {
          heading: 'Poproś o pomoc',
          paragraphs: [f.contact ? `Możesz zapytać: ${f.contact.name}.` : `Możesz zapytać ${plCoordinator}.`, 'Nauczyciel może pomóc Ci to przeczytać.'],
        },
      ],
    }
  }
  if (audience === 'parent') {
    return {
      title: 'Informacja o prywatności dla rodziców i opiekunów',
      words: plWords,
      draftNote: plDraft,
      noContact: `Prosimy zapytać ${plCoordinator} dziecka.`,
      short: {
        paragraphs: [],
        list: [
          'Ankieta pyta, co myślą Państwo o pomocy w planowaniu przyszłości, jaką dziecko otrzymuje w szkole.',
          'Nie pytamy o imię i nazwisko Państwa ani dziecka. Nie zapisujemy adresu e-mail, adresu domowego ani adresu internetowego telefonu.',
          `Szkoła widzi tylko wyniki grup. Wyniki grupy mniejszej niż ${f.minCohort} osób nigdy nie są pokazywane.`,
          `Odpowiedzi są przechowywane przez ${plYears(f.keepYears)}. Potem odpowiedzi każdej osoby są usuwane i zostają tylko sumy.`,
          plSkipping(f, true),
          'Nic nie zostanie wysłane przed naciśnięciem „Wyślij odpowiedzi”.',
          f.contact ? `Pytania? Kontakt: ${f.contact.name}.` : `Pytania? Prosimy zapytać ${plCoordinator} dziecka.`,
        ],
      },
      details: [
        {
          heading: 'O co pytamy i dlaczego',
          paragraphs: [
            'Szkoły muszą zapewniać uczniom doradztwo zawodowe i sprawdzać, czy jest ono skuteczne. Muszą też słuchać rodziców i opiekunów.',
            'Ankieta pyta, jak dobrze szkoła informuje Państwa o zawodach i pomaga dziecku wybrać dalszą drogę. Kilka pytań dotyczy dziecka, na przykład jego klasy, żeby szkoła mogła sprawdzić, czy jakaś grupa nie dostaje mniej pomocy.',
          ],
        },
        {
          heading: 'Czego nie zapisujemy',
          paragraphs: [
            'Nie zapisujemy imienia i nazwiska, adresu e-mail ani adresu domowego. Nie zapisujemy adresu internetowego komputera ani telefonu, ani informacji o przeglądarce. Zapisujemy dzień udzielenia odpowiedzi, ale nie godzinę.',
            'Tylko w tym dniu możemy też zapisać zakodowany znacznik 10 minut, w których przyszły odpowiedzi. Pozwala to usunąć wiele fałszywych odpowiedzi wysłanych naraz. Po tym dniu znacznik jest usuwany.',
            'Uczniowie wypełniają własną ankietę. Ich odpowiedzi są przechowywane w ten sam sposób. Nikt nie może powiązać odpowiedzi rodzica z odpowiedziami dziecka.',
          ],
        },
        {
          heading: 'Kto widzi wyniki',
          paragraphs: [
            'Szkoła widzi wyniki całej szkoły i grup.',
            `${team} widzi wyniki każdej szkoły. Wykorzystuje je, żeby sprawdzać i poprawiać doradztwo zawodowe w okolicy. Wynik nigdy nie jest pokazywany dla grupy mniejszej niż ${f.minCohort} osób.`,
            `Odpowiedzi wpisane w pole tekstowe widzi tylko osoba odpowiedzialna za doradztwo zawodowe w szkole, i tylko wtedy, gdy napisało je co najmniej ${f.minFreeText} osób. Prosimy nie wpisywać w te pola imion ani nazwisk.`,
            'Odpowiedzi przechowuje Signpost, narzędzie, w którym działa ankieta. Nie są sprzedawane ani przekazywane nikomu innemu.',
          ],
        },
        {
          heading: 'Jak długo przechowujemy odpowiedzi',
          paragraphs: [
            `Odpowiedzi każdej osoby są przechowywane przez ${plYears(f.keepYears)}. Dzięki temu szkoła może porównać jeden rok z następnym. Potem są usuwane. Zostają tylko sumy, na przykład „40 z 60 osób się zgodziło”, więc szkoła nadal widzi, jak zmieniają się wyniki z roku na rok.`,
          ],
        },
        {
          heading: 'Prawo',
          paragraphs: [
            `Szkoła i ${f.partnership ?? 'lokalne partnerstwo'} decydują, jak wykorzystywane są odpowiedzi. Prawo wymaga, żeby je chroniły.`,
            'Szkoły muszą zapewniać doradztwo zawodowe. Ta ankieta jest częścią tej pracy, więc większość szkół prowadzi ją jako zadanie publiczne (public task). Więcej mówi informacja o prywatności samej szkoły.',
          ],
        },
        {
          heading: 'Państwa prawa',
          paragraphs: [
            'Mogą Państwo zapytać, co jest przechowywane i dlaczego. Nie wiemy, kto udzielił której odpowiedzi, więc nie możemy później odnaleźć Państwa odpowiedzi, żeby je pokazać, zmienić lub usunąć.',
            f.contact
              ? `Jeśli wpisali Państwo coś, czego Państwo żałują, prosimy o kontakt: ${f.contact.name}. Wpisaną odpowiedź można usunąć.`
              : `Jeśli wpisali Państwo coś, czego Państwo żałują, prosimy powiedzieć o tym ${'osobie odpowiedzialnej za doradztwo zawodowe w szkole'} dziecka. Wpisaną odpowiedź można usunąć.`,
            'Jeśli nie odpowiada Państwu sposób wykorzystania odpowiedzi, można złożyć skargę do ICO, urzędu, który w Wielkiej Brytanii pilnuje ochrony danych osobowych.',
          ],
          lines: plIco,
        },
      ],
    }
  }
  return {
    title: 'Jak dbamy o Twoje odpowiedzi',
    words: plWords,
    draftNote: plDraft,
    noContact: `Zapytaj ${plCoordinator}.`,
    short: {
      paragraphs: [],
      list: [
        'Ta ankieta pyta, co myślisz o pomocy w planowaniu przyszłości (doradztwie zawodowym) w Twojej szkole.',
        'Nie pytamy o Twoje imię i nazwisko. Nie zapisujemy Twojego adresu e-mail, adresu domowego ani adresu internetowego Twojego telefonu.',
        `Szkoła widzi wyniki grup, na przykład całego rocznika. Wyniki grupy mniejszej niż ${f.minCohort} osób nigdy nie są pokazywane.`,
        `Przechowujemy Twoje odpowiedzi przez ${plYears(f.keepYears)}. Potem je usuwamy i zostawiamy tylko sumy.`,
        plSkipping(f, false),
        'Nic nie zostanie wysłane, dopóki nie naciśniesz „Wyślij odpowiedzi”.',
        f.contact ? `Masz pytanie? Kontakt: ${f.contact.name}.` : `Masz pytanie? Zapytaj ${plCoordinator}.`,
      ],
    },
    details: [
      {
        heading: 'O co pytamy',
        paragraphs: [
          'Ankieta pyta, co myślisz o lekcjach o zawodach, o poradach i o pomocy w planowaniu, co robić dalej.',
          'Niektóre pytania dotyczą Ciebie, na przykład tego, w której jesteś klasie. Dzięki nim szkoła widzi, czy jakaś grupa nie dostaje mniej pomocy niż inne.',
        ],
      },
      {
        heading: 'Czego nie zapisujemy',
        paragraphs: [
          'Nie pytamy o Twoje imię i nazwisko. Nie zapisujemy adresu internetowego Twojego komputera ani telefonu, ani tego, jakiej przeglądarki używasz. Zapisujemy dzień, w którym odpowiadasz, ale nie godzinę.',
          'Tylko w tym dniu możemy też zapisać zakodowany znacznik 10 minut, w których przyszły Twoje odpowiedzi. Pozwala to usunąć wiele fałszywych odpowiedzi wysłanych naraz. Po tym dniu usuwamy ten znacznik.',
          'Jeśli masz kod na karteczce, kod nie jest zapisywany razem z Twoimi odpowiedziami. Dlatego nikt nie może sprawdzić, które odpowiedzi są Twoje.',
        ],
      },
      {
        heading: 'Kto widzi wyniki',
        paragraphs: [
          `Szkoła widzi wyniki całej szkoły i grup. ${team} widzi wyniki każdej szkoły. Wynik nigdy nie jest pokazywany dla grupy mniejszej niż ${f.minCohort} osób.`,
          `Odpowiedzi wpisane w pole tekstowe widzi tylko osoba odpowiedzialna za doradztwo zawodowe w Twojej szkole, i tylko wtedy, gdy napisało je co najmniej ${f.minFreeText} osób. Najlepiej nie wpisuj w te pola imion ani nazwisk: ani swoich, ani innych osób.`,
        ],
      },
      {
        heading: 'Jak długo przechowujemy odpowiedzi',
        paragraphs: [
          `Przechowujemy Twoje odpowiedzi przez ${plYears(f.keepYears)}. Potem usuwamy odpowiedzi każdej osoby. Zostają tylko sumy, na przykład „40 z 60 osób się zgodziło”. Z sumy nie da się odczytać, kto co powiedział.`,
        ],
      },
      {
        heading: 'Dlaczego to robimy',
        paragraphs: [
          'Szkoła musi zapewnić Ci dobrą pomoc w planowaniu przyszłości i sprawdzać, czy ta pomoc działa. Twoje odpowiedzi pokazują, co pomaga, a co trzeba poprawić.',
        ],
      },
      {
        heading: 'Twoje prawa',
        paragraphs: [
          'Możesz zapytać, co jest przechowywane i dlaczego. Nie znamy Twojego imienia, więc nie możemy później odnaleźć Twoich odpowiedzi, żeby je pokazać lub zmienić.',
          f.contact
            ? `Jeśli wpiszesz coś, czego potem żałujesz, daj znać (kontakt: ${f.contact.name}). Wpisaną odpowiedź można usunąć.`
            : 'Jeśli wpiszesz coś, czego potem żałujesz, powiedz o tym osobie odpowiedzialnej za doradztwo zawodowe w szkole. Może ona usunąć wpisaną odpowiedź.',
          'Jeśli nie podoba Ci się, jak używane są Twoje odpowiedzi, możesz złożyć skargę do ICO. ICO to urząd, który w Wielkiej Brytanii pilnuje, żeby dane o ludziach były bezpieczne.',
        ],
        lines: plIco,
      },
    ],
  }
}

// ---- Romanian --------------------------------------------------------------------------------

const roYears = (n: number) => (n === 1 ? '1 an școlar' : n >= 20 ? `${n} de ani școlari` : `${n} ani școlari`)
const roShort = (n: number) => (n === 1 ? '1 an' : n >= 20 ? `${n} de ani` : `${n} ani`)

function roSkipping(f: NoticeFacts, formal: boolean) {
  const can = formal ? 'Puteți' : 'Poți'
  if (f.required.length === 0) return `${can} sări peste orice întrebare.`
  const list = f.required.map((q) => quoted(q, '„', '”')).join(', ')
  return f.required.length === 1
    ? `${can} sări peste orice întrebare, în afară de una: ${list}`
    : `${can} sări peste orice întrebare, în afară de acestea: ${list}`
}

const roWords = {
  shortHeading: 'Pe scurt',
  detailsHeading: 'Mai multe detalii',
  otherVersions: 'Alte versiuni ale acestei pagini',
  student: 'Pentru elevi',
  easy: 'Ușor de citit',
  parent: 'Pentru părinți și îngrijitori',
  staff: 'Pentru personalul școlii',
  employer: 'Pentru angajatori și furnizori de formare',
  contact: 'Contact',
  languages: 'Limbi',
  back: 'Înapoi la chestionar',
}
const roDraft = 'Această traducere este o variantă de lucru: nu a fost încă verificată de un vorbitor nativ de limba română.'
const roIco = [icoLines[0]!, icoLines[1]!, 'Telefon 0303 123 1113']
const roCoordinator = 'persoana care se ocupă de orientarea în carieră la școală'

function roNotice(audience: NoticeAudience, f: NoticeFacts): Notice {
  const team = f.partnership ? `Echipa ${f.partnership}` : 'Echipa parteneriatului local'
  if (audience === 'easy') {
    return {
      title: 'Răspunsurile tale sunt în siguranță',
      words: roWords,
      draftNote: roDraft,
      noContact: 'Întreabă un profesor de la școala ta.',
      short: {
        paragraphs: [],
        list: [
          'Acest chestionar este despre ajutorul pentru meserii și pentru ce faci mai departe.',
          'Nu spui cum te cheamă.',
          'Nu știm cine ești.',
          'Școala vede răspunsurile grupurilor mari. Nu le vede pe ale tale.',
          `Păstrăm răspunsurile ${roShort(f.keepYears)}. Apoi le ștergem.`,
          f.required.length ? 'Poți sări peste cele mai multe întrebări.' : 'Poți sări peste o întrebare.',
          'Nimic nu este trimis până nu apeși „Trimiteți răspunsurile”.',
        ],
      },
      details: [
        { heading: 'Nu scrie nume', paragraphs: ['La unele întrebări este o căsuță în care poți scrie. Nu scrie numele tău. Nu scrie numele altei persoane.'] },
        {
          heading: 'Ziua în care răspunzi',
          paragraphs: [
            'Păstrăm ziua în care trimiți răspunsurile. Doar în acea zi păstrăm și în ce 10 minute au sosit. Asta ne ajută să găsim răspunsuri false. A doua zi ștergem asta.',
          ],
        },
        {
          heading: 'Cere ajutor',
          paragraphs: [f.contact ? `Poți întreba: ${f.contact.name}.` : `Poți întreba ${roCoordinator}.`, 'Un profesor te poate ajuta să citești asta.'],
        },
      ],
    }
  }
  if (audience === 'parent') {
    return {
      title: 'Informare privind confidențialitatea pentru părinți și îngrijitori',
      words: roWords,
      draftNote: roDraft,
      noContact: 'Întrebați persoana care se ocupă de orientarea în carieră la școala copilului.',
      short: {
        paragraphs: [],
        list: [
          'Chestionarul vă întreabă ce credeți despre ajutorul pentru alegerea carierei pe care copilul îl primește la școală.',
          'Nu vă cerem numele dumneavoastră sau al copilului. Nu păstrăm adresa de e-mail, adresa de acasă sau adresa de internet a telefonului.',
          `Școala vede doar rezultatele pe grupuri. Rezultatele unui grup cu mai puțin de ${f.minCohort} persoane nu sunt arătate niciodată.`,
          `Răspunsurile sunt păstrate timp de ${roYears(f.keepYears)}. Apoi răspunsurile fiecărei persoane sunt șterse și se păstrează doar totalurile.`,
          roSkipping(f, true),
          'Nimic nu este trimis până nu apăsați „Trimiteți răspunsurile”.',
          f.contact
            ? `Aveți o întrebare? Contact: ${f.contact.name}.`
            : 'Aveți o întrebare? Întrebați persoana care se ocupă de orientarea în carieră la școala copilului.',
        ],
      },
      details: [
        {
          heading: 'Ce întrebăm și de ce',
          paragraphs: [
            'Școlile trebuie să ofere elevilor orientare în carieră și să verifice dacă aceasta funcționează. Ele trebuie, de asemenea, să asculte părerea părinților și a îngrijitorilor.',
            'Chestionarul întreabă cât de bine vă informează școala despre meserii și cât de bine își ajută copilul să aleagă ce urmează. Câteva întrebări sunt despre copil, de exemplu în ce an de studiu este, ca școala să vadă dacă un grup primește mai puțin ajutor.',
          ],
        },
        {
          heading: 'Ce nu păstrăm',
          paragraphs: [
            'Nu păstrăm numele, adresa de e-mail sau adresa de acasă. Nu păstrăm adresa de internet a calculatorului sau a telefonului și nici browserul folosit. Păstrăm ziua în care ați răspuns, dar nu și ora.',
            'Doar în acea zi putem păstra și un semn codificat pentru cele 10 minute în care au sosit răspunsurile. Așa putem scoate multe răspunsuri false trimise deodată. După acea zi, semnul este șters.',
            'Elevii răspund la propriul lor chestionar. Răspunsurile lor sunt păstrate la fel ca ale dumneavoastră. Nimeni nu poate lega răspunsurile unui părinte de cele ale unui copil.',
          ],
        },
        {
          heading: 'Cine vede rezultatele',
          paragraphs: [
            'Școala vede rezultatele întregii școli și pe grupuri.',
            `${team} vede rezultatele fiecărei școli. Le folosește pentru a verifica și îmbunătăți orientarea în carieră din zonă. Niciun rezultat nu este arătat pentru un grup cu mai puțin de ${f.minCohort} persoane.`,
            `Răspunsurile scrise într-o căsuță de text sunt văzute doar de persoana care se ocupă de orientarea în carieră la școală, și doar dacă cel puțin ${f.minFreeText} persoane au scris ceva acolo. Vă rugăm să nu scrieți nume în aceste căsuțe.`,
            'Răspunsurile sunt stocate de Signpost, aplicația prin care se face chestionarul. Ele nu sunt vândute și nu sunt date nimănui altcuiva.',
          ],
        },
        {
          heading: 'Cât timp sunt păstrate răspunsurile',
          paragraphs: [
            `Răspunsurile fiecărei persoane sunt păstrate timp de ${roYears(f.keepYears)}. Astfel școala poate compara un an cu următorul. Apoi sunt șterse. Se păstrează doar totaluri, de exemplu „40 din 60 au fost de acord”, ca școala să poată vedea în continuare cum evoluează rezultatele de la an la an.`,
          ],
        },
        {
          heading: 'Legea',
          paragraphs: [
            `Școala și ${f.partnership ?? 'parteneriatul local'} decid cum sunt folosite răspunsurile. Legea le cere să le păstreze în siguranță.`,
            'Școlile trebuie să ofere orientare în carieră. Acest chestionar face parte din această activitate, așa că majoritatea școlilor îl folosesc ca sarcină publică (public task). Informarea privind confidențialitatea publicată de școală spune mai multe.',
          ],
        },
        {
          heading: 'Drepturile dumneavoastră',
          paragraphs: [
            'Puteți întreba ce se păstrează și de ce. Pentru că nu știm cine a dat fiecare răspuns, nu putem găsi mai târziu răspunsurile dumneavoastră ca să le arătăm, să le schimbăm sau să le ștergem.',
            f.contact
              ? `Dacă ați scris ceva ce regretați, anunțați-ne (contact: ${f.contact.name}). Un răspuns scris poate fi șters.`
              : 'Dacă ați scris ceva ce regretați, spuneți persoanei care se ocupă de orientarea în carieră la școala copilului. Un răspuns scris poate fi șters.',
            'Dacă nu sunteți mulțumit de felul în care sunt folosite răspunsurile, puteți face o plângere la ICO, instituția care apără în Regatul Unit drepturile privind datele personale.',
          ],
          lines: roIco,
        },
      ],
    }
  }
  return {
    title: 'Cum avem grijă de răspunsurile tale',
    words: roWords,
    draftNote: roDraft,
    noContact: `Întreabă ${roCoordinator}.`,
    short: {
      paragraphs: [],
      list: [
        'Acest chestionar te întreabă ce crezi despre ajutorul pe care îl primești la școală pentru a-ți alege drumul (orientarea în carieră).',
        'Nu îți cerem numele. Nu păstrăm adresa ta de e-mail, adresa de acasă sau adresa de internet a telefonului tău.',
        `Școala vede rezultatele pe grupuri, de exemplu pe ani de studiu. Rezultatele unui grup cu mai puțin de ${f.minCohort} persoane nu sunt arătate niciodată.`,
        `Păstrăm răspunsurile tale timp de ${roYears(f.keepYears)}. Apoi le ștergem și păstrăm doar totalurile.`,
        roSkipping(f, false),
        'Nimic nu este trimis până nu apeși „Trimiteți răspunsurile”.',
        f.contact ? `Ai o întrebare? Contact: ${f.contact.name}.` : `Ai o întrebare? Întreabă ${roCoordinator}.`,
      ],
    },
    details: [
      {
        heading: 'Ce întrebăm',
        paragraphs: [
          'Chestionarul întreabă ce crezi despre lecțiile despre meserii, despre sfaturi și despre ajutorul pentru ce urmează.',
          'Unele întrebări sunt despre tine, de exemplu în ce an de studiu ești. Ele ajută școala să vadă dacă un grup primește mai puțin ajutor decât altele.',
        ],
      },
      {
        heading: 'Ce nu păstrăm',
        paragraphs: [
          'Nu îți cerem numele. Nu păstrăm adresa de internet a calculatorului sau a telefonului tău și nici ce browser folosești. Păstrăm ziua în care ai răspuns, dar nu și ora.',
          'Doar în acea zi putem păstra și un semn codificat pentru cele 10 minute în care au sosit răspunsurile tale. Așa putem scoate multe răspunsuri false trimise deodată. După acea zi, ștergem semnul.',
          'Dacă ai primit un cod pe un bilet, codul nu este păstrat împreună cu răspunsurile tale. Așa că nimeni nu poate afla care răspunsuri sunt ale tale.',
        ],
      },
      {
        heading: 'Cine vede rezultatele',
        paragraphs: [
          `Școala vede rezultatele întregii școli și pe grupuri. ${team} vede rezultatele fiecărei școli. Un rezultat nu este arătat niciodată pentru un grup cu mai puțin de ${f.minCohort} persoane.`,
          `Răspunsurile scrise într-o căsuță de text sunt văzute doar de persoana care se ocupă de orientarea în carieră la școala ta, și doar dacă cel puțin ${f.minFreeText} persoane au scris ceva acolo. E mai bine să nu scrii nume în aceste căsuțe, nici al tău, nici al altcuiva.`,
        ],
      },
      {
        heading: 'Cât timp păstrăm răspunsurile',
        paragraphs: [
          `Păstrăm răspunsurile tale timp de ${roYears(f.keepYears)}. Apoi ștergem răspunsurile fiecărei persoane. Păstrăm doar totaluri, de exemplu „40 din 60 au fost de acord”. Un total nu poate arăta cine ce a spus.`,
        ],
      },
      {
        heading: 'De ce facem asta',
        paragraphs: [
          'Școala trebuie să îți ofere un ajutor bun pentru viitor și să verifice dacă acest ajutor funcționează. Răspunsurile tale arată ce ajută și ce trebuie îmbunătățit.',
        ],
      },
      {
        heading: 'Drepturile tale',
        paragraphs: [
          'Poți întreba ce se păstrează și de ce. Nu îți știm numele, așa că nu putem găsi mai târziu răspunsurile tale ca să ți le arătăm sau să le schimbăm.',
          f.contact
            ? `Dacă ai scris ceva ce regreți, spune-ne (contact: ${f.contact.name}). Un răspuns scris poate fi șters.`
            : 'Dacă ai scris ceva ce regreți, spune persoanei care se ocupă de orientarea în carieră la școala ta. Ea poate șterge un răspuns scris.',
          'Dacă nu ești mulțumit de felul în care sunt folosite răspunsurile tale, poți face o plângere la ICO. ICO este instituția care are grijă, în Regatul Unit, ca datele despre oameni să fie în siguranță.',
        ],
        lines: roIco,
      },
    ],
  }
}

// ---- Urdu ------------------------------------------------------------------------------------

/**
 * A name in another script (a partnership's, a contact's: usually English) set apart in a
 * right-to-left sentence, so that its brackets and numbers keep their places (Unicode isolates).
 */
const isolated = (name: string) => `\u2068${name}\u2069`

/** "3 تعلیمی سال": سال does not change in the plural. */
const urYears = (n: number) => `${n} تعلیمی سال`

function urSkipping(f: NoticeFacts) {
  if (f.required.length === 0) return 'آپ کوئی بھی سوال چھوڑ سکتے ہیں۔'
  const list = f.required.map((q) => quoted(q, '“', '”')).join('، ')
  return f.required.length === 1 ? `آپ ایک سوال کے سوا کوئی بھی سوال چھوڑ سکتے ہیں: ${list}` : `آپ ان سوالوں کے سوا کوئی بھی سوال چھوڑ سکتے ہیں: ${list}`
}

const urWords = {
  shortHeading: 'مختصر میں',
  detailsHeading: 'مزید تفصیل',
  otherVersions: 'اس صفحے کی دوسری صورتیں',
  student: 'طلبہ کے لیے',
  easy: 'آسان زبان',
  parent: 'والدین اور سرپرستوں کے لیے',
  staff: 'اسکول کے عملے کے لیے',
  employer: 'آجروں اور تربیت دینے والے اداروں کے لیے',
  contact: 'کس سے رابطہ کریں',
  languages: 'زبانیں',
  back: 'سروے پر واپس جائیں',
}
const urDraft = 'یہ ترجمہ ابھی مسودہ ہے: کسی ایسے شخص نے اسے ابھی نہیں جانچا جس کی مادری زبان اردو ہو۔'
/** The ICO's lines stay in English: a phone number's groups keep their order only in a left-to-right line. */
const urIco = icoLines
const urCoordinator = 'اسکول میں کیریئر کی رہنمائی کے ذمہ دار شخص'
const urSend = '“میرے جوابات بھیجیں”'
const urIcoText =
  'اگر آپ اس سے مطمئن نہیں کہ جوابات کیسے استعمال ہوتے ہیں تو آپ ICO سے شکایت کر سکتے ہیں۔ ICO برطانیہ کا وہ ادارہ ہے جو دیکھتا ہے کہ لوگوں کا ڈیٹا محفوظ رہے۔'

function urNotice(audience: NoticeAudience, f: NoticeFacts): Notice {
  const team = f.partnership ? `${isolated(f.partnership)} کی ٹیم` : 'مقامی پارٹنرشپ کی ٹیم'
  if (audience === 'easy') {
    return {
      title: 'آپ کے جوابات محفوظ ہیں',
      words: urWords,
      draftNote: urDraft,
      noContact: 'اپنے اسکول کے کسی استاد سے پوچھیں۔',
      short: {
        paragraphs: [],
        list: [
          'یہ سروے نوکری اور آگے کی پڑھائی میں مدد کے بارے میں ہے۔',
          'آپ اپنا نام نہیں بتاتے۔',
          'ہم نہیں جانتے کہ آپ کون ہیں۔',
          'آپ کا اسکول بڑے گروپوں کے جوابات دیکھتا ہے۔ آپ کے جوابات نہیں دیکھتا۔',
          `ہم جوابات ${f.keepYears} سال رکھتے ہیں۔ پھر انہیں مٹا دیتے ہیں۔`,
          f.required.length ? 'آپ زیادہ تر سوال چھوڑ سکتے ہیں۔' : 'آپ کوئی بھی سوال چھوڑ سکتے ہیں۔',
          `آخر میں ${urSend} دبائیں۔ اس سے پہلے کچھ نہیں جاتا۔`,
        ],
      },
      details: [
        {
          heading: 'نام نہ لکھیں',
          paragraphs: ['کچھ سوالوں میں لکھنے کے لیے خانہ ہے۔ اپنا نام نہ لکھیں۔ کسی اور کا نام بھی نہ لکھیں۔'],
        },
        {
          heading: 'جواب کا دن',
          paragraphs: [
            'ہم وہ دن رکھتے ہیں جب آپ جوابات بھیجتے ہیں۔ صرف اسی دن ہم یہ بھی رکھتے ہیں کہ وہ کن 10 منٹوں میں آئے۔ اس سے جعلی جوابات پکڑنے میں مدد ملتی ہے۔ اگلے دن ہم اسے مٹا دیتے ہیں۔',
          ],
        },
        {
          heading: 'مدد مانگیں',
          paragraphs: [
            f.contact ? `آپ ${isolated(f.contact.name)} سے پوچھ سکتے ہیں۔` : `آپ اپنے ${urCoordinator} سے پوچھ سکتے ہیں۔`,
            'کوئی استاد یہ پڑھنے میں آپ کی مدد کر سکتا ہے۔',
          ],
        },
      ],
    }
  }
  if (audience === 'parent') {
    const whom = f.contact ? isolated(f.contact.name) : `اپنے بچے کے ${urCoordinator}`
    return {
      title: 'والدین اور سرپرستوں کے لیے رازداری کی معلومات',
      words: urWords,
      draftNote: urDraft,
      noContact: `اپنے بچے کے ${urCoordinator} سے پوچھیں۔`,
      short: {
        paragraphs: [],
        list: [
          'یہ سروے پوچھتا ہے کہ آپ کے بچے کو اسکول میں کیریئر کے بارے میں جو مدد ملتی ہے، اس کے بارے میں آپ کیا سوچتے ہیں۔',
          'ہم نہ آپ کا نام پوچھتے ہیں نہ آپ کے بچے کا۔ ہم کوئی ای میل، گھر کا پتہ یا آپ کے فون کا انٹرنیٹ پتہ محفوظ نہیں کرتے۔',
          `اسکول صرف گروپوں کے نتائج دیکھتا ہے۔ ${f.minCohort} سے کم لوگوں کے گروپ کا نتیجہ کبھی نہیں دکھایا جاتا۔`,
          `جوابات ${urYears(f.keepYears)} تک رکھے جاتے ہیں۔ پھر ہر شخص کے جوابات مٹا دیے جاتے ہیں اور صرف کل تعداد رکھی جاتی ہے۔`,
          urSkipping(f),
          `جب تک آپ ${urSend} نہ دبائیں، کچھ نہیں بھیجا جاتا۔`,
          `اگر آپ کا کوئی سوال ہو تو ${whom} سے پوچھیں۔`,
        ],
      },
      details: [
        {
          heading: 'ہم کیا پوچھتے ہیں اور کیوں',
          paragraphs: [
            'اسکولوں کو اپنے طلبہ کو کیریئر کی رہنمائی دینی ہوتی ہے اور دیکھنا ہوتا ہے کہ وہ کام کر رہی ہے۔ انہیں والدین اور سرپرستوں کی بات بھی سننی ہوتی ہے۔',
            'سروے پوچھتا ہے کہ اسکول آپ کو کیریئر کے بارے میں کتنی اچھی طرح بتاتا ہے اور آپ کے بچے کو اگلے قدم چننے میں کتنی مدد دیتا ہے۔ چند سوال آپ کے بچے کے بارے میں ہیں، جیسے وہ کس سال (ایئر) میں ہے، تاکہ اسکول دیکھ سکے کہ کہیں کسی گروپ کو کم مدد تو نہیں مل رہی۔',
          ],
        },
        {
          heading: 'ہم کیا محفوظ نہیں کرتے',
          paragraphs: [
            'ہم آپ کا نام، ای میل یا پتہ محفوظ نہیں کرتے۔ ہم آپ کے کمپیوٹر یا فون کا انٹرنیٹ پتہ، یا آپ کا براؤزر بھی محفوظ نہیں کرتے۔ ہم وہ دن رکھتے ہیں جب آپ نے جواب دیے، لیکن وقت نہیں۔',
            'صرف اسی دن ہم ایک کوڈ والا نشان بھی رکھ سکتے ہیں کہ جوابات کن 10 منٹوں میں آئے۔ اس سے ایک ساتھ بھیجے گئے بہت سے جعلی جوابات نکالے جا سکتے ہیں۔ اس دن کے بعد یہ نشان مٹا دیا جاتا ہے۔',
            'طلبہ اپنا الگ سروے بھرتے ہیں۔ ان کے جوابات بھی آپ کے جوابات کی طرح رکھے جاتے ہیں۔ کوئی بھی والدین کے جوابات کو بچے کے جوابات سے نہیں جوڑ سکتا۔',
          ],
        },
        {
          heading: 'نتائج کون دیکھتا ہے',
          paragraphs: [
            'اسکول پورے اسکول اور گروپوں کے نتائج دیکھتا ہے۔',
            `${team} ہر اسکول کے نتائج دیکھتی ہے۔ وہ انہیں علاقے میں کیریئر کی مدد جانچنے اور بہتر بنانے کے لیے استعمال کرتی ہے۔ ${f.minCohort} سے کم لوگوں کے گروپ کا کوئی نتیجہ نہیں دکھایا جاتا۔`,
            `خانے میں لکھے گئے جوابات صرف ${urCoordinator} کو دکھائے جاتے ہیں، اور صرف تب جب ${f.minFreeText} یا اس سے زیادہ لوگوں نے کچھ لکھا ہو۔ براہ کرم ان خانوں میں نام نہ لکھیں۔`,
            'جوابات Signpost میں محفوظ ہوتے ہیں، وہ پروگرام جس پر یہ سروے چلتا ہے۔ انہیں نہ بیچا جاتا ہے، نہ کسی اور کو دیا جاتا ہے۔',
          ],
        },
        {
          heading: 'جوابات کب تک رکھے جاتے ہیں',
          paragraphs: [
            `ہر شخص کے جوابات ${urYears(f.keepYears)} تک رکھے جاتے ہیں۔ اس سے اسکول ایک سال کا اگلے سال سے موازنہ کر سکتا ہے۔ پھر انہیں مٹا دیا جاتا ہے۔ صرف کل تعداد رکھی جاتی ہے، جیسے “60 میں سے 40 نے اتفاق کیا”، تاکہ اسکول سال بہ سال اپنے نتائج کی تبدیلی دیکھ سکے۔`,
          ],
        },
        {
          heading: 'قانون',
          paragraphs: [
            `اسکول اور ${f.partnership ? isolated(f.partnership) : 'مقامی پارٹنرشپ'} طے کرتے ہیں کہ جوابات کیسے استعمال ہوں۔ قانون کہتا ہے کہ انہیں جوابات محفوظ رکھنے ہیں۔`,
            'اسکولوں کو کیریئر کی رہنمائی دینی ہوتی ہے۔ یہ سروے اسی کام کا حصہ ہے، اس لیے زیادہ تر اسکول اسے عوامی کام (public task) کے طور پر استعمال کرتے ہیں۔ اسکول کی اپنی رازداری کی معلومات میں مزید بتایا گیا ہے۔',
          ],
        },
        {
          heading: 'آپ کے حقوق',
          paragraphs: [
            'آپ پوچھ سکتے ہیں کہ کیا رکھا جاتا ہے اور کیوں۔ چونکہ ہم نہیں جانتے کہ کس نے کون سا جواب دیا، اس لیے ہم بعد میں آپ کے جوابات ڈھونڈ کر نہ دکھا سکتے ہیں، نہ بدل سکتے ہیں، نہ مٹا سکتے ہیں۔',
            `اگر آپ نے کچھ ایسا لکھ دیا جس پر آپ کو افسوس ہے تو ${whom} کو بتائیں۔ لکھا ہوا جواب مٹایا جا سکتا ہے۔`,
            urIcoText,
          ],
          lines: urIco,
        },
      ],
    }
  }
  const whom = f.contact ? isolated(f.contact.name) : `اپنے ${urCoordinator}`
  return {
    title: 'ہم آپ کے جوابات کا خیال کیسے رکھتے ہیں',
    words: urWords,
    draftNote: urDraft,
    noContact: `اپنے ${urCoordinator} سے پوچھیں۔`,
    short: {
      paragraphs: [],
      list: [
        'یہ سروے پوچھتا ہے کہ آپ اپنے اسکول میں کیریئر کی رہنمائی کے بارے میں کیا سوچتے ہیں۔',
        'ہم آپ کا نام نہیں پوچھتے۔ ہم آپ کا ای میل، آپ کے گھر کا پتہ یا آپ کے فون کا انٹرنیٹ پتہ محفوظ نہیں کرتے۔',
        `آپ کا اسکول گروپوں کے نتائج دیکھتا ہے، جیسے ایک سال (ایئر) کے سب طلبہ۔ ${f.minCohort} سے کم لوگوں کے گروپ کا نتیجہ کبھی نہیں دکھایا جاتا۔`,
        `ہم آپ کے جوابات ${urYears(f.keepYears)} تک رکھتے ہیں۔ پھر انہیں مٹا دیتے ہیں اور صرف کل تعداد رکھتے ہیں۔`,
        urSkipping(f),
        `جب تک آپ ${urSend} نہ دبائیں، کچھ نہیں بھیجا جاتا۔`,
        `اگر آپ کا کوئی سوال ہو تو ${whom} سے پوچھیں۔`,
      ],
    },
    details: [
      {
        heading: 'ہم کیا پوچھتے ہیں',
        paragraphs: [
          'سروے پوچھتا ہے کہ آپ کیریئر کے اسباق، مشوروں اور آگے کیا کرنا ہے، اس میں ملنے والی مدد کے بارے میں کیا سوچتے ہیں۔',
          'کچھ سوال آپ کے بارے میں ہیں، جیسے آپ کس سال (ایئر) میں ہیں۔ ان سے اسکول دیکھ سکتا ہے کہ کہیں کسی گروپ کو دوسروں سے کم مدد تو نہیں مل رہی۔',
        ],
      },
      {
        heading: 'ہم کیا محفوظ نہیں کرتے',
        paragraphs: [
          'ہم آپ کا نام نہیں پوچھتے۔ ہم آپ کے کمپیوٹر یا فون کا انٹرنیٹ پتہ، یا آپ کا براؤزر محفوظ نہیں کرتے۔ ہم وہ دن رکھتے ہیں جب آپ نے جواب دیے، لیکن وقت نہیں۔',
          'صرف اسی دن ہم ایک کوڈ والا نشان بھی رکھ سکتے ہیں کہ آپ کے جوابات کن 10 منٹوں میں آئے۔ اس سے ایک ساتھ بھیجے گئے بہت سے جعلی جوابات نکالے جا سکتے ہیں۔ اس دن کے بعد ہم یہ نشان مٹا دیتے ہیں۔',
          'اگر آپ کو پرچی پر کوڈ دیا گیا تھا تو وہ کوڈ آپ کے جوابات کے ساتھ نہیں رکھا جاتا۔ اس لیے کوئی نہیں جان سکتا کہ کون سے جوابات آپ کے ہیں۔',
        ],
      },
      {
        heading: 'نتائج کون دیکھتا ہے',
        paragraphs: [
          `آپ کا اسکول پورے اسکول اور گروپوں کے نتائج دیکھتا ہے۔ ${team} ہر اسکول کے نتائج دیکھتی ہے۔ ${f.minCohort} سے کم لوگوں کے گروپ کا نتیجہ کبھی نہیں دکھایا جاتا۔`,
          `خانے میں لکھے گئے جوابات صرف آپ کے ${urCoordinator} کو دکھائے جاتے ہیں، اور صرف تب جب ${f.minFreeText} یا اس سے زیادہ لوگوں نے کچھ لکھا ہو۔ بہتر ہے کہ ان خانوں میں کوئی نام نہ لکھیں، نہ اپنا نہ کسی اور کا۔`,
        ],
      },
      {
        heading: 'ہم آپ کے جوابات کب تک رکھتے ہیں',
        paragraphs: [
          `ہم آپ کے جوابات ${urYears(f.keepYears)} تک رکھتے ہیں۔ پھر ہم ہر شخص کے جوابات مٹا دیتے ہیں۔ ہم صرف کل تعداد رکھتے ہیں، جیسے “60 میں سے 40 نے اتفاق کیا”۔ کل تعداد سے یہ پتا نہیں چلتا کہ کس نے کیا کہا۔`,
        ],
      },
      {
        heading: 'ہم یہ کیوں کرتے ہیں',
        paragraphs: [
          'آپ کے اسکول کو آپ کو کیریئر کی اچھی رہنمائی دینی ہے اور دیکھنا ہے کہ وہ کام کر رہی ہے۔ آپ کے جوابات بتاتے ہیں کہ کس چیز سے مدد ملتی ہے اور کیا بہتر ہونا چاہیے۔',
        ],
      },
      {
        heading: 'آپ کے حقوق',
        paragraphs: [
          'آپ پوچھ سکتے ہیں کہ کیا رکھا جاتا ہے اور کیوں۔ ہم آپ کا نام نہیں جانتے، اس لیے ہم بعد میں آپ کے اپنے جوابات ڈھونڈ کر نہ دکھا سکتے ہیں، نہ بدل سکتے ہیں۔',
          `اگر آپ نے کچھ ایسا لکھ دیا جس پر آپ کو افسوس ہے تو ${whom} کو بتائیں۔ وہ لکھا ہوا جواب مٹا سکتے ہیں۔`,
          urIcoText,
        ],
        lines: urIco,
      },
    ],
  }
}

/** The notice in `lang`, or null where it is not written (the page then shows the English and says so). */
export function translatedNotice(lang: string, audience: NoticeAudience, facts: NoticeFacts): Notice | null {
  // the staff and employer surveys are English only, and so are their notices
  if (audience === 'staff' || audience === 'employer') return null
  if (lang === 'pl') return plNotice(audience, facts)
  if (lang === 'ro') return roNotice(audience, facts)
  if (lang === 'ur') return urNotice(audience, facts)
  return null
}

/** The languages the notice is written in besides English. */
export const noticeLanguages = ['pl', 'ro', 'ur'] as const
