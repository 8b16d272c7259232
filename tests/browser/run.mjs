// Browser tests of the web application: Playwright (playwright-core from web/node_modules)
// driving Debian's headless Chromium against a real `loopdesk serve --demo` on 127.0.0.1:0.
// Walks an agent's and a supervisor's day, checks what the screens show, and saves a
// screenshot of each main screen in build/screenshots/.
//
//   node tests/browser/run.mjs            (LOOPDESK_BIN, CHROMIUM override the defaults)
// Exits non-zero on the first failed step, with the step's name and a screenshot of it.

import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(path.join(ROOT, 'web', 'package.json'))
const { chromium } = require('playwright-core')

const BIN = process.env.LOOPDESK_BIN || path.join(ROOT, 'build/release/src/main/loopdesk')
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const SHOTS = path.join(ROOT, 'build/screenshots')
const STEP_TIMEOUT = 30000

fs.mkdirSync(SHOTS, { recursive: true })
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-browser-'))

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['serve', '--demo', '--data', path.join(work, 'data'), '--listen', '127.0.0.1:0',
      '--web', path.join(ROOT, 'web/dist')], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOOPDESK_BOOTSTRAP_TOKEN: '' } })
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error('no "listening on" within 300 s\n' + err.slice(-2000))), 300000)
    proc.stdout.on('data', (d) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) { clearTimeout(timer); resolve({ proc, url: m[1] }) }
    })
    proc.stderr.on('data', (d) => { err += d })
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`loopdesk exited with ${code}\n${err.slice(-2000)}`)) })
  })
}

function credentials() {
  const rows = fs.readFileSync(path.join(work, 'data', 'demo-credentials.txt'), 'utf8').trim().split('\n')
  return Object.fromEntries(rows.map((r) => { const [role, email, password] = r.split(/\s+/); return [role, { email, password }] }))
}

let page
let stepNo = 0
async function step(name, fn) {
  stepNo++
  const t0 = Date.now()
  try {
    await fn()
    console.log(`ok ${stepNo} - ${name} (${Date.now() - t0} ms)`)
  } catch (e) {
    console.log(`not ok ${stepNo} - ${name}\n  ${String(e && e.stack || e).split('\n').slice(0, 6).join('\n  ')}`)
    if (page) await page.screenshot({ path: path.join(SHOTS, `FAILED-${stepNo}.png`), fullPage: true }).catch(() => {})
    throw e
  }
}
function expect(cond, what) { if (!cond) throw new Error('expected: ' + what) }
const shot = (name) => page.screenshot({ path: path.join(SHOTS, name + '.png') })

async function signIn(who) {
  await page.goto(BASE + '/login')
  await page.fill('input[name=email]', who.email)
  await page.fill('input[name=password]', who.password)
  await page.click('[data-test=submit]')
  await page.waitForSelector('[data-test=who]')
}

async function signOut() {
  await page.click('[data-test=sign-out]')
  await page.waitForURL(/\/login/)
}

let BASE
let server
let browser
let failed = false
try {
  server = await startServer()
  BASE = server.url
  const who = credentials()
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],  // Playwright adds a new, empty profile dir
  })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  context.setDefaultTimeout(STEP_TIMEOUT)
  page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (e) => pageErrors.push(String(e)))

  await import('./steps.mjs').then((m) => m.run({ page, step, expect, shot, shotPath: (n) => path.join(SHOTS, n + '.png'), signIn, signOut, who, BASE, pageErrors }))
} catch (e) {
  failed = true
  if (!stepNo) console.log('not ok - setup\n  ' + String(e && e.stack || e))
} finally {
  if (browser) await browser.close().catch(() => {})
  if (server) server.proc.kill('SIGTERM')
  fs.rmSync(work, { recursive: true, force: true })
}
console.log(failed ? `browser tests FAILED (screenshots in ${SHOTS})` : `browser tests passed: ${stepNo} steps (screenshots in ${SHOTS})`)
process.exit(failed ? 1 : 0)
