/**
 * Whether a new password is strong enough, wherever one is set (an invitation, the first-start
 * setup link, `signpost user add`). Following the NCSC's advice: length over complexity rules,
 * at least 12 characters, no password from the lists attackers try first, and three random words
 * encouraged ("three random words" makes a long password that is easy to remember). No rules about
 * symbols or digits, and no expiry.
 *
 * Web-standard code (it also runs in a Worker), and small: rather than an estimator's megabytes of
 * dictionaries, a password is refused when, once case, leet-speak, spaces and the digits and
 * symbols around it are set aside, what is left is a common password, a keyboard or alphabet run,
 * one short piece repeated, or the person's own name or email.
 */

export const minPasswordLength = 12

/** The advice shown with every refusal. */
export const passwordAdvice = 'Try three random words, such as “violet kettle harbour”.'

/**
 * Common passwords and the words they are built on (from the published lists of the most used
 * passwords, such as the NCSC's "100,000 most common" and the yearly top lists), lower case.
 */
const common = new Set(
  `password passw0rd passwort motdepasse contrasena qwerty qwertyuiop qwertz azerty asdfgh asdfghjkl zxcvbn zxcvbnm
  letmein welcome iloveyou loveyou admin administrator root login abc abcdef abcdefgh monkey dragon master shadow
  sunshine princess football baseball soccer hockey superman batman trustno1 starwars whatever freedom ninja mustang
  michael jennifer jordan hunter ranger buster harley thomas robert charlie daniel andrew joshua george liverpool
  arsenal chelsea manchester everton tottenham summer winter autumn spring monday friday january december
  secret changeme changeit default guest test tester testing hello hellothere computer internet google
  school teacher student students careers career college academy signpost partnership lead coordinator
  pokemon minecraft fortnite cookie chocolate banana orange purple yellow flower butterfly lovely angel
  cheese pepper ginger matrix killer access mypassword mypass newpassword yourpassword office staff
  england london britain unitedkingdom iloveyou123 fuckyou fuckoff asshole blink samsung apple iphone
  qazwsx qazwsxedc wsxedc 1qaz2wsx zaq12wsx zaq1zaq1 1q2w3e4r 1q2w3e4r5t q1w2e3r4 aa123456 abc123`.split(/\s+/),
)

/** Runs someone might type: the rows of a keyboard, the alphabet, digits, forwards and backwards. */
const runs = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz', '01234567890', 'qazwsxedcrfvtgbyhnujmikolp']

const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' }

/** Whether `text` is made of one piece of at most `max` characters said again and again ("abcabcabcabc", "aaaaaaaaaaaa"). */
function repeats(text: string, max: number): boolean {
  for (let size = 1; size <= max && size < text.length; size++) {
    const piece = text.slice(0, size)
    if (piece.repeat(Math.ceil(text.length / size)).slice(0, text.length) === text) return true
  }
  return false
}

/** Whether `text` is a stretch of one of the runs (or a run backwards), at least 4 characters. */
function isRun(text: string): boolean {
  if (text.length < 4) return false
  return runs.some((run) => run.includes(text) || [...run].reverse().join('').includes(text) || (repeats(text, run.length) && run.includes(text.slice(0, 4))))
}

/**
 * Why a new password is not good enough, or null when it is. `about` are the person's own name
 * and email (and the partnership's name at setup): a password made of them is guessed first.
 */
export function passwordProblem(password: string, about: string[] = []): string | null {
  if (password.length < minPasswordLength) return `A password needs at least ${minPasswordLength} characters. ${passwordAdvice}`
  if (password.length > 200) return 'A password is at most 200 characters.'
  const lower = password.toLowerCase()
  const plain = lower.replace(/\s+/g, '')
  const unleetOf = (text: string) => [...text].map((ch) => leet[ch] ?? ch).join('')
  const unleet = unleetOf(plain)
  // what is left once the digits and symbols around it, which people add to pass rules, are taken off
  const stripped = plain.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  const cores = new Set([plain, unleet, stripped, unleetOf(stripped)])
  const weak = 'This password is one of the first that attackers try.'
  for (const core of cores) {
    if (core.length === 0 || common.has(core) || isRun(core) || repeats(core, 4)) return `${weak} ${passwordAdvice}`
    // a common password said twice or with a run after it: "passwordpassword", "iloveyouiloveyou"
    for (const word of common)
      if (word.length >= 4 && core.startsWith(word) && (isRun(core.slice(word.length)) || repeats(core, word.length))) {
        return `${weak} ${passwordAdvice}`
      }
  }
  if (new Set(plain).size < 5) return `This password uses too few different characters. ${passwordAdvice}`
  const own = about.flatMap((text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((part) => part.length >= 3)
  // the name, email or partnership with little else: what is left once they are taken out is short
  const letters = unleetOf(stripped).replace(/[^\p{L}]+/gu, '')
  let rest = letters
  for (const part of own.sort((a, b) => b.length - a.length)) rest = rest.replaceAll(part, '')
  if (rest.length < letters.length && rest.length < 4)
    return `A password should not be made of your name, your email address or your partnership’s name. ${passwordAdvice}`
  return null
}
