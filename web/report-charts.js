// @ts-check
/*
 * Signpost report charts: plain browser script, no build step.
 *
 * Reads the report's figures from <script type="application/json" id="report-data">, draws
 * the score bar chart and the trend lines with Chart.js (/vendor/chart.umd.min.js, loaded
 * before this file), and wires the print button. Every chart repeats a table on the page,
 * so nothing is lost without JavaScript: the chart figures stay hidden until drawn.
 */
;(function () {
  'use strict'

  /**
   * A question's score, as the report page writes it (shown questions only, so never null).
   * @typedef {{ key: string, text: string, score: number, ci: [number, number] | null, rank: number | null, topThree: boolean }} Score
   */
  /** A question's score in each year, null where it has none. @typedef {{ key: string, text: string, highlight: boolean, scores: (number | null)[] }} Trend */
  /** @typedef {{ minCohort?: number, scores?: Score[], years?: string[], trends?: Trend[] }} ReportData */

  var dataElement = document.getElementById('report-data')
  if (!dataElement) return
  /** @type {ReportData} */
  var data
  try {
    data = JSON.parse(dataElement.textContent || '{}')
  } catch (e) {
    return
  }

  wirePrintButton()

  var loaded = window.Chart
  if (!loaded) return
  var Chart = loaded

  var reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches
  Chart.defaults.color = '#1d1d1f'
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'
  Chart.defaults.font.size = 13
  if (reducedMotion) Chart.defaults.animation = false

  // ---------- helpers ----------

  /** @param {number} x */
  function pct(x) {
    return Math.round(x * 100) + '%'
  }

  /**
   * Splits a long label into lines of about `width` characters, at most `max` lines.
   * @param {string} text
   * @param {number} width
   * @param {number} max
   * @returns {string[]}
   */
  function wrap(text, width, max) {
    var words = String(text).split(/\s+/)
    var lines = []
    var line = ''
    for (var i = 0; i < words.length; i++) {
      var next = line ? line + ' ' + words[i] : words[i]
      if (next.length > width && line) {
        lines.push(line)
        line = words[i]
      } else {
        line = next
      }
    }
    if (line) lines.push(line)
    if (lines.length > max) {
      lines = lines.slice(0, max)
      lines[max - 1] = lines[max - 1].replace(/\s*\S*$/, '') + '…'
    }
    return lines
  }

  /**
   * A diagonal hatch, so top-three bars differ by pattern as well as colour.
   * @param {string} stroke
   * @param {string} fill
   * @returns {CanvasPattern | string}
   */
  function hatch(stroke, fill) {
    var size = 10
    var tile = document.createElement('canvas')
    tile.width = size
    tile.height = size
    var ctx = tile.getContext('2d')
    if (!ctx) return fill
    ctx.fillStyle = fill
    ctx.fillRect(0, 0, size, size)
    ctx.strokeStyle = stroke
    ctx.lineWidth = 2.5
    ctx.beginPath()
    ctx.moveTo(0, size)
    ctx.lineTo(size, 0)
    ctx.moveTo(-size / 2, size / 2)
    ctx.lineTo(size / 2, -size / 2)
    ctx.moveTo(size / 2, size * 1.5)
    ctx.lineTo(size * 1.5, size / 2)
    ctx.stroke()
    return ctx.createPattern(tile, 'repeat') || fill
  }

  /** @param {string} figureId */
  function show(figureId) {
    var figure = document.getElementById(figureId)
    if (figure) figure.hidden = false
  }

  /**
   * Writes each bar's score at its end, so the figure can be read without the axis (and on paper).
   * @type {import('chart.js').Plugin<'bar'>}
   */
  var barValues = {
    id: 'signpostBarValues',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx
      var meta = chart.getDatasetMeta(0)
      ctx.save()
      ctx.fillStyle = '#1d1d1f'
      ctx.font = '600 12px ' + Chart.defaults.font.family
      ctx.textBaseline = 'middle'
      meta.data.forEach(function (bar, i) {
        var value = /** @type {number | null | undefined} */ (chart.data.datasets[0].data[i])
        if (value === null || value === undefined) return
        ctx.fillText(Math.round(value) + '%', bar.x + 6, bar.y)
      })
      ctx.restore()
    },
  }

  // ---------- the score bar chart ----------

  /** @param {Score[]} scores */
  function drawScores(scores) {
    var canvas = /** @type {HTMLCanvasElement | null} */ (document.getElementById('score-chart'))
    var box = document.getElementById('score-chart-box')
    if (!canvas || !box || !scores.length) return null
    var labels = scores.map(function (s) {
      return wrap((s.topThree ? 'Top 3 · ' : '') + s.text, 48, 3)
    })
    var lineCount = labels.reduce(function (sum, l) {
      return sum + l.length
    }, 0)
    box.style.height = Math.max(200, scores.length * 14 + lineCount * 16 + 70) + 'px'
    show('score-chart-figure')

    var topFill = hatch('#8a1c1c', '#f7d9d6')
    var chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [
          {
            label: 'Score (share positive)',
            data: scores.map(function (s) {
              return s.score * 100
            }),
            backgroundColor: scores.map(function (s) {
              return s.topThree ? topFill : '#1d4f91'
            }),
            borderColor: scores.map(function (s) {
              return s.topThree ? '#8a1c1c' : '#1d4f91'
            }),
            borderWidth: 2,
            barPercentage: 0.85,
            categoryPercentage: 0.9,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        responsive: true,
        layout: { padding: { right: 48 } },
        scales: {
          x: {
            min: 0,
            max: 100,
            title: { display: true, text: 'Score: share who agreed or strongly agreed' },
            ticks: {
              callback: function (v) {
                return v + '%'
              },
            },
            grid: { color: '#d9dde3' },
          },
          y: { ticks: { autoSkip: false }, grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) {
                var s = scores[items[0].dataIndex]
                return wrap(s.text, 60, 6)
              },
              label: function (item) {
                var s = scores[item.dataIndex]
                var parts = [pct(s.score) + ' positive']
                if (s.ci) parts.push('95% interval ' + pct(s.ci[0]) + ' to ' + pct(s.ci[1]))
                if (s.topThree) parts.push('top three, rank ' + s.rank)
                else if (s.rank) parts.push('rank ' + s.rank)
                return parts.join('; ')
              },
            },
          },
        },
      },
      plugins: [barValues],
    })
    return chart
  }

  // ---------- the trend lines ----------

  // Okabe-Ito: distinguishable with the common colour-vision deficiencies; dashes and point
  // shapes differ as well, so no line depends on colour alone.
  var colours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8a6d00', '#56B4E9', '#1d1d1f']
  var dashes = [[], [6, 4], [2, 3], [10, 4, 2, 4], [12, 6], [4, 8]]
  var points = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross']

  /**
   * The y axis fitted to the lines shown: 10-point steps with a margin of one step, at least
   * 40 points tall, within 0-100%. A 0-100 axis squeezed every line into its bottom third.
   * @param {import('chart.js').Chart} chart
   */
  function fitTrendAxis(chart) {
    /** @type {number[]} */
    var values = []
    chart.data.datasets.forEach(function (d, i) {
      if (!chart.isDatasetVisible(i)) return
      d.data.forEach(function (v) {
        if (typeof v === 'number') values.push(v)
      })
    })
    var low = values.length ? Math.min.apply(null, values) : 0
    var high = values.length ? Math.max.apply(null, values) : 100
    var min = Math.max(0, Math.floor(low / 10) * 10 - 10)
    var max = Math.min(100, Math.ceil(high / 10) * 10 + 10)
    while (max - min < 40) {
      if (min > 0) min -= 10
      if (max - min < 40 && max < 100) max += 10
    }
    var y = /** @type {any} */ (chart.options.scales).y
    y.min = min
    y.max = max
  }

  /**
   * A line's colour, dash and point drawn as a small SVG, for the key beside its checkbox.
   * @param {number} i
   */
  function swatch(i) {
    var ns = 'http://www.w3.org/2000/svg'
    var svg = document.createElementNS(ns, 'svg')
    svg.setAttribute('viewBox', '0 0 36 18')
    svg.setAttribute('aria-hidden', 'true')
    var line = document.createElementNS(ns, 'line')
    line.setAttribute('x1', '1')
    line.setAttribute('y1', '9')
    line.setAttribute('x2', '35')
    line.setAttribute('y2', '9')
    line.setAttribute('stroke', colours[i % colours.length])
    line.setAttribute('stroke-width', '2.5')
    var dash = dashes[i % dashes.length]
    if (dash.length) line.setAttribute('stroke-dasharray', dash.join(' '))
    svg.appendChild(line)
    var shape = points[i % points.length]
    var mark =
      shape === 'rect' || shape === 'rectRounded' || shape === 'rectRot'
        ? document.createElementNS(ns, 'rect')
        : shape === 'triangle' || shape === 'star' || shape === 'cross' || shape === 'crossRot'
          ? document.createElementNS(ns, 'polygon')
          : document.createElementNS(ns, 'circle')
    if (mark.tagName === 'circle') {
      mark.setAttribute('cx', '18')
      mark.setAttribute('cy', '9')
      mark.setAttribute('r', '4.5')
    } else if (mark.tagName === 'rect') {
      mark.setAttribute('x', '13.5')
      mark.setAttribute('y', '4.5')
      mark.setAttribute('width', '9')
      mark.setAttribute('height', '9')
      if (shape === 'rectRot') mark.setAttribute('transform', 'rotate(45 18 9)')
    } else {
      mark.setAttribute('points', shape === 'triangle' ? '18,3.5 23,13.5 13,13.5' : '18,3 20,7.5 25,8 21,11 22.5,15.5 18,13 13.5,15.5 15,11 11,8 16,7.5')
    }
    mark.setAttribute('fill', colours[i % colours.length])
    svg.appendChild(mark)
    return svg
  }

  /**
   * The trend lines. The key is the page's own list of checkboxes (#trend-key), one per
   * question with its whole text: ticked questions are drawn, the top three and the development
   * questions to start with, so the chart never carries a legend of crossed-out, cut-short
   * entries. Ticking or unticking a question redraws the chart with its axis fitted again.
   * @param {string[]} years
   * @param {Trend[]} trends
   */
  function drawTrends(years, trends) {
    var canvas = /** @type {HTMLCanvasElement | null} */ (document.getElementById('trend-chart'))
    var found = document.getElementById('trend-key')
    if (!canvas || !found || years.length < 2 || !trends.length) return null
    var key = found
    /** @type {Map<string, HTMLInputElement>} */
    var boxes = new Map()
    key.querySelectorAll('input[type=checkbox]').forEach(function (input) {
      boxes.set(/** @type {HTMLInputElement} */ (input).value, /** @type {HTMLInputElement} */ (input))
    })
    var drawn = trends.filter(function (t) {
      return boxes.has(t.key)
    })
    drawn.forEach(function (t, i) {
      var place = key.querySelector('.trend-swatch[data-key="' + CSS.escape(t.key) + '"]')
      if (place) place.appendChild(swatch(i))
    })
    show('trend-chart-figure')
    var chart = new Chart(canvas, {
      type: 'line',
      data: {
        labels: years,
        datasets: drawn.map(function (t, i) {
          var colour = colours[i % colours.length]
          return {
            label: t.text,
            data: t.scores.map(function (s) {
              return s === null ? null : s * 100
            }),
            hidden: !(/** @type {HTMLInputElement} */ (boxes.get(t.key)).checked),
            borderColor: colour,
            backgroundColor: colour,
            borderDash: dashes[i % dashes.length],
            pointStyle: points[i % points.length],
            pointRadius: 5,
            pointHoverRadius: 7,
            borderWidth: 2,
            spanGaps: false,
          }
        }),
      },
      options: {
        maintainAspectRatio: false,
        responsive: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          y: {
            min: 0,
            max: 100,
            title: { display: true, text: 'Score' },
            ticks: {
              stepSize: 10,
              callback: function (v) {
                return v + '%'
              },
            },
            grid: { color: '#d9dde3' },
          },
          x: { title: { display: true, text: 'Academic year' } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) {
                return wrap(drawn[items[0].datasetIndex].text, 60, 6)
              },
              label: function (item) {
                // a year without a score has no point, so no tooltip
                return item.label + ': ' + Math.round(/** @type {number} */ (item.parsed.y)) + '%'
              },
            },
          },
        },
      },
    })
    fitTrendAxis(chart)
    chart.update('none')
    key.addEventListener('change', function (e) {
      var input = /** @type {HTMLInputElement} */ (e.target)
      var i = drawn.findIndex(function (t) {
        return t.key === input.value
      })
      if (i < 0) return
      chart.setDatasetVisibility(i, input.checked)
      fitTrendAxis(chart)
      chart.update()
    })
    return chart
  }

  // ---------- drawing (after the definitions above) ----------

  var charts = []
  var scoreChart = drawScores(data.scores || [])
  if (scoreChart) charts.push(scoreChart)
  var trendChart = drawTrends(data.years || [], data.trends || [])
  if (trendChart) charts.push(trendChart)
  wirePrintSizing(charts)

  // ---------- printing ----------

  function wirePrintButton() {
    var button = document.getElementById('print-report')
    if (!button || typeof window.print !== 'function') return
    button.hidden = false
    button.addEventListener('click', function () {
      window.print()
    })
  }

  /**
   * Redraws the charts at the printed page's width, and back afterwards.
   * @param {import('chart.js').Chart[]} list
   */
  function wirePrintSizing(list) {
    if (!list.length) return
    var printing = false
    function toPrint() {
      if (printing) return
      printing = true
      list.forEach(function (chart) {
        chart.resize()
      })
    }
    function toScreen() {
      if (!printing) return
      printing = false
      list.forEach(function (chart) {
        chart.resize()
      })
    }
    window.addEventListener('beforeprint', toPrint)
    window.addEventListener('afterprint', toScreen)
    if (window.matchMedia) {
      var query = window.matchMedia('print')
      /** @param {MediaQueryListEvent} e */
      var onChange = function (e) {
        if (e.matches) toPrint()
        else toScreen()
      }
      if (query.addEventListener) query.addEventListener('change', onChange)
      else if (query.addListener) query.addListener(onChange)
    }
  }
})()
