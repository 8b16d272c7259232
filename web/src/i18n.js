import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN.js'
import en from './locales/en.js'

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('ld_locale') : null

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'en',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(l) {
  i18n.global.locale.value = l
  localStorage.setItem('ld_locale', l)
  document.documentElement.lang = l
}

// A person-readable message for an API error (api.js ApiError).
export function errorText(e) {
  const t = i18n.global.t
  if (!e) return ''
  const code = e.code || ''
  const message = e.message || ''
  let text
  if (code === 'network' || e.status === 0) text = t('errors.network')
  else if (['unauthenticated', 'permission_denied', 'csrf_failed', 'too_large'].includes(code)) text = t('errors.' + code)
  else if (code === 'not_found' && e.status === 404) text = t('errors.not_found')
  else if (['conflict', 'invalid_argument', 'bad_request', 'internal'].includes(code)) text = t('errors.' + code, { message })
  else text = t('errors.generic', { message: message || String(e) })
  if (e.field && code === 'invalid_argument') text = t('errors.field', { field: e.field, message })
  return text
}
