import type { Audience } from '../surveys/audience.ts'

/**
 * The privacy notice for the people who answer (issue 19, point 4), in Signpost's own words:
 * one for students (with an easy-read version), one for parents and carers, one for staff and
 * one for employers and training providers (their surveys are English only). Each is layered:
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

export const noticeAudiences = ['student', 'easy', 'parent', 'staff', 'employer'] as const
export type NoticeAudience = (typeof noticeAudiences)[number]

/** The audience whose surveys a notice speaks of: the easy read is the students'. */
export const surveyAudienceOf = (audience: NoticeAudience): Audience => (audience === 'easy' ? 'student' : audience)

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
    staff: string
    employer: string
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

/**
 * The one thing kept finer than the day, said plainly: a code-only round keeps, for the day of
 * arrival only, a keyed tag of the 10-minute window a response came in (responses.void_tag,
 * src/rounds/void.ts), so the lead can take out a flood; the tags are erased after that day.
 */
const sameDayTag = (yours: boolean) =>
  `On that day only, we may also keep a coded mark of the 10 minutes in which ${yours ? 'your' : 'the'} answers came in. It lets us take out a flood of fake answers sent at one time. We delete the mark after that day.`

/** The ICO: the UK's regulator for data rights, as every notice must name it. */
export const icoLines = ['Information Commissioner’s Office (ICO)', 'ico.org.uk', 'Phone 0303 123 1113']

const englishWords = {
  shortHeading: 'The short version',
  detailsHeading: 'More detail',
  otherVersions: 'Other versions of this page',
  student: 'For students',
  easy: 'Easy read',
  parent: 'For parents and carers',
  staff: 'For staff',
  employer: 'For employers and training providers',
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
          sameDayTag(true),
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
        heading: 'The day you answer',
        paragraphs: [
          'We keep the day you send your answers. For that day only, we also keep which 10 minutes they came in. This helps us find fake answers. The next day, we delete it.',
        ],
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
          sameDayTag(false),
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

/** The parts every adult's notice shares: how long answers are kept, the law, their rights. */
function adultEnding(f: NoticeFacts, whom: string, ownNotice: string): NoticePart[] {
  return [
    {
      heading: 'How long answers are kept',
      paragraphs: [
        `Each person’s answers are kept for ${years(f.keepYears)}, so the school can compare one year with the next. Then they are deleted. Only totals are kept, like "40 out of 60 agreed". A total cannot show who said what.`,
      ],
    },
    {
      heading: 'The law',
      paragraphs: [
        `The school and the ${f.partnership ?? 'local partnership'} decide how the answers are used. The law says they must keep them safe.`,
        `Schools must give careers guidance and check that it works. This survey is part of that work, so most schools use it as a public task. ${ownNotice}`,
      ],
    },
    {
      heading: 'Your rights',
      paragraphs: [
        'You can ask what is kept and why. As we do not know who gave each answer, we cannot find your own answers later to show, change or delete them.',
        `If you typed something you wish you had not, tell ${whom}. They can delete a typed answer.`,
        'If you are not happy with how the answers are used, you can complain to the ICO. The ICO makes sure that data about people is kept safe in the UK.',
      ],
      lines: icoLines,
    },
  ]
}

function staffNotice(f: NoticeFacts): Notice {
  return {
    title: 'Privacy notice for staff',
    words: englishWords,
    noContact: 'Ask the careers lead at your school.',
    short: {
      paragraphs: [],
      list: [
        'The survey asks how careers learning fits into your work. It also asks what would help you do more of it.',
        'We do not ask for your name. We do not keep an email, a home address or the address of your computer or phone.',
        `The school sees results for groups of staff, like all teachers. A group of fewer than ${f.minCohort} people is never shown.`,
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
          'A school should check its careers plan with the views of its students, parents, staff and employers. This survey asks its staff.',
          'It asks about careers in your subject, the careers plan, the help you get with it, links with employers and colleges, and passing students on for advice. A few questions ask about you, like your main role. They let the school compare groups of staff.',
        ],
      },
      {
        heading: 'What we do not keep',
        paragraphs: [
          'We do not keep your name, your email or your address. We do not keep the address of your computer or phone, or which browser you use. We keep the day you answered, but not the time.',
          sameDayTag(true),
          'If you were given a code of your own, the code is not kept with your answers. So nobody can tell which answers are yours.',
        ],
      },
      {
        heading: 'Who sees the results',
        paragraphs: [
          'The careers lead sees results for all staff and for groups. So can the staff they give access to, such as senior leaders.',
          `The ${f.partnership ?? 'local partnership'} team sees the results of each school. No result is shown for a group of fewer than ${f.minCohort} people.`,
          `Answers typed in a box are shown only to the careers lead, and only when ${f.minFreeText} or more people typed one. Please do not type names in these boxes, yours or anyone else’s.`,
          'Your answers are not linked to your name, so they cannot be used to judge your own work.',
          'The answers are stored by Signpost, the tool that runs the survey. They are not sold or shared with anyone else.',
        ],
      },
      ...adultEnding(f, askWhom(f), 'The school’s own privacy notice for staff says more.'),
    ],
  }
}

