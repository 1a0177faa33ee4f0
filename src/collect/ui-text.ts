import type { Round } from '../rounds/rounds.ts'
import type { Refusal } from './access.ts'
import { explainRefusal } from './refusals.ts'

/**
 * The respondent pages' own words (buttons, hints, messages), in every language the survey
 * files are translated into. The survey's questions come from the survey files (translate.ts);
 * these are only the words around them. Plain and few: each string is one short sentence or label.
 */

type RefusalKind = Refusal | 'unknown'
type RefusalText = { title: string; message: string }

const en = {
  skipLink: 'Skip to content',
  privacyLink: 'How we use your answers (privacy)',
  accessibilityLink: 'Accessibility',
  skipToQuestion: 'Skip to the first question',
  introShort: (minutes: number) => `It takes about ${minutes} minutes. You do not give your name.`,
  moreAbout: 'About this survey',
  youSaidCount: (n: number) => (n === 1 ? '(1 change)' : `(${n} changes)`),
  // kiosk mode: a tablet shared by many people, one after another
  kioskNote: 'This tablet is shared. Nothing you answer is kept on it: it starts again for the next person after you send, or after 3 minutes without a touch.',
  kioskRestart: (seconds: number | string) => `The survey starts again for the next person in ${seconds} seconds.`,
  kioskStartNow: 'Start again now',
  stillThereTitle: 'Are you still there?',
  stillThereText: 'Nobody has touched the tablet for a while. If you do not carry on, your answers will be cleared for the next person.',
  stillHere: 'Yes, carry on',
  // start page
  startTitle: 'Start',
  startHeading: 'Have your say',
  startIntro:
    'Your school or college wants to know what you think of its careers help: the help you get to plan your future, or, if you are a parent or carer, the help your child gets.',
  startPrivacy: 'You do not give your name.',
  codeLabel: 'Type the code you were given',
  codeHint: 'It is on the sheet or slip from your teacher or coordinator, for example K7PQ2M.',
  codeMissing: 'Type the code you were given.',
  checkCode: 'check your code',
  start: 'Start',
  staffQuestion: 'Coordinator or partnership staff?',
  staffLink: 'Sign in to the dashboard',
  language: 'Language',
  howToAnswer: 'How do you want to answer?',
  allOnOnePage: 'All questions on one page',
  oneAtATime: 'One question at a time',
  easyRead: 'Easy read: short, simple questions',
  largeText: 'Large text',
  // survey page
  display: 'Language and display',
  displayShort: 'Options',
  errorPrefix: 'Error:',
  errorTitle: 'Please check your answers',
  needsAnswer: '(needs an answer)',
  requiredHint: 'Questions marked “needs an answer” must be answered. You can leave any other question blank.',
  chooseAll: 'Choose all that apply.',
  part: (i: number, n: number) => `Part ${i} of ${n}:`,
  partsOfSurvey: 'Parts of this survey',
  submitNote: 'When you send your answers you cannot change them. Thank you for taking part.',
  send: 'Send my answers',
  questionOf: (n: number | string, total: number | string) => `Question ${n} of ${total}`,
  back: 'Back',
  next: 'Next',
  savedHere: 'Your answers are saved on this device as you go. Nothing is sent until you press “Send my answers”.',
  restored: 'We have put back the answers you gave earlier on this device.',
  clear: 'Clear these answers and start again',
  sending: 'Sending your answers…',
  offline:
    'Your answers could not be sent: the connection was lost. They are still saved on this device. We will try again when you are back online, or you can press “Try again”.',
  retry: 'Try again',
  busy: 'Many people are sending answers right now, so yours have not been sent yet. Nothing is lost: please send them again in a few minutes.',
  /** The database failed to store a response: nothing was stored, every answer is still on the page. */
  notSaved:
    'Your answers could not be saved just now because of a problem on our side. Nothing is lost: every answer is still on this page. Please press “Send my answers” again in a minute.',
  /** Problems with an answer, by kind. */
  problems: {
    required: 'Please answer this question.',
    choose: 'Please choose one of the answers shown.',
    tooLong: (n: number) => `Please make your answer shorter: it can be up to ${n} characters.`,
    atLeastOne: 'Please answer at least one question before you send.',
    invalid: 'Please check this answer.',
    controls: 'Please take out the hidden control characters, for example ones pasted in from another program.',
  },
  /** A line of the list of problems at the top, a link to the question. */
  problemLine: (n: number, required: boolean) => (required ? `Please answer question ${n}.` : `Please check your answer to question ${n}.`),
  // what was done about last year's answers, shown before the questions
  youSaidTitle: 'You said, we did',
  youSaidIntro: 'Last year’s answers showed what to improve. This is what was done.',
  youSaid: 'You told us to improve:',
  weDid: 'What we did:',
  // thanks and other short pages
  thanksTitle: 'Thank you',
  thanksSent: 'Your answers have been sent. You did not give your name, so nobody can tell which answers are yours.',
  thanksUse: 'Your answers help decide what careers help to improve next year.',
  backToStart: 'Back to the start page',
  refusal: (kind: RefusalKind, round?: Round, surveyTitle?: string): RefusalText => {
    if (kind === 'closed' && round && surveyTitle)
      return {
        title: 'This survey has closed',
        message: `“${surveyTitle}” for ${round.year} has closed, so it is not taking answers any more. If you still want to answer, ask your school or college for this year’s code.`,
      }
    const r = explainRefusal(kind, round)
    return { title: r.title, message: r.message }
  },
}

