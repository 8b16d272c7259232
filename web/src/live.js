// Live updates: one EventSource on GET /api/v1/stream shared by the views. The server ends
// each answer after the events it had (or ~20 s) and the browser reconnects with
// Last-Event-ID, so no event is missed. Views also poll slowly as a fallback.
const listeners = new Set()
let source = null

function open() {
  if (source || typeof EventSource === 'undefined') return
  source = new EventSource('/api/v1/stream')
  const deliver = (ev) => {
    let data = null
    try { data = JSON.parse(ev.data) } catch { return }
    for (const fn of listeners) fn(ev.type, data)
  }
  for (const type of ['ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned', 'ticket.transferred',
    'message.created', 'transcript.created', 'task.created', 'task.updated', 'sla.warning', 'sla.breached', 'sla.adjusted',
    'survey.answered', 'alert.created', 'alert.updated', 'compensation.created']) source.addEventListener(type, deliver)
}

// Calls fn(type, event) for each committed event; returns the unsubscribe function.
export function onLiveEvent(fn) {
  listeners.add(fn)
  open()
  return () => {
    listeners.delete(fn)
    if (!listeners.size && source) { source.close(); source = null }
  }
}

// A function that runs `fn` at most once per `ms`, after the last call.
export function debounce(fn, ms) {
  let t = null
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms) }
}
