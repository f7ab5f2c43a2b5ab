// The dashboard against GET /api/v1/stats/overlimit: the default period is
// the month of the data's latest day, the presets, 同比 and 环比, the tables
// by brigade and by site (names, sorting), the month chart's table, and an
// empty period without empty axes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, apiOk, go, redrawn, assertNoErrorShown } from '../../lib/browser.mjs';
import { checkDashboardAgainstApi } from './dashboard.mjs';

const lastDay = (month) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

describe('sunroad in the browser: the dashboard', () => {
  it('shows the month of the latest data by default, with the same figures as the API', async () => {
    await page.waitForSelector('#chart-month canvas');
    const range = await apiOk('/api/v1/stats/range');
    const { from, to, stats } = await checkDashboardAgainstApi();
    const month = range.to.slice(0, 7);
    assert.equal(from, `${month}-01`, 'the default period is the month of the latest day');
    assert.equal(to, lastDay(month));
    assert.ok(stats.detections > 0, 'the test database has detections then');
    assert.equal(await page.getAttribute('[data-testid="preset-month"]', 'aria-pressed'), 'true');
    await assertNoErrorShown('dashboard');
    await shot('dashboard.png');
  });

  it('compares with the month before (环比) and shows — for 同比 when the year before has no data', async () => {
    const from = await page.inputValue('[data-testid="period-from"]');
    const prevMonth = new Date(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
    const now = await apiOk(`/api/v1/stats/overlimit?from=${from}&to=${await page.inputValue('[data-testid="period-to"]')}`);
    const prev = await apiOk(`/api/v1/stats/overlimit?from=${prevMonth}-01&to=${lastDay(prevMonth)}`);
    const yearBefore = await apiOk(`/api/v1/stats/overlimit?from=${Number(from.slice(0, 4)) - 1}${from.slice(4)}&to=${lastDay(`${Number(from.slice(0, 4)) - 1}${from.slice(4, 7)}`)}`);
    const mom = await page.getAttribute('[data-figure="detections"] [data-cmp="mom"]', 'data-value');
    const expected = Math.round(((now.detections - prev.detections) / prev.detections) * 1000) / 10;
    assert.equal(Number(mom), expected, `环比 of the detections against ${prevMonth}`);
    if (!yearBefore.detections) {
      assert.equal(await page.getAttribute('[data-figure="detections"] [data-cmp="yoy"]', 'data-value'), '');
      assert.match(await page.textContent('[data-figure="detections"] [data-cmp="yoy"]'), /—/);
    }
  });

  it('lists brigades and sites by name, sorted by any column', async () => {
    const units = (await apiOk('/api/v1/units')).items;
    const names = new Set(units.map((u) => u.name));
    const unitCells = await page.$$eval('[data-testid="unit-table"] tbody td[data-col="name"]', (tds) => tds.map((td) => td.textContent));
    assert.ok(unitCells.length > 0 && unitCells.every((n) => names.has(n)), `brigade names: ${unitCells.join(', ')}`);
    const overlimit = async () => page.$$eval('[data-testid="site-table"] tbody td[data-col="overlimit"]', (tds) => tds.map((td) => Number(td.textContent.replace(/,/g, ''))));
    const down = await overlimit();
    assert.deepEqual(down, [...down].sort((a, b) => b - a), 'by over-limit vehicles, most first');
    await page.click('[data-testid="site-table-wrap"] button[data-sort="overlimit"]');
    const up = await overlimit();
    assert.deepEqual(up, [...up].sort((a, b) => a - b), 'a second click reverses');
    await page.click('[data-testid="site-table-wrap"] button[data-sort="name"]');
    assert.equal(await page.getAttribute('[data-testid="site-table"] th[aria-sort]', 'aria-sort') !== null, true);
  });

  it('shows the month chart as a table', async () => {
    await page.click('[data-testid="month-toggle"]');
    assert.ok(await page.isVisible('[data-testid="month-table"]'));
    assert.ok(!(await page.isVisible('#chart-month')));
    await shot('dashboard-table.png');
    await page.click('[data-testid="month-toggle"]');
    assert.ok(await page.isVisible('#chart-month'));
  });

  it('goes to a preset or a custom period, refuses a reversed one, and draws no axes for an empty one', async () => {
    await redrawn(() => page.click('[data-testid="preset-year"]'), '#chart-month canvas');
    await page.waitForFunction(() => location.hash.includes('preset=year'));
    const year = await checkDashboardAgainstApi();
    assert.match(year.from, /^\d{4}-01-01$/);
    assert.match(year.to, /^\d{4}-12-31$/);

    await page.fill('[data-testid="period-from"]', `${year.from.slice(0, 4)}-03-01`);
    await page.fill('[data-testid="period-to"]', `${year.from.slice(0, 4)}-03-10`);
    await redrawn(() => page.click('[data-testid="period-apply"]'), '[data-figure="detections"]');
    await page.waitForFunction(() => location.hash.includes('preset=custom'));
    const narrow = await checkDashboardAgainstApi();
    assert.ok(narrow.stats.detections < year.stats.detections, 'a shorter period has fewer detections');

    await page.fill('[data-testid="period-from"]', `${year.from.slice(0, 4)}-03-10`);
    await page.fill('[data-testid="period-to"]', `${year.from.slice(0, 4)}-03-01`);
    await page.click('[data-testid="period-apply"]');
    await page.waitForSelector('[data-testid="period-reversed"]');

    await go('#/dashboard?preset=custom&from=2001-01-01&to=2001-01-31', '[data-testid="dash-empty"]');
    assert.equal(await page.locator('#chart-month').count(), 0, 'no empty axes');
    await shot('dashboard-empty.png');
    await go('#/dashboard', '#chart-month canvas');
  });
});