export type UiText = typeof en

const pl: UiText = {
  skipLink: 'Przejdź do treści',
  privacyLink: 'Jak wykorzystujemy odpowiedzi (prywatność)',
  accessibilityLink: 'Dostępność',
  skipToQuestion: 'Przejdź do pierwszego pytania',
  introShort: (minutes) => `Zajmie to około ${minutes} minut. Nie podajesz imienia ani nazwiska.`,
  moreAbout: 'O tej ankiecie',
  youSaidCount: (n) => (n === 1 ? '(1 zmiana)' : n < 5 ? `(${n} zmiany)` : `(${n} zmian)`),
  kioskNote:
    'Z tego tabletu korzysta wiele osób. Nic, co tu wpiszesz, nie zostaje zapisane: ankieta zaczyna się od nowa po wysłaniu odpowiedzi albo po 3 minutach bez dotknięcia ekranu.',
  kioskRestart: (seconds) => `Za ${seconds} s ankieta zacznie się od nowa dla następnej osoby.`,
  kioskStartNow: 'Zacznij od nowa teraz',
  stillThereTitle: 'Czy nadal tu jesteś?',
  stillThereText: 'Od dłuższego czasu nikt nie dotykał tabletu. Jeśli nie będziesz kontynuować, odpowiedzi zostaną usunięte dla następnej osoby.',
  stillHere: 'Tak, kontynuuję',
  startTitle: 'Początek',
  startHeading: 'Wyraź swoją opinię',
  startIntro:
    'Twoja szkoła lub college chce wiedzieć, co myślisz o doradztwie zawodowym: o pomocy w planowaniu Twojej przyszłości, a jeśli jesteś rodzicem lub opiekunem, o pomocy, jaką dostaje Twoje dziecko.',
  startPrivacy: 'Nie podajesz imienia ani nazwiska.',
  codeLabel: 'Wpisz otrzymany kod',
  codeHint: 'Kod jest na kartce od nauczyciela lub koordynatora, na przykład K7PQ2M.',
  codeMissing: 'Wpisz otrzymany kod.',
  checkCode: 'sprawdź kod',
  start: 'Zacznij',
  staffQuestion: 'Koordynator lub pracownik partnerstwa?',
  staffLink: 'Zaloguj się do panelu',
  language: 'Język',
  howToAnswer: 'Jak chcesz odpowiadać?',
  allOnOnePage: 'Wszystkie pytania na jednej stronie',
  oneAtATime: 'Jedno pytanie na ekranie',
  easyRead: 'Tekst łatwy do czytania: krótkie, proste pytania',
  largeText: 'Duży tekst',
  display: 'Język i wygląd',
  displayShort: 'Opcje',
  errorPrefix: 'Błąd:',
  errorTitle: 'Sprawdź swoje odpowiedzi',
  needsAnswer: '(wymagana odpowiedź)',
  requiredHint: 'Na pytania oznaczone „wymagana odpowiedź” trzeba odpowiedzieć. Pozostałe pytania możesz pominąć.',
  chooseAll: 'Zaznacz wszystkie pasujące odpowiedzi.',
  part: (i, n) => `Część ${i} z ${n}:`,
  partsOfSurvey: 'Części ankiety',
  submitNote: 'Po wysłaniu odpowiedzi nie można ich zmienić. Dziękujemy za udział.',
  send: 'Wyślij odpowiedzi',
  questionOf: (n, total) => `Pytanie ${n} z ${total}`,
  back: 'Wstecz',
  next: 'Dalej',
  savedHere: 'Odpowiedzi są na bieżąco zapisywane na tym urządzeniu. Nic nie zostanie wysłane, dopóki nie naciśniesz „Wyślij odpowiedzi”.',
  restored: 'Przywróciliśmy odpowiedzi podane wcześniej na tym urządzeniu.',
  clear: 'Usuń te odpowiedzi i zacznij od nowa',
  sending: 'Wysyłanie odpowiedzi…',
  offline:
    'Nie udało się wysłać odpowiedzi, bo połączenie zostało przerwane. Odpowiedzi są nadal zapisane na tym urządzeniu. Spróbujemy ponownie, gdy połączenie wróci. Możesz też nacisnąć „Spróbuj ponownie”.',
  retry: 'Spróbuj ponownie',
  busy: 'Wiele osób wysyła teraz odpowiedzi, więc Twoje nie zostały jeszcze wysłane. Nic nie zginęło: wyślij je ponownie za kilka minut.',
  notSaved:
    'Nie udało się teraz zapisać Twoich odpowiedzi z powodu problemu po naszej stronie. Nic nie zginęło: wszystkie odpowiedzi są nadal na tej stronie. Naciśnij „Wyślij odpowiedzi” ponownie za minutę.',
  problems: {
    required: 'Odpowiedz na to pytanie.',
    choose: 'Wybierz jedną z podanych odpowiedzi.',
    tooLong: (n) => `Skróć odpowiedź: może mieć najwyżej ${n} znaków.`,
    atLeastOne: 'Zanim wyślesz, odpowiedz na co najmniej jedno pytanie.',
    invalid: 'Sprawdź tę odpowiedź.',
    controls: 'Usuń ukryte znaki sterujące, na przykład wklejone z innego programu.',
  },
  problemLine: (n, required) => (required ? `Odpowiedz na pytanie ${n}.` : `Sprawdź odpowiedź na pytanie ${n}.`),
  youSaidTitle: 'Powiedzieliście, zrobiliśmy',
  youSaidIntro: 'Odpowiedzi z zeszłego roku pokazały, co poprawić. Oto, co zrobiono.',
  youSaid: 'Wskazaliście do poprawy:',
  weDid: 'Co zrobiliśmy:',
  thanksTitle: 'Dziękujemy',
  thanksSent: 'Twoje odpowiedzi zostały wysłane. Nie podano imienia ani nazwiska, więc nikt nie wie, które odpowiedzi są Twoje.',
  thanksUse: 'Odpowiedzi pomogą zdecydować, co poprawić w doradztwie zawodowym w przyszłym roku.',
  backToStart: 'Wróć do strony startowej',
  refusal: (kind, round, surveyTitle) => {
    switch (kind) {
      case 'unknown':
        return { title: 'Nie znaleziono kodu', message: 'Nie ma ankiety z tym kodem. Sprawdź kod na kartce i spróbuj ponownie.' }
      case 'not-yet-open':
        return {
          title: 'Ta ankieta jeszcze się nie zaczęła',
          message: round?.opensOn ? `Ankieta zaczyna się ${round.opensOn}. Wróć wtedy.` : 'Ankieta zacznie się później. Wróć wtedy.',
        }
      case 'closed':
        return {
          title: 'Ta ankieta jest zamknięta',
          message:
            round && surveyTitle
              ? `Ankieta „${surveyTitle}” (${round.year}) jest zamknięta i nie przyjmuje już odpowiedzi. Jeśli chcesz odpowiedzieć, poproś szkołę lub college o tegoroczny kod.`
              : 'Ankieta jest zamknięta i nie przyjmuje już odpowiedzi. Jeśli chcesz odpowiedzieć, poproś szkołę lub college o tegoroczny kod.',
        }
      case 'token-required':
        return {
          title: 'Potrzebny jest Twój własny kod',
          message: 'Do tej ankiety potrzebny jest osobisty, jednorazowy kod z Twojej kartki. Wpisz go na stronie startowej.',
        }
      case 'token-used':
        return {
          title: 'Ten kod został już użyty',
          message:
            'Odpowiedzi z tym jednorazowym kodem zostały już wysłane. Każdego kodu można użyć tylko raz. Jeśli to pomyłka, zapytaj nauczyciela lub koordynatora.',
        }
    }
  },
}

