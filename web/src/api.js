// The API client: same-origin fetch with the session cookie; writes carry the CSRF token
// from the ld_csrf cookie (double submit). Errors become ApiError with the server's code,
// message and field, and `notAvailable` for endpoints that do not exist yet (404 on a list
// or settings path of a capability another branch is still building).

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code || `HTTP ${status}`)
    this.status = status
    this.code = code || ''
    this.field = field || ''
  }
  get notAvailable() {
    return this.status === 404 && this.code === 'not_found' && /no such endpoint/.test(this.message)
  }
}

export function cookie(name) {
  const m = document.cookie.split(';').map((s) => s.trim()).find((s) => s.startsWith(name + '='))
  return m ? decodeURIComponent(m.slice(name.length + 1)) : ''
}

let onUnauthenticated = () => {}
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn }

export function queryString(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v)
  }
  const s = q.toString()
  return s ? '?' + s : ''
}

export async function request(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const token = typeof sessionStorage !== 'undefined' ? sessionStorage.getItem('ld_token') : null
  if (token) headers.Authorization = 'Bearer ' + token
  else if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = cookie('ld_csrf')
  let res
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e) {
    throw new ApiError(0, 'network', '')
  }
  if (res.status === 204) return null
  let data = null
  const text = await res.text()
  if (text) { try { data = JSON.parse(text) } catch { data = null } }
  if (!res.ok) {
    const err = (data && data.error) || {}
    const e = new ApiError(res.status, err.code, err.message, err.field)
    if (res.status === 401 && token) sessionStorage.removeItem('ld_token')
    if (res.status === 401 && !quiet401) onUnauthenticated(e)
    throw e
  }
  return data
}

export const api = {
  get: (p, params, opts) => request('GET', p + queryString(params), undefined, opts),
  post: (p, body, opts) => request('POST', p, body === undefined ? {} : body, opts),
  patch: (p, body) => request('PATCH', p, body),
  put: (p, body) => request('PUT', p, body),
  del: (p) => request('DELETE', p),
}

// Fetches every page of a list up to `max` items.
export async function listAll(path, params = {}, max = 500) {
  const items = []
  let cursor = ''
  while (items.length < max) {
    const page = await api.get(path, { ...params, limit: Math.min(500, max - items.length), cursor })
    items.push(...(page.items || []))
    if (!page.next_cursor) break
    cursor = page.next_cursor
  }
  return items
}
