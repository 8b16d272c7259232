// Browser steps of the reports page (web/src/views/Reports.vue, docs/reports.md).

export async function reportSteps({ page, step, expect, shot, BASE }) {
  await step('the reports page shows service value, the journey with its breakpoints and the at-risk list', async () => {
    await page.goto(BASE + '/reports')
    await page.waitForSelector('[data-test=rep-value] .card .big')
    const server = await page.evaluate(async () => (await fetch('/api/v1/reports/service-value')).json())
    const shown = await page.locator('[data-test=rep-value] .card .big').first().innerText()
    expect(shown.trim() !== '—', 'the ticket count card shows a number, got ' + shown)
    expect(server.cost && server.cost.current.tickets > 0, 'the demo has tickets in the period')
    const href = await page.getAttribute('[data-test=rep-csv]', 'href')
    const csv = await page.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type'), await r.text()] }, href)
    expect(csv[0] === 200 && csv[1].startsWith('text/csv') && csv[2].startsWith('section,metric'), 'the CSV link downloads the report: ' + csv.slice(0, 2).join(' '))
    await shot('14-reports-value')
    await page.click('.el-tabs__item:has-text("客户旅程"), .el-tabs__item:has-text("Customer journey")')
    await page.waitForSelector('[data-test=rep-journey] .el-table__row')
    expect(await page.locator('[data-test=rep-journey] .breakpoint').count() > 0, 'service breakpoints are marked')
    await page.click('.el-tabs__item:has-text("流失风险"), .el-tabs__item:has-text("at risk")')
    await page.waitForSelector('[data-test=rep-risk] .el-table__row a')
    const first = await page.locator('[data-test=rep-risk] .el-table__row a').first().innerText()
    const api = await page.evaluate(async () => (await fetch('/api/v1/customers/at-risk?limit=1')).json())
    expect(api.items.length && first.trim() === api.items[0].name, `the highest risk first: ${first} vs ${api.items[0] && api.items[0].name}`)
    await shot('14-reports-risk')
  })
}