const ur: UiText = {
  skipLink: 'مواد پر جائیں',
  privacyLink: 'ہم آپ کے جوابات کیسے استعمال کرتے ہیں (رازداری)',
  accessibilityLink: 'رسائی',
  skipToQuestion: 'پہلے سوال پر جائیں',
  introShort: (minutes) => `اس میں تقریباً ${minutes} منٹ لگتے ہیں۔ آپ اپنا نام نہیں بتاتے۔`,
  moreAbout: 'اس سروے کے بارے میں',
  youSaidCount: (n) => (n === 1 ? '(1 تبدیلی)' : `(${n} تبدیلیاں)`),
  kioskNote:
    'یہ ٹیبلٹ بہت سے لوگ استعمال کرتے ہیں۔ آپ کے جوابات اس پر محفوظ نہیں رہتے: جوابات بھیجنے کے بعد، یا 3 منٹ تک کوئی نہ چھوئے تو، اگلے شخص کے لیے سروے دوبارہ شروع ہو جاتا ہے۔',
  kioskRestart: (seconds) => `اگلے شخص کے لیے سروے ${seconds} سیکنڈ میں دوبارہ شروع ہوگا۔`,
  kioskStartNow: 'ابھی دوبارہ شروع کریں',
  stillThereTitle: 'کیا آپ ابھی موجود ہیں؟',
  stillThereText: 'کچھ دیر سے کسی نے ٹیبلٹ کو نہیں چھوا۔ اگر آپ جاری نہیں رکھتے تو اگلے شخص کے لیے آپ کے جوابات مٹا دیے جائیں گے۔',
  stillHere: 'جی ہاں، جاری رکھیں',
  startTitle: 'آغاز',
  startHeading: 'اپنی رائے دیں',
  startIntro:
    'آپ کا اسکول یا کالج جاننا چاہتا ہے کہ آپ اس کی کیریئر رہنمائی کے بارے میں کیا سوچتے ہیں: آپ کو اپنے مستقبل کی منصوبہ بندی کے لیے ملنے والی مدد، یا اگر آپ والدین یا سرپرست ہیں تو آپ کے بچے کو ملنے والی مدد۔',
  startPrivacy: 'آپ اپنا نام نہیں بتاتے۔',
  codeLabel: 'آپ کو دیا گیا کوڈ لکھیں',
  codeHint: 'یہ کوڈ آپ کے استاد یا کوآرڈینیٹر کی دی ہوئی شیٹ یا پرچی پر ہے، مثلاً K7PQ2M۔',
  codeMissing: 'آپ کو دیا گیا کوڈ لکھیں۔',
  checkCode: 'اپنا کوڈ دیکھیں',
  start: 'شروع کریں',
  staffQuestion: 'کوآرڈینیٹر یا پارٹنرشپ کا عملہ؟',
  staffLink: 'ڈیش بورڈ میں سائن اِن کریں',
  language: 'زبان',
  howToAnswer: 'آپ کس طرح جواب دینا چاہتے ہیں؟',
  allOnOnePage: 'تمام سوال ایک صفحے پر',
  oneAtATime: 'ایک وقت میں ایک سوال',
  easyRead: 'آسان زبان: مختصر اور سادہ سوال',
  largeText: 'بڑے حروف',
  display: 'زبان اور صفحے کی شکل',
  displayShort: 'اختیارات',
  errorPrefix: 'غلطی:',
  errorTitle: 'براہ کرم اپنے جوابات دیکھ لیں',
  needsAnswer: '(جواب ضروری ہے)',
  requiredHint: '“جواب ضروری ہے” والے سوالوں کا جواب دینا لازمی ہے۔ باقی کوئی بھی سوال آپ خالی چھوڑ سکتے ہیں۔',
  chooseAll: 'جتنے جواب درست ہوں، سب چنیں۔',
  part: (i, n) => `حصہ ${i} (کل ${n}):`,
  partsOfSurvey: 'اس سروے کے حصے',
  submitNote: 'جوابات بھیجنے کے بعد آپ انہیں تبدیل نہیں کر سکتے۔ حصہ لینے کا شکریہ۔',
  send: 'میرے جوابات بھیجیں',
  questionOf: (n, total) => `سوال ${n} (کل ${total})`,
  back: 'پیچھے',
  next: 'آگے',
  savedHere: 'آپ کے جوابات ساتھ ساتھ اسی ڈیوائس پر محفوظ ہوتے رہتے ہیں۔ جب تک آپ “میرے جوابات بھیجیں” نہ دبائیں، کچھ نہیں بھیجا جاتا۔',
  restored: 'اس ڈیوائس پر پہلے دیے گئے جوابات واپس لگا دیے گئے ہیں۔',
  clear: 'یہ جوابات مٹائیں اور دوبارہ شروع کریں',
  sending: 'آپ کے جوابات بھیجے جا رہے ہیں…',
  offline:
    'کنکشن ٹوٹ جانے کی وجہ سے آپ کے جوابات نہیں بھیجے جا سکے۔ وہ اب بھی اسی ڈیوائس پر محفوظ ہیں۔ انٹرنیٹ واپس آنے پر ہم دوبارہ کوشش کریں گے، یا آپ “دوبارہ کوشش کریں” دبا سکتے ہیں۔',
  retry: 'دوبارہ کوشش کریں',
  busy: 'اس وقت بہت سے لوگ جوابات بھیج رہے ہیں، اس لیے آپ کے جوابات ابھی نہیں بھیجے گئے۔ کچھ ضائع نہیں ہوا: براہ کرم چند منٹ بعد انہیں دوبارہ بھیجیں۔',
  notSaved:
    'ہماری طرف ایک مسئلے کی وجہ سے آپ کے جوابات ابھی محفوظ نہیں ہو سکے۔ کچھ ضائع نہیں ہوا: آپ کے سب جوابات اب بھی اس صفحے پر ہیں۔ براہ کرم ایک منٹ بعد «میرے جوابات بھیجیں» دوبارہ دبائیں۔',
  problems: {
    required: 'براہ کرم اس سوال کا جواب دیں۔',
    choose: 'براہ کرم دیے گئے جوابات میں سے ایک چنیں۔',
    tooLong: (n) => `براہ کرم جواب چھوٹا کریں: یہ زیادہ سے زیادہ ${n} حروف کا ہو سکتا ہے۔`,
    atLeastOne: 'بھیجنے سے پہلے کم از کم ایک سوال کا جواب دیں۔',
    invalid: 'براہ کرم یہ جواب دوبارہ دیکھیں۔',
    controls: 'براہ کرم چھپے ہوئے کنٹرول حروف نکال دیں، مثلاً جو کسی دوسرے پروگرام سے چسپاں ہوئے ہوں۔',
  },
  problemLine: (n, required) => (required ? `براہ کرم سوال ${n} کا جواب دیں۔` : `براہ کرم سوال ${n} کا جواب دوبارہ دیکھیں۔`),
  youSaidTitle: 'آپ نے کہا، ہم نے کیا',
  youSaidIntro: 'پچھلے سال کے جوابات سے پتا چلا کہ کیا بہتر کرنا ہے۔ یہ ہے جو کیا گیا۔',
  youSaid: 'آپ نے یہ بہتر کرنے کو کہا:',
  weDid: 'ہم نے کیا کیا:',
  thanksTitle: 'شکریہ',
  thanksSent: 'آپ کے جوابات بھیج دیے گئے ہیں۔ آپ نے اپنا نام نہیں دیا، اس لیے کوئی نہیں جان سکتا کہ کون سے جوابات آپ کے ہیں۔',
  thanksUse: 'آپ کے جوابات سے یہ طے کرنے میں مدد ملے گی کہ اگلے سال کیریئر کی رہنمائی میں کیا بہتر بنایا جائے۔',
  backToStart: 'شروع کے صفحے پر واپس جائیں',
  refusal: (kind, round, surveyTitle) => {
    switch (kind) {
      case 'unknown':
        return { title: 'کوڈ نہیں ملا', message: 'اس کوڈ والا کوئی سروے نہیں ملا۔ اپنی شیٹ یا پرچی پر کوڈ دیکھیں اور دوبارہ کوشش کریں۔' }
      case 'not-yet-open':
        return {
          title: 'یہ سروے ابھی شروع نہیں ہوا',
          message: round?.opensOn ? `یہ سروے ${round.opensOn} کو شروع ہوگا۔ براہ کرم تب دوبارہ آئیں۔` : 'یہ سروے بعد میں شروع ہوگا۔ براہ کرم تب دوبارہ آئیں۔',
        }
      case 'closed':
        return {
          title: 'یہ سروے بند ہو چکا ہے',
          message:
            round && surveyTitle
              ? `“${surveyTitle}” (${round.year}) بند ہو چکا ہے اور اب جوابات نہیں لے رہا۔ اگر آپ اب بھی جواب دینا چاہتے ہیں تو اپنے اسکول یا کالج سے اس سال کا کوڈ مانگیں۔`
              : 'یہ سروے بند ہو چکا ہے اور اب جوابات نہیں لے رہا۔ اگر آپ اب بھی جواب دینا چاہتے ہیں تو اپنے اسکول یا کالج سے اس سال کا کوڈ مانگیں۔',
        }
      case 'token-required':
        return {
          title: 'آپ کو اپنا ذاتی کوڈ چاہیے',
          message: 'اس سروے کے لیے آپ کی پرچی پر چھپا ہوا ذاتی کوڈ ضروری ہے، جو صرف ایک بار استعمال ہوتا ہے۔ یہ کوڈ شروع کے صفحے پر لکھیں۔',
        }
      case 'token-used':
        return {
          title: 'یہ کوڈ استعمال ہو چکا ہے',
          message:
            'اس کوڈ سے جوابات پہلے ہی بھیجے جا چکے ہیں۔ ہر کوڈ صرف ایک بار استعمال ہو سکتا ہے۔ اگر آپ کے خیال میں یہ غلط ہے تو اپنے استاد یا کوآرڈینیٹر سے پوچھیں۔',
        }
    }
  },
}

