/**
 * The privacy notice for the people who answer (issue 19, point 4), in Signpost's own words:
 * one for students (with an easy-read version) and one for parents and carers. Each is layered:
 * a short first layer that says everything that matters, then the details under headings.
 *
 * Every figure comes from the partnership's settings (how long answers are kept, the smallest
 * group shown, who to contact), so the notice says what the system does. The English is held to
 * the survey's own plain-language targets (test/privacy/notice.test.ts, with the measure of
 * src/surveys/readability.ts): grade 6 for students and parents, grade 3 for easy read.
 */

export type NoticeFacts = {
  partnership: string | null
  /** Academic years a round keeps individual answers (setting keepAnswersYears). */
  keepYears: number
  /** The smallest group a figure is shown for (minCohort) and the fewest writers of free text (minFreeTextCohort). */
  minCohort: number
  minFreeText: number
  contact: { name: string; email?: string; phone?: string; address?: string } | null
  /** The questions the reader's survey requires an answer to (from the shipped survey files), in its wording. */
  required: string[]
}

export const noticeAudiences = ['student', 'easy', 'parent'] as const
export type NoticeAudience = (typeof noticeAudiences)[number]

/** One part of a notice: a heading (none for the first layer) and its paragraphs, or a list. */
export type NoticePart = {
  heading?: string
  paragraphs: string[]
  list?: string[]
  /** Addresses and numbers, one a line: not prose, so not held to the reading grade. */
  lines?: string[]
}

export type Notice = {
  title: string
  /** The first layer: read this and you know the important things. */
  short: NoticePart
  /** The second layer, under headings. */
  details: NoticePart[]
  /** Shown under the title of a translation not yet checked by a fluent speaker, in its own language. */
  draftNote?: string
  /** What the contact part says when the partnership has set no contact. */
  noContact: string
  /** The words of the page's own links and labels. */
  words: {
    shortHeading: string
    detailsHeading: string
    otherVersions: string
    student: string
    easy: string
    parent: string
    contact: string
    languages: string
    back: string
  }
}

/** Who to ask, in a sentence's middle: the partnership's contact, or the school's careers coordinator. */
const askWhom = (f: NoticeFacts) => (f.contact ? f.contact.name : 'the careers lead at your school')

/** "You can skip any question", true to the survey: naming the questions it requires. */
const skipping = (f: NoticeFacts) =>
  f.required.length === 0
    ? 'You can skip any question.'
    : f.required.length === 1
      ? `You can skip any question but one: "${f.required[0]}"`
      : `You can skip any question but these: ${f.required.map((q) => `"${q}"`).join(', ')}`

const years = (n: number) => (n === 1 ? '1 school year' : `${n} school years`)

/** The ICO: the UK's regulator for data rights, as every notice must name it. */
export const icoLines = ['Information Commissioner’s Office (ICO)', 'ico.org.uk', 'Phone 0303 123 1113']

const englishWords = {
  shortHeading: 'The short version',
  detailsHeading: 'More detail',
  otherVersions: 'Other versions of this page',
  student: 'For students',
  easy: 'Easy read',
  parent: 'For parents and carers',
  contact: 'Who to contact',
  languages: 'Languages',
  back: 'Back to the survey',
}

function studentNotice(f: NoticeFacts): Notice {
  return {
    title: 'How we look after your answers',
    words: englishWords,
    noContact: 'Ask the careers lead at your school.',
    short: {
      paragraphs: [],
      list: [
        'This survey asks what you think of the careers help at your school.',
        'We do not ask for your name. We do not keep your email, your address or the address of your phone.',
        `Your school sees results for groups, like a year group. A group of fewer than ${f.minCohort} people is never shown.`,
        `We keep your answers for ${years(f.keepYears)}. Then we delete them and keep only the totals.`,
        skipping(f),
        'Nothing is sent until you press "Send my answers".',
        `If you have a question, ask ${askWhom(f)}.`,
      ],
    },
    details: [
      {
        heading: 'What we ask',
        paragraphs: [
          'The survey asks what you think of careers lessons, advice and help with what to do next.',
          'Some questions ask about you, like your year group. They help the school see if one group gets less help than others.',
        ],
      },
      {
        heading: 'What we do not keep',
        paragraphs: [
          'We do not ask for your name. We do not keep the address of your computer or phone, or which browser you use. We keep the day you answered, but not the time.',
          'If you were given a code on a slip, the code is not kept with your answers. So nobody can tell which answers are yours.',
        ],
      },
      {
        heading: 'Who sees the results',
        paragraphs: [
          `Your school sees the results for the whole school and for groups. The ${f.partnership ?? 'local partnership'} team sees the results of each school. A result is never shown for a group of fewer than ${f.minCohort} people.`,
          `Answers you type in a box are shown only to your school's careers lead, and only when ${f.minFreeText} or more people typed one. It is best not to type names in these boxes, yours or anyone else's.`,
        ],
      },
      {
        heading: 'How long we keep your answers',
        paragraphs: [
          `We keep your answers for ${years(f.keepYears)}. Then we delete each person's answers. We keep only totals, like "40 out of 60 agreed". A total cannot show who said what.`,
        ],
      },
      {
        heading: 'Why we do this',
        paragraphs: ['Your school must give you good careers help and check that it works. Your answers show what helps and what needs to get better.'],
      },
      {
        heading: 'Your rights',
        paragraphs: [
          'You can ask what is kept and why. We do not know your name, so we cannot find your own answers later to show or change them.',
          `If you typed something you wish you had not, tell ${askWhom(f)}. They can delete a typed answer.`,
          'If you are not happy with how your answers are used, you can tell the ICO. The ICO makes sure that data about people is kept safe in the UK.',
        ],
        lines: icoLines,
      },
    ],
  }
}

