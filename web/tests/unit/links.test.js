import { describe, it, expect } from 'vitest'
import { absoluteUrl } from '../../src/links.js'

describe('absoluteUrl', () => {
  it('keeps an absolute link', () => expect(absoluteUrl('https://cs.example.com/t/abc', 'http://x')).toBe('https://cs.example.com/t/abc'))
  it('prefixes a path with the origin', () => expect(absoluteUrl('/t/abc', 'http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/t/abc'))
  it('adds the slash a bare path lacks', () => expect(absoluteUrl('t/abc', 'http://h')).toBe('http://h/t/abc'))
  it('is empty for no link', () => expect(absoluteUrl('', 'http://h')).toBe(''))
})