const ro: UiText = {
  skipLink: 'Salt la conținut',
  privacyLink: 'Cum folosim răspunsurile (confidențialitate)',
  accessibilityLink: 'Accesibilitate',
  skipToQuestion: 'Salt la prima întrebare',
  introShort: (minutes) => `Durează aproximativ ${minutes} minute. Nu vă cerem numele.`,
  moreAbout: 'Despre acest chestionar',
  youSaidCount: (n) => (n === 1 ? '(o schimbare)' : `(${n} schimbări)`),
  kioskNote:
    'Această tabletă este folosită de mai multe persoane. Nimic din ce răspundeți nu rămâne pe ea: chestionarul începe din nou pentru următoarea persoană după ce trimiteți sau după 3 minute fără nicio atingere.',
  kioskRestart: (seconds) => `Chestionarul începe din nou pentru următoarea persoană în ${seconds} secunde.`,
  kioskStartNow: 'Începeți din nou acum',
  stillThereTitle: 'Mai sunteți aici?',
  stillThereText: 'Nimeni nu a atins tableta de ceva timp. Dacă nu continuați, răspunsurile vor fi șterse pentru următoarea persoană.',
  stillHere: 'Da, continui',
  startTitle: 'Început',
  startHeading: 'Spuneți-vă părerea',
  startIntro:
    'Școala sau colegiul vrea să afle ce credeți despre consilierea în carieră: ajutorul primit pentru a vă planifica viitorul sau, dacă sunteți părinte ori îngrijitor, ajutorul pe care îl primește copilul dumneavoastră.',
  startPrivacy: 'Nu vă cerem numele.',
  codeLabel: 'Introduceți codul primit',
  codeHint: 'Codul este pe foaia sau bilețelul primit de la profesor sau coordonator, de exemplu K7PQ2M.',
  codeMissing: 'Introduceți codul primit.',
  checkCode: 'verificați codul',
  start: 'Începeți',
  staffQuestion: 'Sunteți coordonator sau lucrați pentru parteneriat?',
  staffLink: 'Conectați-vă la panoul de lucru',
  language: 'Limba',
  howToAnswer: 'Cum vreți să răspundeți?',
  allOnOnePage: 'Toate întrebările pe o singură pagină',
  oneAtATime: 'O întrebare pe ecran',
  easyRead: 'Ușor de citit: întrebări scurte și simple',
  largeText: 'Text mare',
  display: 'Limba și afișarea',
  displayShort: 'Opțiuni',
  errorPrefix: 'Eroare:',
  errorTitle: 'Vă rugăm să vă verificați răspunsurile',
  needsAnswer: '(răspuns obligatoriu)',
  requiredHint: 'Întrebările marcate „răspuns obligatoriu” trebuie să primească un răspuns. Pe celelalte le puteți lăsa necompletate.',
  chooseAll: 'Alegeți toate variantele potrivite.',
  part: (i, n) => `Partea ${i} din ${n}:`,
  partsOfSurvey: 'Părțile chestionarului',
  submitNote: 'După ce trimiteți răspunsurile, nu le mai puteți schimba. Vă mulțumim că participați.',
  send: 'Trimiteți răspunsurile',
  questionOf: (n, total) => `Întrebarea ${n} din ${total}`,
  back: 'Înapoi',
  next: 'Înainte',
  savedHere: 'Răspunsurile se salvează pe acest dispozitiv pe măsură ce completați. Nu se trimite nimic până nu apăsați „Trimiteți răspunsurile”.',
  restored: 'Am readus răspunsurile date mai devreme pe acest dispozitiv.',
  clear: 'Ștergeți aceste răspunsuri și începeți din nou',
  sending: 'Se trimit răspunsurile…',
  offline:
    'Răspunsurile nu au putut fi trimise, deoarece conexiunea s-a întrerupt. Sunt în continuare salvate pe acest dispozitiv. Vom încerca din nou când reveniți online sau puteți apăsa „Încercați din nou”.',
  retry: 'Încercați din nou',
  busy: 'Acum trimit răspunsuri foarte multe persoane, așa că ale dumneavoastră nu au fost trimise încă. Nu s-a pierdut nimic: vă rugăm să le trimiteți din nou peste câteva minute.',
  notSaved:
    'Răspunsurile dumneavoastră nu au putut fi salvate acum din cauza unei probleme de partea noastră. Nu s-a pierdut nimic: toate răspunsurile sunt încă pe această pagină. Vă rugăm să apăsați din nou „Trimiteți răspunsurile” peste un minut.',
  problems: {
    required: 'Vă rugăm să răspundeți la această întrebare.',
    choose: 'Alegeți unul dintre răspunsurile de mai jos.',
    tooLong: (n) => `Scurtați răspunsul: poate avea cel mult ${n} de caractere.`,
    atLeastOne: 'Înainte de a trimite, răspundeți la cel puțin o întrebare.',
    invalid: 'Verificați acest răspuns.',
    controls: 'Scoateți caracterele de control ascunse, de exemplu cele lipite din alt program.',
  },
  problemLine: (n, required) => (required ? `Răspundeți la întrebarea ${n}.` : `Verificați răspunsul la întrebarea ${n}.`),
  youSaidTitle: 'Ați spus, am făcut',
  youSaidIntro: 'Răspunsurile de anul trecut au arătat ce trebuie îmbunătățit. Iată ce s-a făcut.',
  youSaid: 'Ne-ați spus să îmbunătățim:',
  weDid: 'Ce am făcut:',
  thanksTitle: 'Vă mulțumim',
  thanksSent: 'Răspunsurile au fost trimise. Nu v-ați dat numele, așa că nimeni nu poate ști care răspunsuri sunt ale dumneavoastră.',
  thanksUse: 'Răspunsurile ne ajută să hotărâm ce să îmbunătățim anul viitor la consilierea în carieră.',
  backToStart: 'Înapoi la pagina de început',
  refusal: (kind, round, surveyTitle) => {
    switch (kind) {
      case 'unknown':
        return {
          title: 'Codul nu a fost găsit',
          message: 'Nu am găsit niciun chestionar cu acest cod. Verificați codul de pe foaie sau bilețel și încercați din nou.',
        }
      case 'not-yet-open':
        return {
          title: 'Chestionarul nu este încă deschis',
          message: round?.opensOn
            ? `Chestionarul se deschide pe ${round.opensOn}. Vă rugăm să reveniți atunci.`
            : 'Chestionarul se deschide mai târziu. Vă rugăm să reveniți atunci.',
        }
      case 'closed':
        return {
          title: 'Chestionarul s-a închis',
          message:
            round && surveyTitle
              ? `Chestionarul „${surveyTitle}” (${round.year}) s-a închis și nu mai primește răspunsuri. Dacă doriți totuși să răspundeți, cereți școlii sau colegiului codul de anul acesta.`
              : 'Chestionarul este închis și nu mai primește răspunsuri. Dacă doriți totuși să răspundeți, cereți școlii sau colegiului codul de anul acesta.',
        }
      case 'token-required':
        return {
          title: 'Aveți nevoie de codul dumneavoastră',
          message: 'Pentru acest chestionar aveți nevoie de codul personal de unică folosință tipărit pe bilețel. Introduceți-l pe pagina de început.',
        }
      case 'token-used':
        return {
          title: 'Acest cod a fost deja folosit',
          message:
            'Cu acest cod de unică folosință s-au trimis deja răspunsuri. Fiecare cod poate fi folosit o singură dată. Dacă credeți că este o greșeală, întrebați profesorul sau coordonatorul.',
        }
    }
  },
}

