// @ts-check
// Signpost respondent pages: progressive enhancement. Every page works without this file;
// with it, the survey
//  - keeps the answers in this tab as the respondent goes (sessionStorage, keyed by the code,
//    with the submissionId, so a reload or a sleeping phone continues the same submission);
//    not localStorage: on a shared school computer the next student opening the same code in a
//    new tab or window must start with an empty form, not see someone else's answers,
//  - switches language or display without losing an answer,
//  - shows one question at a time when asked (mode=one), with a progress line and Back/Next,
//  - sends with fetch, and if the connection is lost keeps the answers, says so, and tries
//    again with the same submissionId (the server stores a submissionId once).
// Nothing is sent anywhere until the respondent presses Send.
;(() => {
  'use strict'

  /** The answers by field name: a list for checkboxes, a string otherwise. @typedef {Record<string, string | string[]>} Answers */
  /** What this tab keeps while the respondent goes. @typedef {{ v: number, submissionId: string, answers: Answers, step: number, quiet: boolean, savedAt: number }} Saved */
  /**
   * A control of the form (what `form.elements` holds): each has a name and a type.
   * @typedef {HTMLInputElement | HTMLButtonElement | HTMLSelectElement | HTMLTextAreaElement | HTMLFieldSetElement | HTMLOutputElement | HTMLObjectElement} Control
   */
  /**
   * A question's field: a radio button, a checkbox or a textarea. Typed as an input: a textarea has the
   * name, type and value read here, and `checked` is read or set only where the type is radio or checkbox.
   * @typedef {HTMLInputElement} AnswerField
   */
  document.documentElement.classList.add('js')

  const prefix = 'signpost:answers:'
  /** Saved answers older than this are dropped rather than put back. */
  const keepForMs = 24 * 60 * 60 * 1000

  // a staff preview (and a kiosk) keeps nothing in the browser at all
  const keepsNothing = Boolean(document.querySelector('form[data-store="none"]'))
  const store = (() => {
    if (keepsNothing) return null
    try {
      const s = window.sessionStorage
      s.getItem(prefix)
      return s
    } catch {
      return null // storage blocked: the page still works, it just cannot resume
    }
  })()

  // The thanks page: the answers arrived, so forget them on this device.
  const sent = document.querySelector('[data-clear-code]')
  if (sent && store) store.removeItem(prefix + sent.getAttribute('data-clear-code'))

  // A kiosk's thanks page: a clean start for the next person, by itself after a few seconds.
  // `replace`, so that Back never returns to the person before.
  const restart = /** @type {HTMLElement | null} */ (document.querySelector('[data-kiosk-restart]'))
  if (restart) {
    const url = /** @type {string} */ (restart.dataset.kioskRestart)
    window.setTimeout(() => window.location.replace(url), Number(restart.dataset.seconds || 10) * 1000)
  }

  const surveyForm = /** @type {HTMLFormElement | null} */ (document.getElementById('survey-form'))
  if (!surveyForm) return
  const form = surveyForm

  const key = prefix + form.dataset.code
  /** A shared tablet's clean start (kiosk mode), or undefined. */
  const kioskStart = form.dataset.kioskStart
  const idField = /** @type {HTMLInputElement} */ (form.elements.namedItem('submissionId'))
  /**
   * @param {Control} el
   * @returns {el is AnswerField}
   */
  const isAnswer = (el) => el.name !== '' && el.name !== 'submissionId' && !el.name.startsWith('_') && /^(radio|checkbox|textarea)$/.test(el.type)
  const answerFields = () => /** @type {Control[]} */ (Array.from(form.elements)).filter(isAnswer)

  function readAnswers() {
    /** @type {Answers} */
    const answers = {}
    for (const el of answerFields()) {
      if (el.type === 'radio') {
        if (el.checked) answers[el.name] = el.value
      } else if (el.type === 'checkbox') {
        if (el.checked) (answers[el.name] = /** @type {string[]} */ (answers[el.name] || [])).push(el.value)
      } else if (el.value.trim() !== '') {
        answers[el.name] = el.value
      }
    }
    return answers
  }

  /** @param {Answers} answers */
  function applyAnswers(answers) {
    for (const el of answerFields()) {
      const v = answers[el.name]
      if (el.type === 'radio') el.checked = v === el.value
      else if (el.type === 'checkbox') el.checked = Array.isArray(v) && v.includes(el.value)
      else el.value = typeof v === 'string' ? v : ''
    }
  }

  /** @returns {Saved | null} */
  function loadSaved() {
    if (!store) return null
    try {
      const saved = JSON.parse(store.getItem(key) || 'null')
      if (!saved || typeof saved !== 'object' || typeof saved.submissionId !== 'string') return null
      if (!(Date.now() - saved.savedAt < keepForMs)) {
        store.removeItem(key)
        return null
      }
      return saved
    } catch {
      return null
    }
  }

  let step = 0
  /** Set once the answers are sent or cleared: nothing is saved again as the page goes. */
  let finished = false
  /** Set when a switch opens the page anew: the answers are saved already, quietly. */
  let leaving = false
  /**
   * `quiet`: the next page is this one in another language or display, so it says nothing about putting answers back.
   * @param {boolean} [quiet]
   */
  function save(quiet) {
    if (!store || finished) return
    try {
      store.setItem(key, JSON.stringify({ v: 1, submissionId: idField.value, answers: readAnswers(), step, quiet: quiet === true, savedAt: Date.now() }))
    } catch {
      /* storage full or blocked: keep going */
    }
  }

  function forget() {
    finished = true
    if (store) store.removeItem(key)
  }

  // Put back what this device kept, unless the server just sent the answers back (an error
  // re-render or a switch without JavaScript: those are the newest).
  const saved = loadSaved()
  let restored = false
  if (saved && form.dataset.restore === 'yes') {
    idField.value = saved.submissionId
    if (Object.keys(saved.answers || {}).length > 0) {
      applyAnswers(saved.answers)
      restored = true
    }
    if (Number.isInteger(saved.step)) step = saved.step
  }
  const note = /** @type {HTMLElement | null} */ (document.querySelector('[data-restored-note]'))
  if (restored && note && saved && !saved.quiet) note.hidden = false
  save()

  form.addEventListener('change', () => save())
  form.addEventListener('input', () => save())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && !leaving) save()
  })

  // "Clear these answers and start again": a blank form with a new submission.
  document.querySelector('[data-clear-saved]')?.addEventListener('click', () => {
    forget()
    window.location.assign(form.action)
  })

  // Language and display switches: keep the answers here and open the page in the new way.
  // A page that keeps nothing here (a kiosk, a preview) lets the switch post the answers to the
  // server instead, which sends the page back changed with every answer in it.
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('button[data-href]'))) {
    if (keepsNothing) continue
    button.addEventListener('click', (event) => {
      event.preventDefault()
      save(true)
      leaving = true
      window.location.assign(/** @type {string} */ (button.dataset.href))
    })
  }

  // One question at a time. The survey page renders every one of these in the form.
  const questions = /** @type {HTMLElement[]} */ (Array.from(form.querySelectorAll('[data-question]')))
  const sections = /** @type {HTMLElement[]} */ (Array.from(form.querySelectorAll('.survey-section')))
  const status = /** @type {HTMLElement} */ (form.querySelector('[data-step-status]'))
  const count = /** @type {HTMLElement} */ (form.querySelector('[data-step-count]'))
  const progress = /** @type {HTMLProgressElement} */ (form.querySelector('[data-step-progress]'))
  const nav = /** @type {HTMLElement} */ (form.querySelector('[data-step-nav]'))
  const back = /** @type {HTMLButtonElement} */ (form.querySelector('[data-step-back]'))
  const next = /** @type {HTMLButtonElement} */ (form.querySelector('[data-step-next]'))
  const submitArea = /** @type {HTMLElement} */ (form.querySelector('[data-submit-area]'))
  const oneAtATime = form.dataset.mode === 'one' && questions.length > 0

  /**
   * Shows question `index` (kept within the questions) and nothing else; called only when there is a question.
   * @param {number} index
   * @param {boolean} moveFocus
   */
  function show(index, moveFocus) {
    step = Math.max(0, Math.min(questions.length - 1, index))
    const current = questions[step]
    questions.forEach((q) => (q.hidden = q !== current))
    sections.forEach((s) => (s.hidden = !s.contains(current)))
    const last = step === questions.length - 1
    count.textContent = /** @type {string} */ (count.dataset.template).replace('{n}', String(step + 1)).replace('{total}', String(questions.length))
    progress.value = step + 1
    back.hidden = step === 0
    next.hidden = last
    submitArea.hidden = !last
    // each later question at the top of the screen, its count just above it (the page's header
    // is a scroll up away); the first one stays where it is, under the page's short header
    if (moveFocus || step > 0) status.scrollIntoView({ block: 'start' })
    if (moveFocus) current.focus({ preventScroll: true })
    save()
  }

  // The parts of the survey: a closed list on a phone and in large text, open where the screen has room for it.
  const contents = /** @type {HTMLDetailsElement | null} */ (document.querySelector('[data-contents]'))
  const largeText = document.documentElement.classList.contains('large-text')
  if (contents && !largeText && window.matchMedia('(min-width: 40rem)').matches) contents.open = true

  if (oneAtATime) {
    document.documentElement.classList.add('one-at-a-time')
    contents?.setAttribute('hidden', '')
    questions.forEach((q) => q.setAttribute('tabindex', '-1'))
    status.hidden = false
    nav.hidden = false
    const firstError = questions.findIndex((q) => q.classList.contains('field-error'))
    show(firstError >= 0 ? firstError : step, false)
    back.addEventListener('click', () => show(step - 1, true))
    next.addEventListener('click', () => show(step + 1, true))
    // links to a question (the error summary) open its step
    document.addEventListener('click', (event) => {
      const target = /** @type {Partial<Element>} */ (event.target)
      const link = target.closest && target.closest('a[href^="#q-"]')
      if (!link) return
      const index = questions.findIndex((q) => `#${q.id}` === link.getAttribute('href'))
      if (index < 0) return
      event.preventDefault()
      show(index, true)
    })
  }

  // Sending: with fetch, so that a lost connection loses nothing.
  const sendProgress = /** @type {HTMLElement} */ (form.querySelector('[data-send-progress]'))
  const sendProblem = /** @type {HTMLElement} */ (form.querySelector('[data-send-problem]'))
  const retry = /** @type {HTMLButtonElement} */ (form.querySelector('[data-retry]'))
  let sending = false

  function send() {
    if (sending) return
    sending = true
    save()
    sendProblem.textContent = ''
    retry.hidden = true
    sendProgress.textContent = /** @type {string} */ (sendProgress.dataset.sending)
    // FormData is a list of [name, value] pairs (no file fields here), which URLSearchParams takes;
    // TypeScript's DOM types leave FormData out of its arguments.
    const body = new URLSearchParams(/** @type {any} */ (new FormData(form)))
    fetch(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then((response) => {
        sending = false
        if (response.ok && response.redirected && new URL(response.url).pathname.endsWith('/thanks')) {
          forget()
          if (kioskStart) window.location.replace(response.url)
          else window.location.assign(response.url)
          return
        }
        if (response.status === 429) {
          // the survey is taking many answers at once: keep this page, try again when the server says
          const wait = Number(response.headers.get('retry-after'))
          return response.text().then((html) => {
            // the server's page says it in the respondent's language and how long to wait
            const told = new DOMParser().parseFromString(html, 'text/html').getElementById('not-sent')
            sendProgress.textContent = ''
            sendProblem.textContent = (told && told.textContent.trim()) || /** @type {string} */ (sendProblem.dataset.busy)
            retry.hidden = false
            if (wait > 0 && wait <= 900)
              window.setTimeout(() => {
                if (!retry.hidden) send()
              }, wait * 1000)
          })
        }
        // a problem with an answer, a closed survey...: post the form the ordinary way so the
        // browser shows the server's page (nothing was stored, so posting again is safe)
        sendProgress.textContent = ''
        HTMLFormElement.prototype.submit.call(form)
      })
      .catch(() => {
        sending = false
        sendProgress.textContent = ''
        sendProblem.textContent = /** @type {string} */ (sendProblem.dataset.offline)
        retry.hidden = false
      })
  }

  // A kiosk: after 3 minutes without a touch, ask whether the person is still there; without an
  // answer within 30 seconds, a clean start for the next person (nothing was kept anywhere).
  if (kioskStart) {
    const start = kioskStart
    const dialog = /** @type {HTMLDialogElement} */ (document.querySelector('[data-still-there]'))
    const idleMs = 3 * 60 * 1000
    const graceMs = 30 * 1000
    /** @type {number | undefined} */
    let idle
    /** @type {number | undefined} */
    let grace
    const arm = () => {
      window.clearTimeout(idle)
      idle = window.setTimeout(() => {
        dialog.showModal()
        grace = window.setTimeout(() => window.location.replace(start), graceMs)
      }, idleMs)
    }
    const stay = () => {
      window.clearTimeout(grace)
      if (dialog.open) dialog.close()
      arm()
    }
    ;/** @type {HTMLButtonElement} */ (dialog.querySelector('[data-still-here]')).addEventListener('click', stay)
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault()
      stay()
    })
    for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart']) {
      document.addEventListener(type, () => {
        if (!dialog.open) arm()
      })
    }
    arm()
    // a page the browser kept (Back after a clean start) shows no earlier answers
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) window.location.replace(start)
    })
  }

  form.addEventListener('submit', (event) => {
    const submitter = /** @type {HTMLButtonElement | null} */ (event.submitter)
    if (submitter && submitter.name === '_switch') return
    event.preventDefault()
    send()
  })
  retry.addEventListener('click', send)
  window.addEventListener('online', () => {
    if (!retry.hidden) send()
  })
})()
