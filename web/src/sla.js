// SLA countdowns for the queue and the ticket view: pure functions, tested with Vitest.

// "2h 05m", "45m 10s", "3d 4h"; negative durations are overdue and shown with a minus sign.
export function formatDuration(ms) {
  const neg = ms < 0
  let s = Math.floor(Math.abs(ms) / 1000)
  const d = Math.floor(s / 86400); s -= d * 86400
  const h = Math.floor(s / 3600); s -= h * 3600
  const m = Math.floor(s / 60); s -= m * 60
  const pad = (n) => String(n).padStart(2, '0')
  let out
  if (d > 0) out = `${d}d ${h}h`
  else if (h > 0) out = `${h}h ${pad(m)}m`
  else out = `${m}m ${pad(s)}s`
  return (neg ? '-' : '') + out
}

const DONE = new Set(['resolved', 'closed'])

// The countdown a ticket shows: the first-response due while no agent has answered, else
// the resolution due. Returns {target, due, remainingMs, state} or null when there is none.
// state: met (nothing left to do), breached (overdue), warning (less than `warnFraction` of
// the window left, or under 30 min), ok.
export function slaCountdown(ticket, now = Date.now(), warnFraction = 0.2) {
  const sla = ticket && ticket.sla
  if (!sla) return null
  if (DONE.has(ticket.status)) return { target: 'resolution', due: null, remainingMs: null, state: 'met' }
  const answered = !!ticket.first_response_at
  const target = !answered && sla.first_response_due ? 'first_response' : 'resolution'
  const dueIso = target === 'first_response' ? sla.first_response_due : sla.resolution_due
  const paused = sla.paused || ticket.status === 'pending' || ticket.status === 'on_hold'
  if (!dueIso) {
    // A paused clock has no due time until it runs again.
    if (paused) return { target, due: null, remainingMs: null, state: sla.state === 'breached' ? 'breached' : 'paused' }
    return null
  }
  const due = Date.parse(dueIso)
  if (Number.isNaN(due)) return null
  const remainingMs = due - now
  const created = Date.parse(ticket.created_at)
  const window = Number.isNaN(created) ? null : due - created
  let state = 'ok'
  if (sla.state === 'breached' || remainingMs < 0) state = 'breached'
  else if (remainingMs < 30 * 60 * 1000 || (window && remainingMs < window * warnFraction)) state = 'warning'
  if (paused) state = state === 'breached' ? 'breached' : 'paused'
  return { target, due: dueIso, remainingMs, state }
}

// Element Plus tag type per state.
export function slaTagType(state) {
  return { ok: 'success', warning: 'warning', breached: 'danger', met: 'info', paused: 'info' }[state] || 'info'
}