/**
 * The words that change in easy read: shorter, plainer sentences (English at Flesch–Kincaid grade 3
 * or below, checked by test/surveys/readability.test.ts). Anything not named here reads the same
 * in both. Labels a respondent looks for on every page (the send button, Back, Next) stay the same.
 */
export type EasyText = Partial<Omit<UiText, 'problems'>> & { problems?: Partial<UiText['problems']> }

const easyEn: EasyText = {
  introShort: (minutes) => `It takes about ${minutes} minutes. You do not give your name.`,
  kioskRestart: (seconds) => `The next person can start in ${seconds} seconds.`,
  startIntro: 'Your school wants to know what you think of its careers help. Are you a parent or carer? Then tell us about the help your child gets.',
  codeHint: 'It is on the paper from your teacher, like K7PQ2M.',
  staffQuestion: 'Are you staff?',
  problemLine: (n, required) => (required ? `Please give an answer to question ${n}.` : `Please check your answer to question ${n}.`),
  refusal: (kind, round, surveyTitle) => {
    switch (kind) {
      case 'unknown':
        return { title: 'Code not found', message: 'We did not find a survey with that code. Look at the code on your paper and try again.' }
      case 'not-yet-open':
        return {
          title: 'This survey is not open yet',
          message: round?.opensOn
            ? `It is not open yet. Come back on this day: ${round.opensOn}. Then you can do it.`
            : 'It is not open yet. Please come back later.',
        }
      case 'closed':
        return {
          title: 'This survey has closed',
          message: `${surveyTitle && round ? `“${surveyTitle}” for ${round.year}` : 'This survey'} is shut. Do you still want to answer? Ask your school for the code for this year.`,
        }
      case 'token-required':
        return { title: 'You need your own code', message: 'You need the code on your own slip. Type it on the start page.' }
      case 'token-used':
        return {
          title: 'This code has been used',
          message: 'Someone sent answers with this code. Each code works one time. Ask your teacher if this is wrong.',
        }
    }
  },
  oneAtATime: 'One at a time',
  easyRead: 'Easy read',
  restored: 'We put back your answers from before.',
  clear: 'Start again',
  requiredHint: 'You must answer the ones that say “needs an answer”.',
  submitNote: 'Once you send, you cannot change your answers.',
  savedHere: 'Your answers stay here until you send them.',
  offline: 'Your answers did not send: the internet stopped. They are still on this device. Press “Try again”.',
  busy: 'Lots of people are sending now, so yours did not send yet. Please send again in a few minutes.',
  notSaved: 'Your answers did not save. It was our fault. They are all still here. Please send again soon.',
  youSaidIntro: 'This is what we did after last year.',
  kioskNote: 'This tablet is for lots of people. It does not keep your answers. It starts again for the next person.',
  stillThereText: 'No one has used the tablet for a while. If you do not go on, we will clear your answers.',
  thanksSent: 'Your answers are sent. No one can tell they are yours.',
  thanksUse: 'They help make careers help better next year.',
  problems: {
    required: 'Please answer this.',
    choose: 'Please pick one of the answers.',
    tooLong: (n) => `Please write less. You can write up to ${n} letters.`,
    atLeastOne: 'Please answer one or more of them, then send.',
    controls: 'Please take out the hidden marks that came with copy and paste.',
  },
}

