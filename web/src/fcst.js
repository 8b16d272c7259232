// Forecast, staffing, insights and scorecards on the dashboard (API of docs/forecast.md:
// GET /api/v1/forecast, /insights, /scorecards), pure and tested with Vitest.

// The daily forecast as chart series: dates, the point forecast and the 95 % band as a
// stacked pair (low, then high − low) so ECharts can shade between them.
export function forecastSeries(f) {
  const days = (f && f.daily) || []
  const r = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10)
  return {
    dates: days.map((d) => String(d.date).slice(5)),
    tickets: days.map((d) => r(d.tickets)),
    low: days.map((d) => r(d.low)),
    band: days.map((d) => (d.high === null || d.low === null || d.high === undefined ? null : r(d.high - d.low))),
    holidays: days.filter((d) => d.holiday).map((d) => String(d.date).slice(5)),
  }
}

// Agents needed per hour for the next `hours` forecast hours (UTC hours shown in local time).
export function staffingSeries(f, hours = 48) {
  const rows = ((f && f.staffing) || []).slice(0, hours)
  return {
    labels: rows.map((s) => { const d = new Date(s.at); return `${d.getMonth() + 1}/${d.getDate()} ${String(d.getHours()).padStart(2, '0')}h` }),
    agents: rows.map((s) => s.agents),
    peak: rows.reduce((m, s) => Math.max(m, s.agents || 0), 0),
  }
}

export const severityType = (s) => ({ critical: 'danger', warning: 'warning', info: 'info' }[s] || 'info')
const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 }
// Most severe first, then surest (the API's order, kept when it already is).
export function sortInsights(items) {
  return [...(items || [])].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || (b.confidence || 0) - (a.confidence || 0))
}

// The scorecards table: ranked agents first (by rank), then unranked by tickets.
export function rankedScorecards(items) {
  return [...(items || [])].sort((a, b) => {
    if (a.rank && b.rank) return a.rank - b.rank
    if (a.rank || b.rank) return a.rank ? -1 : 1
    return (b.tickets || 0) - (a.tickets || 0)
  })
}