function easyNotice(f: NoticeFacts): Notice {
  return {
    title: 'Your answers are safe',
    words: englishWords,
    noContact: 'Ask a teacher at your school.',
    short: {
      paragraphs: [],
      list: [
        'This survey is about help with jobs and what to do next.',
        'You do not give your name.',
        'We do not know who you are.',
        'Your school sees the answers of big groups. It does not see yours.',
        `We keep the answers for ${f.keepYears} years. Then we delete them.`,
        f.required.length ? 'You can skip most questions.' : 'You can skip a question.',
        'At the end, press "Send my answers". Nothing goes before that.',
      ],
    },
    details: [
      {
        heading: 'Do not type names',
        paragraphs: ['Some questions have a box to type in. Do not type your name. Do not type the name of someone else.'],
      },
      {
        heading: 'Ask for help',
        paragraphs: [`You can ask ${askWhom(f)}.`, 'A teacher can help you read this.'],
      },
    ],
  }
}

function parentNotice(f: NoticeFacts): Notice {
  return {
    title: 'Privacy notice for parents and carers',
    words: englishWords,
    noContact: 'Ask the careers lead at your child’s school.',
    short: {
      paragraphs: [],
      list: [
        'The survey asks what you think of the careers help your child gets at school.',
        'We do not ask for your name or your child’s name. We do not keep an email, a home address or the address of your phone.',
        `The school sees results for groups only. A group of fewer than ${f.minCohort} people is never shown.`,
        `Answers are kept for ${years(f.keepYears)}. Then each person’s answers are deleted and only the totals are kept.`,
        skipping(f),
        'Nothing is sent until you press "Send my answers".',
        `If you have a question, ask ${askWhom(f)}.`,
      ],
    },
    details: [
      {
        heading: 'What we ask and why',
        paragraphs: [
          'Schools must give careers guidance to their students and check that it works. They must also listen to parents and carers.',
          'The survey asks how well the school tells you about careers and helps your child choose their next steps. A few questions ask about your child, like their year group, so the school can see if one group gets less help.',
        ],
      },
      {
        heading: 'What we do not keep',
        paragraphs: [
          'We do not keep your name, your email or your address. We do not keep the address of your computer or phone, or which browser you use. We keep the day you answered, but not the time.',
          'Students answer their own survey. Their answers are kept in the same way as yours. Nobody can link a parent’s answers to a child’s.',
        ],
      },
      {
        heading: 'Who sees the results',
        paragraphs: [
          'The school sees results for the whole school and for groups.',
          `The ${f.partnership ?? 'local partnership'} team sees the results of each school. It uses them to check and improve careers help in the area. No result is shown for a group of fewer than ${f.minCohort} people.`,
          `Answers typed in a box are shown only to the school's careers lead, and only when ${f.minFreeText} or more people typed one. Please do not type names in these boxes.`,
          'The answers are stored by Signpost, the tool that runs the survey. They are not sold or shared with anyone else.',
        ],
      },
      {
        heading: 'How long answers are kept',
        paragraphs: [
          `Each person’s answers are kept for ${years(f.keepYears)}. This lets the school compare one year with the next. Then they are deleted. Only totals are kept, like "40 out of 60 agreed", so the school can still see its trend over the years.`,
        ],
      },
      {
        heading: 'The law',
        paragraphs: [
          `The school and the ${f.partnership ?? 'local partnership'} decide how the answers are used. The law says they must keep them safe.`,
          'Schools must give careers guidance. This survey is part of that work, so most schools use it as a public task. The school’s own privacy notice says more.',
        ],
      },
      {
        heading: 'Your rights',
        paragraphs: [
          'You can ask what is kept and why. As we do not know who gave each answer, we cannot find your own answers later to show, change or delete them.',
          `If you typed something you wish you had not, tell ${askWhom(f)}. They can delete a typed answer.`,
          'If you are not happy with how the answers are used, you can complain to the ICO. The ICO makes sure that data about people is kept safe in the UK.',
        ],
        lines: icoLines,
      },
    ],
  }
}

/** The notice for an audience, in English. */
export function englishNotice(audience: NoticeAudience, facts: NoticeFacts): Notice {
  return audience === 'student' ? studentNotice(facts) : audience === 'easy' ? easyNotice(facts) : parentNotice(facts)
}

/** Every paragraph and list item of a notice, in order: what a reader reads as prose. */
export function noticeTexts(notice: Notice): string[] {
  return [...[notice.short, ...notice.details].flatMap((part) => [...part.paragraphs, ...(part.list ?? [])]), notice.noContact]
}