function employerNotice(f: NoticeFacts): Notice {
  const whom = f.contact ? f.contact.name : 'the person at the school who asked you to take part'
  return {
    title: 'Privacy notice for employers and training providers',
    words: englishWords,
    noContact: 'Ask the person at the school who asked you to take part.',
    short: {
      paragraphs: [],
      list: [
        'The survey asks how your time with our students went. It also asks how we could make the school easier to work with.',
        'We do not ask for your name or the name of your organisation. We do not keep an email, an address or the address of your computer or phone.',
        `The school sees results for groups, like all the training providers. A group of fewer than ${f.minCohort} people is never shown.`,
        `Answers are kept for ${years(f.keepYears)}. Then each person’s answers are deleted and only the totals are kept.`,
        skipping(f),
        'Nothing is sent until you press "Send my answers".',
        `If you have a question, ask ${whom}.`,
      ],
    },
    details: [
      {
        heading: 'What we ask and why',
        paragraphs: [
          'A school should check its work with employers by asking them what they think.',
          'The survey asks about the day, how ready the students were, and how easy the school is to work with. A few questions ask about where you work, like its kind and size. One asks what you did with the students. They let the school compare groups.',
        ],
      },
      {
        heading: 'What we do not keep',
        paragraphs: [
          'We do not keep your name or the name of your organisation, an email or an address. We do not keep the address of your computer or phone, or which browser you use. We keep the day you answered, but not the time.',
          sameDayTag(true),
        ],
      },
      {
        heading: 'Who sees the results',
        paragraphs: [
          `The school sees results for groups. The ${f.partnership ?? 'local partnership'} team sees the results of each school. No result is shown for a group of fewer than ${f.minCohort} people.`,
          'Only a few employers answer for each school. So many results stay hidden until more of them have answered.',
          `Answers typed in a box are shown only to the school's careers lead, and only when ${f.minFreeText} or more people typed one. Please do not type the name of a person or a firm in these boxes.`,
          'The answers are stored by Signpost, the tool that runs the survey. They are not sold or shared with anyone else.',
        ],
      },
      ...adultEnding(f, whom, 'The school’s own privacy notice says more.'),
    ],
  }
}

const noticeWriters: Record<NoticeAudience, (f: NoticeFacts) => Notice> = {
  student: studentNotice,
  easy: easyNotice,
  parent: parentNotice,
  staff: staffNotice,
  employer: employerNotice,
}

/** The notice for an audience, in English. */
export function englishNotice(audience: NoticeAudience, facts: NoticeFacts): Notice {
  return noticeWriters[audience](facts)
}

/** Every paragraph and list item of a notice, in order: what a reader reads as prose. */
export function noticeTexts(notice: Notice): string[] {
  return [...[notice.short, ...notice.details].flatMap((part) => [...part.paragraphs, ...(part.list ?? [])]), notice.noContact]
}