const easyPl: EasyText = {
  introShort: (minutes) => `To zajmie około ${minutes} minut. Nie podajesz imienia.`,
  oneAtATime: 'Jedno pytanie naraz',
  easyRead: 'Łatwy tekst',
  restored: 'Przywróciliśmy Twoje odpowiedzi.',
  clear: 'Zacznij od nowa',
  requiredHint: 'Musisz odpowiedzieć na pytania z napisem „wymagana odpowiedź”.',
  submitNote: 'Po wysłaniu nie możesz zmienić odpowiedzi.',
  savedHere: 'Odpowiedzi zostają na tym urządzeniu, aż je wyślesz.',
  offline: 'Odpowiedzi się nie wysłały, bo nie ma internetu. Są nadal na tym urządzeniu. Naciśnij „Spróbuj ponownie”.',
  busy: 'Teraz wiele osób wysyła odpowiedzi. Twoje jeszcze się nie wysłały. Wyślij je znowu za kilka minut.',
  notSaved: 'Nie udało się zapisać odpowiedzi. To nasz błąd. Wszystkie odpowiedzi są nadal tutaj. Wyślij je znowu za chwilę.',
  youSaidIntro: 'Oto co zrobiliśmy po zeszłym roku.',
  kioskNote: 'Z tego tabletu korzysta wiele osób. Nie zapisuje on Twoich odpowiedzi. Potem zaczyna od nowa dla następnej osoby.',
  stillThereText: 'Nikt od dawna nie dotykał tabletu. Jeśli nie będziesz dalej odpowiadać, usuniemy Twoje odpowiedzi.',
  thanksSent: 'Odpowiedzi są wysłane. Nikt nie wie, że są Twoje.',
  thanksUse: 'Pomogą ulepszyć doradztwo zawodowe w przyszłym roku.',
  problems: {
    choose: 'Wybierz jedną z odpowiedzi.',
    tooLong: (n) => `Napisz mniej. Możesz napisać najwyżej ${n} znaków.`,
    atLeastOne: 'Odpowiedz na jakieś pytanie, zanim wyślesz.',
    controls: 'Usuń ukryte znaki, które przyszły z kopiowaniem i wklejaniem.',
  },
}

