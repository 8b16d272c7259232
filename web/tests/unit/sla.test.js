import { describe, it, expect } from 'vitest'
import { formatDuration, slaCountdown, slaTagType } from '../../src/sla.js'

const H = 3600 * 1000
const base = Date.parse('2026-11-23T08:00:00Z')
const ticket = (over = {}, sla = {}) => ({
  status: 'open', created_at: '2026-11-23T08:00:00Z', first_response_at: null,
  sla: { policy: 'p', state: 'ok', first_response_due: '2026-11-23T10:00:00Z', resolution_due: '2026-11-24T08:00:00Z', ...sla },
  ...over,
})

describe('formatDuration', () => {
  it('shows minutes and seconds under an hour', () => expect(formatDuration(45 * 60000 + 10000)).toBe('45m 10s'))
  it('shows hours and padded minutes', () => expect(formatDuration(2 * H + 5 * 60000)).toBe('2h 05m'))
  it('shows days and hours', () => expect(formatDuration(76 * H)).toBe('3d 4h'))
  it('marks overdue with a minus sign', () => expect(formatDuration(-(H + 60000))).toBe('-1h 01m'))
  it('is zero at zero', () => expect(formatDuration(0)).toBe('0m 00s'))
})

describe('slaCountdown', () => {
  it('counts down to the first response while nobody answered', () => {
    const c = slaCountdown(ticket(), base)
    expect(c.target).toBe('first_response')
    expect(c.remainingMs).toBe(2 * H)
    expect(c.state).toBe('ok')
  })
  it('switches to the resolution target after the first answer', () => {
    const c = slaCountdown(ticket({ first_response_at: '2026-11-23T08:10:00Z' }), base)
    expect(c.target).toBe('resolution')
    expect(c.remainingMs).toBe(24 * H)
  })
  it('warns in the last fifth of the window or under 30 minutes', () => {
    expect(slaCountdown(ticket(), base + 1.7 * H).state).toBe('warning')
    expect(slaCountdown(ticket(), base + 1.5 * H).state).toBe('ok')
  })
  it('is breached once overdue or when the server says so', () => {
    expect(slaCountdown(ticket(), base + 3 * H).state).toBe('breached')
    expect(slaCountdown(ticket({}, { state: 'breached' }), base).state).toBe('breached')
  })
  it('is paused while waiting on the customer, even without a due time', () => {
    const c = slaCountdown(ticket({ status: 'on_hold', first_response_at: 'x' }, { paused: true, resolution_due: null }), base)
    expect(c.state).toBe('paused')
    expect(c.remainingMs).toBe(null)
  })
  it('is met when resolved, and absent without a policy', () => {
    expect(slaCountdown(ticket({ status: 'resolved' }), base).state).toBe('met')
    expect(slaCountdown({ status: 'open', sla: null }, base)).toBe(null)
  })
  it('maps states to tag colours', () => {
    expect(slaTagType('breached')).toBe('danger')
    expect(slaTagType('warning')).toBe('warning')
  })
})
