// The dashboard against GET /api/v1/stats/overlimit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, apiOk, assertNoErrorShown } from '../../lib/browser.mjs';
import { checkDashboardAgainstApi } from './dashboard.mjs';

describe('sunroad in the browser: the dashboard', () => {
  it('shows the same figures on the dashboard as the API', async () => {
    await page.waitForSelector('#chart-month canvas');
    const range = await apiOk('/api/v1/stats/range');
    const { from, to, stats } = await checkDashboardAgainstApi();
    assert.equal(from, range.from, 'the default period starts on the first day with detections');
    assert.equal(to, range.to, 'and ends on the last');
    assert.ok(stats.detections > 0, 'the test database has detections');
    assert.ok(stats.overlimit > 0, 'and some over the limit');
    assert.ok(await page.locator('#chart-site canvas').count() > 0, 'the by-site chart is drawn');
    const siteRows = await page.locator('[data-testid="sites-compact"] tbody tr').count();
    assert.equal(siteRows, (await apiOk('/api/v1/sites')).items.length, 'one row per site');
    await assertNoErrorShown('dashboard');
    await shot('dashboard.png');

    // Another period through the date pickers: the first month of the range.
    const month = from.slice(0, 7);
    await page.fill('[data-testid="period-from"]', `${month}-01`);
    await page.fill('[data-testid="period-to"]', `${month}-10`);
    await page.click('[data-testid="period-apply"]');
    await page.waitForFunction((m) => location.hash.includes(`from=${m}-01`), month);
    await page.waitForSelector('[data-figure="detections"]');
    const narrow = await checkDashboardAgainstApi();
    assert.equal(narrow.from, `${month}-01`);
    assert.ok(narrow.stats.detections < stats.detections, 'a shorter period has fewer detections');
  });
});