const easyRo: EasyText = {
  introShort: (minutes) => `Durează cam ${minutes} minute. Nu vă cerem numele.`,
  oneAtATime: 'Câte o întrebare',
  easyRead: 'Ușor de citit',
  restored: 'Am pus la loc răspunsurile de mai devreme.',
  clear: 'Începeți din nou',
  requiredHint: 'Trebuie să răspundeți la întrebările cu „răspuns obligatoriu”.',
  submitNote: 'După ce trimiteți, nu mai puteți schimba răspunsurile.',
  savedHere: 'Răspunsurile rămân pe acest dispozitiv până le trimiteți.',
  offline: 'Răspunsurile nu s-au trimis, pentru că nu merge internetul. Sunt încă pe acest dispozitiv. Apăsați „Încercați din nou”.',
  busy: 'Acum trimit multe persoane. Răspunsurile dumneavoastră nu s-au trimis încă. Trimiteți-le din nou peste câteva minute.',
  notSaved: 'Răspunsurile nu s-au salvat. Este vina noastră. Toate sunt încă aici. Trimiteți-le din nou peste puțin timp.',
  youSaidIntro: 'Iată ce am făcut după anul trecut.',
  kioskNote: 'Această tabletă este pentru mai multe persoane. Nu păstrează răspunsurile. Apoi începe din nou pentru următoarea persoană.',
  stillThereText: 'Nimeni nu a atins tableta de ceva timp. Dacă nu continuați, vom șterge răspunsurile.',
  thanksSent: 'Răspunsurile sunt trimise. Nimeni nu știe că sunt ale dumneavoastră.',
  thanksUse: 'Ne ajută să facem consilierea în carieră mai bună anul viitor.',
  problems: {
    choose: 'Alegeți unul dintre răspunsuri.',
    tooLong: (n) => `Scrieți mai puțin. Puteți scrie cel mult ${n} de caractere.`,
    atLeastOne: 'Răspundeți la o întrebare înainte să trimiteți.',
    controls: 'Scoateți semnele ascunse venite prin copiere și lipire.',
  },
}

