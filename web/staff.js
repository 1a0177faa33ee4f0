// @ts-check
// Signpost staff pages: progressive enhancement. On a page with live response counts
// ([data-counts-url] with [data-round-responses] cells), the counts are fetched again every 30
// seconds while the page is open, and a polite status line says when one changed. Without this
// file the page still shows the counts as they were when it was loaded.
;(() => {
  'use strict'
  const source = document.querySelector('[data-counts-url]')
  if (!(source instanceof HTMLElement)) return
  const url = source.dataset.countsUrl
  const announce = document.getElementById('count-updates')
  if (!url) return

  /** @typedef {{ rounds: { id: number, responses: string }[] }} Counts */

  async function refresh() {
    if (document.hidden || !url) return
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      if (!res.ok) return
      /** @type {Counts} */
      const counts = await res.json()
      let changed = 0
      for (const round of counts.rounds) {
        const cell = document.querySelector(`[data-round-responses="${round.id}"]`)
        if (cell && cell.textContent !== round.responses) {
          cell.textContent = round.responses
          changed++
        }
      }
      if (changed && announce)
        announce.textContent = `Response counts updated at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.`
    } catch {
      // offline for a moment: the next refresh tries again
    }
  }

  setInterval(refresh, 30_000)
})()
