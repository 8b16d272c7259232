// Browser steps of the web2 branch (called from steps.mjs): the customer status link and its
// public page on a phone, the PDCA board, the war room on a 1920×1080 wall.

// On the open ticket view: make the customer link, open /t/{token} on a phone-sized page
// without a session, and check what the customer sees.
export async function statusLinkSteps({ page, step, expect, shotPath, BASE }) {
  await step('the agent makes the customer status link; the customer page shows the progress on a phone', async () => {
    const card = page.locator('[data-test=status-link]')
    await card.waitFor()
    if (await page.locator('[data-test=status-link-create]').count()) await page.click('[data-test=status-link-create]')
    const input = page.locator('input[data-test=status-link-url], [data-test=status-link-url] input').first()
    await input.waitFor()
    const url = await input.inputValue()
    expect(/\/t\/[A-Za-z0-9_-]{22,}$/.test(url), 'a status link, got ' + url)
    await card.screenshot({ path: shotPath('03c-status-link') })
    const ticketId = page.url().split('/').pop()
    const api = await page.evaluate(async (u) => (await fetch('/api/v1/public/tickets/' + u.split('/t/')[1], { credentials: 'omit' })).json(), url)
    expect(String(api.ticket_id) === ticketId && api.steps[0].code === 'received', 'the public API answers without a session: ' + JSON.stringify(api).slice(0, 200))
    const phone = await page.context().browser().newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, javaScriptEnabled: false })
    try {
      const p = await phone.newPage()
      const res = await p.goto(BASE + '/t/' + url.split('/t/')[1])
      expect(res.status() === 200, 'the page answers 200, got ' + res.status())
      await p.waitForSelector('ol.bar li.now')
      const text = await p.innerText('body')
      expect(text.includes('服务进度') || text.includes('Request status'), 'the page title')
      expect(text.includes('#' + ticketId), 'the ticket number')
      const width = await p.evaluate(() => document.documentElement.scrollWidth)
      expect(width <= 390, 'no horizontal scrolling on a phone, width ' + width)
      await p.screenshot({ path: shotPath('11-status-page-phone'), fullPage: true })
    } finally {
      await phone.close()
    }
  })
}

// As a supervisor or admin: create an improvement with a change date, move it to check, verify.
export async function pdcaSteps({ page, step, expect, shot, BASE }) {
  await step('the PDCA board: create an action, move it to check, verify it with numbers', async () => {
    await page.goto(BASE + '/improvements')
    await page.waitForSelector('[data-test=pdca-board]')
    await page.click('[data-test=pdca-new]')
    const problem = '安装预约流程太长，客户多次投诉 ' + Date.now()
    await page.click('[data-test=pdca-save]')
    await page.waitForSelector('[data-test=pdca-form] .el-form-item__error')  // problem is required
    await page.fill('textarea[data-test=pdca-problem], [data-test=pdca-problem] textarea', problem)
    await page.fill('input[data-test=pdca-target], [data-test=pdca-target] input', '15')
    const change = new Date(Date.now() - 14 * 86400000)
    const p2 = (n) => String(n).padStart(2, '0')
    await page.fill('[data-test=pdca-form] .el-date-editor input',
      `${change.getFullYear()}-${p2(change.getMonth() + 1)}-${p2(change.getDate())} 00:00:00`)
    await page.keyboard.press('Enter')
    await page.click('[data-test=pdca-save]')
    const card = page.locator('[data-test=pdca-col-plan] .item', { hasText: problem.slice(0, 12) }).first()
    await card.waitFor()
    const id = (await card.getAttribute('data-test')).slice('pdca-item-'.length)
    await page.click(`[data-test=pdca-next-${id}]`)
    await page.waitForSelector(`[data-test=pdca-col-do] [data-test=pdca-item-${id}]`)
    await page.click(`[data-test=pdca-next-${id}]`)
    await page.waitForSelector(`[data-test=pdca-col-check] [data-test=pdca-item-${id}]`)
    await page.click(`[data-test=pdca-item-${id}]`)
    await page.click('[data-test=pdca-verify]')
    await page.waitForSelector('[data-test=verdict-panel] [data-test=verdict]')
    const n = Number(await page.locator('[data-test=verdict-before] td').nth(1).innerText())
    const server = await page.evaluate(async (id) => (await fetch('/api/v1/improvements/' + id)).json(), id)
    expect(server.stage === 'check' && server.verification, 'verified on the server: ' + JSON.stringify(server).slice(0, 200))
    expect(n === server.verification.before.n, `the before sample size ${server.verification.before.n} is shown, got ${n}`)
    await page.waitForTimeout(400)
    await shot('12-pdca-verdict')
    await page.keyboard.press('Escape')
    await page.waitForTimeout(400)
    await shot('12-pdca-board')
  })
}

