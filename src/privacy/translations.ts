import { icoLines, type Notice, type NoticeAudience, type NoticeFacts } from './notice-text.ts'

/**
 * The notice in the surveys' other languages, written for Signpost (not put through a machine
 * translator) and marked as drafts on the page until a fluent speaker has checked them, as the
 * survey translations are. Polish and Romanian so far. Urdu is not written: a notice that tells
 * children and parents their rights must be right, and it is not shipped in a language until it
 * can be; an Urdu reader gets the English, and the page says so.
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

/** The notice in `lang`, or null where it is not written (the page then shows the English and says so). */
export function translatedNotice(lang: string, audience: NoticeAudience, facts: NoticeFacts): Notice | null {
  if (lang === 'pl') return plNotice(audience, facts)
  if (lang === 'ro') return roNotice(audience, facts)
  return null
}

/** The languages the notice is written in besides English. */
export const noticeLanguages = ['pl', 'ro'] as const
