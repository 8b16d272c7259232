import { describe, it, expect } from 'vitest'
import { rememberQueue, neighbour, shortcutAction } from '../../src/shortcuts.js'

function memory() {
  const m = {}
  return { getItem: (k) => (k in m ? m[k] : null), setItem: (k, v) => { m[k] = String(v) } }
}

describe('queue order', () => {
  it('walks the remembered order both ways and stops at the ends', () => {
    const s = memory()
    rememberQueue([5, 3, 9], s)
    expect(neighbour(3, 1, s)).toBe(9)
    expect(neighbour('3', -1, s)).toBe(5)
    expect(neighbour(9, 1, s)).toBeNull()
    expect(neighbour(5, -1, s)).toBeNull()
  })
  it('knows nothing of a ticket outside the order or without a queue', () => {
    const s = memory()
    expect(neighbour(1, 1, s)).toBeNull()
    rememberQueue([1, 2], s)
    expect(neighbour(7, 1, s)).toBeNull()
  })
})

describe('shortcutAction', () => {
  const ev = (key, extra = {}) => ({ key, target: { tagName: 'DIV' }, ...extra })
  it('maps the keys', () => {
    expect(shortcutAction(ev('r'))).toBe('reply')
    expect(shortcutAction(ev('j'))).toBe('next')
    expect(shortcutAction(ev('?'))).toBe('help')
    expect(shortcutAction(ev('x'))).toBeNull()
  })
  it('ignores typing and modified keys', () => {
    expect(shortcutAction(ev('r', { target: { tagName: 'TEXTAREA' } }))).toBeNull()
    expect(shortcutAction(ev('r', { ctrlKey: true }))).toBeNull()
  })
})