const easyUr: EasyText = {
  introShort: (minutes) => `اس میں تقریباً ${minutes} منٹ لگتے ہیں۔ آپ نام نہیں بتاتے۔`,
  oneAtATime: 'ایک وقت میں ایک',
  easyRead: 'آسان زبان',
  restored: 'ہم نے آپ کے پہلے والے جواب واپس لگا دیے۔',
  clear: 'دوبارہ شروع کریں',
  requiredHint: 'جس سوال پر “جواب ضروری ہے” لکھا ہو، اس کا جواب دیں۔',
  submitNote: 'بھیجنے کے بعد آپ جواب نہیں بدل سکتے۔',
  savedHere: 'آپ کے جواب بھیجنے تک اسی ڈیوائس پر رہتے ہیں۔',
  offline: 'انٹرنیٹ بند ہونے سے جواب نہیں گئے۔ وہ ابھی اسی ڈیوائس پر ہیں۔ “دوبارہ کوشش کریں” دبائیں۔',
  busy: 'ابھی بہت لوگ جواب بھیج رہے ہیں، اس لیے آپ کے جواب ابھی نہیں گئے۔ چند منٹ بعد دوبارہ بھیجیں۔',
  notSaved: 'آپ کے جواب محفوظ نہیں ہوئے۔ یہ ہماری غلطی ہے۔ سب جواب ابھی یہیں ہیں۔ تھوڑی دیر بعد دوبارہ بھیجیں۔',
  youSaidIntro: 'پچھلے سال کے بعد ہم نے یہ کیا۔',
  kioskNote: 'یہ ٹیبلٹ بہت سے لوگوں کے لیے ہے۔ یہ آپ کے جواب نہیں رکھتا۔ پھر اگلے شخص کے لیے دوبارہ شروع ہوتا ہے۔',
  stillThereText: 'کافی دیر سے کسی نے ٹیبلٹ نہیں چھوا۔ اگر آپ جاری نہ رکھیں تو ہم آپ کے جواب مٹا دیں گے۔',
  thanksSent: 'آپ کے جواب چلے گئے۔ کوئی نہیں جان سکتا کہ یہ آپ کے ہیں۔',
  thanksUse: 'یہ اگلے سال کیریئر کی مدد بہتر بنانے میں کام آئیں گے۔',
  problems: {
    choose: 'دیے گئے جوابوں میں سے ایک چنیں۔',
    tooLong: (n) => `کم لکھیں۔ آپ زیادہ سے زیادہ ${n} حروف لکھ سکتے ہیں۔`,
    atLeastOne: 'بھیجنے سے پہلے کسی ایک سوال کا جواب دیں۔',
    controls: 'کاپی اور پیسٹ سے آئے چھپے ہوئے نشان نکال دیں۔',
  },
}

const texts: Record<string, UiText> = { en, pl, ur, ro }

/** The easy-read words by language (the languages of `texts`, each). */
export const easyTexts: Record<string, EasyText> = { en: easyEn, pl: easyPl, ur: easyUr, ro: easyRo }

/** The languages the pages' own words are written in. */
export const uiLanguages = Object.keys(texts)

/**
 * The pages' words in `lang`, and the language they are really in: a survey translated into a
 * language these words are not yet written in gets English words, marked lang="en". In easy read
 * (`easy`), the easy-read words replace the standard ones they name.
 */
export function uiText(lang: string | undefined, easy = false): { text: UiText; lang: string } {
  const base = (lang ?? 'en').toLowerCase().split('-')[0]!
  const found = texts[base] ? base : 'en'
  const text = texts[found]!
  if (!easy) return { text, lang: found }
  const e = easyTexts[found] ?? {}
  return { text: { ...text, ...e, problems: { ...text.problems, ...e.problems } }, lang: found }
}
