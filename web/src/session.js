// Who is signed in, shared by the views.
import { reactive } from 'vue'
import { api } from './api.js'

export const session = reactive({ agent: null, checked: false })

export async function loadSession() {
  try {
    const s = await api.get('/api/v1/auth/session', undefined, { quiet401: true })
    session.agent = s.agent
  } catch {
    session.agent = null
  }
  session.checked = true
  return session.agent
}

export function hasRole(...roles) {
  return !!session.agent && roles.includes(session.agent.role)
}

export const isManager = () => hasRole('admin', 'supervisor')