export async function warRoomSteps({ page, step, expect, shotPath, BASE }) {
  await step('the war room on a 1920×1080 wall: countdowns, on-site map, KPIs against targets, sentiment', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.goto(BASE + '/warroom')
    await page.waitForSelector('[data-test=war-room] .tile')
    await page.waitForSelector('[data-test=war-room] .due')
    await page.waitForSelector('[data-test=onsite-map] canvas')
    await page.waitForSelector('[data-test=war-kpis] .kpi')
    const tickets = await page.evaluate(async () => (await fetch('/api/v1/tickets?limit=500&status=open')).json())
    expect(tickets.items.length >= 0, 'tickets listed')
    const shown = Number(await page.locator('[data-test=onsite-count]').innerText())
    expect(Number.isInteger(shown), 'an on-site count, got ' + shown)
    await page.waitForTimeout(800)
    await page.screenshot({ path: shotPath('05b-war-room') })
    await page.setViewportSize({ width: 1440, height: 900 })
  })
}

// On the dashboard: a KPI card opens the drawer with its tickets, and the URL carries it.
export async function dashboardDrillSteps({ page, step, expect, BASE }) {
  await step('a KPI card drills down to its tickets in a drawer, kept in the URL', async () => {
    await page.click('[data-test=kpi-fcr]')
    await page.waitForSelector('[data-test=drill-table] .el-table__row')
    expect(/drill=fcr/.test(page.url()), 'the drill-down is in the URL: ' + page.url())
    const rows = await page.locator('[data-test=drill-table] .el-table__row').count()
    expect(rows > 0, 'tickets listed')
    await page.goto(page.url())  // a shared link opens the same drawer
    await page.waitForSelector('[data-test=drill-table] .el-table__row')
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => !/drill=/.test(location.search))
    await page.goto(BASE + '/dashboard')
  })
}

// On the ticket view: ? shows the shortcut help.
export async function shortcutSteps({ page, step, expect }) {
  await step('? on the ticket view shows the keyboard shortcuts', async () => {
    await page.evaluate(() => document.activeElement && document.activeElement.blur())
    await page.keyboard.press('?')
    const help = page.locator('.el-dialog:visible', { hasText: 'J' })
    await help.waitFor()
    expect((await help.innerText()).includes('K'), 'J and K are explained')
    await page.keyboard.press('Escape')
  })
}

// As an admin: the survey settings save through the API; the categories list shows.
export async function adminVocSteps({ page, step, expect, shot, BASE }) {
  await step('survey settings are saved through the API; categories and causes are listed', async () => {
    await page.goto(BASE + '/admin/surveys')
    const box = page.locator('input[data-test=voc-reminder_after_h], [data-test=voc-reminder_after_h] input').first()
    await box.waitFor()
    await box.fill('36')
    await page.click('[data-test=voc-save]')
    await page.waitForSelector('.el-message--success')
    const s = await page.evaluate(async () => (await fetch('/api/v1/settings/voc')).json())
    expect(s.reminder_after_h === 36, 'reminder_after_h saved, got ' + s.reminder_after_h)
    await page.goto(BASE + '/admin/categories')
    await page.waitForSelector('[data-test=categories-table] .el-table__row')
    await page.waitForSelector('[data-test=causes-table] .el-table__row')
    await shot('13-categories')
  })
}

// Forecast, staffing and insights on the dashboard and the scorecards page (the fcst API):
// each shows its figures when the server has that API, else says "not available yet".
export async function fcstSteps({ page, step, expect, BASE }) {
  await step('the dashboard shows forecast, staffing and insights; the scorecards page ranks agents', async () => {
    await page.goto(BASE + '/dashboard')
    await page.waitForSelector('[data-test=forecast-panel]')
    const has = await page.evaluate(async () => (await fetch('/api/v1/forecast?days=14')).status)
    expect(has === 200, 'the forecast API answers 200, got ' + has)
    await page.waitForSelector('[data-test=forecast-chart] canvas')
    await page.waitForSelector('[data-test=staffing-chart] canvas')
    await page.goto(BASE + '/scorecards')
    await page.waitForSelector('[data-test=scorecards-table] .el-table__row')
    await page.goto(BASE + '/dashboard')
  })
}
