// Keyboard shortcuts of the ticket view (views/Ticket.vue) and the queue order they walk:
// the queue remembers the order it showed when a ticket was opened (sessionStorage), and j/k
// on the ticket view go to the next/previous ticket of that order.

const KEY = 'ld_queue_order'

export function rememberQueue(ids, storage = globalThis.sessionStorage) {
  try { storage.setItem(KEY, JSON.stringify(ids.slice(0, 1000).map(Number))) } catch { /* private mode */ }
}

// The id after (dir +1) or before (dir −1) `id` in the remembered order; null at an end, when
// the ticket is not in it, or when no queue was opened in this tab.
export function neighbour(id, dir, storage = globalThis.sessionStorage) {
  let ids
  try { ids = JSON.parse(storage.getItem(KEY) || '[]') } catch { return null }
  if (!Array.isArray(ids)) return null
  const i = ids.indexOf(Number(id))
  if (i < 0) return null
  const j = i + dir
  return j >= 0 && j < ids.length ? ids[j] : null
}

// The action of a key press on the ticket view, or null: reply, note, status, next, prev,
// help. Ignored while typing in a field and with Ctrl/Meta/Alt held.
export const SHORTCUTS = [['r', 'reply'], ['n', 'note'], ['s', 'status'], ['j', 'next'], ['k', 'prev'], ['?', 'help']]
export function shortcutAction(e) {
  const tag = (e.target && e.target.tagName) || ''
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag) || (e.target && e.target.isContentEditable)) return null
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  const hit = SHORTCUTS.find(([k]) => k === e.key)
  return hit ? hit[1] : null
}
