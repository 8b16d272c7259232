// Public links the server hands out (survey /s/{token}, status /t/{token}) are absolute when
// the server knows its public address, else a path: make them absolute for the clipboard.
export function absoluteUrl(url, origin) {
  if (!url) return ''
  if (/^https?:\/\//i.test(url)) return url
  return origin.replace(/\/+$/, '') + (url.startsWith('/') ? url : '/' + url)
}
