// Globals of the browser scripts in web/ (checked by web/tsconfig.json, never built).

interface Window {
  /** Chart.js, from /vendor/chart.umd.min.js (web/vendor/), loaded before report-charts.js; its types from the chart.js package. */
  Chart?: typeof import('chart.js').Chart
}
