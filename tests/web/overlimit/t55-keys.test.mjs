// A site's device key, issued from the sites page by whoever may call
// POST /api/v1/sites/{code}/key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, go, apiOk, assertNoErrorShown, OFFICE } from '../../lib/browser.mjs';

describe('sunroad in the browser: device keys', () => {
  it('issues a new device key for a site, shown once', async () => {
    // A new device key for a site: shown once, in the documented form.
    await go('#/sites', '[data-testid="sites-table"]');
    const site = await page.getAttribute('[data-testid="sites-table"] tbody tr', 'data-site');
    // Each site's unit by its name, as the units list has it, and the
    // table whole on an office screen: its actions need no sideways scroll.
    const { items: sites } = await apiOk('/api/v1/sites');
    const { items: units } = await apiOk('/api/v1/units');
    const unit = units.find((u) => u.code === sites.find((s) => s.code === site).unit);
    assert.equal((await page.textContent(`[data-testid="sites-table"] tr[data-site="${site}"] td[data-col="unit"]`)).trim(), unit.name);
    assert.equal(page.viewportSize().width, OFFICE.width);
    const wrap = await page.$eval('[data-testid="sites-table"]', (t) => t.parentElement.scrollWidth - t.parentElement.clientWidth);
    assert.ok(wrap <= 0, `the sites table scrolls ${wrap} px sideways at 1366 px`);
    await page.click(`[data-testid="new-key-${site}"]`);
    await page.waitForSelector('[data-testid="site-key"]');
    assert.match((await page.textContent('[data-testid="site-key"]')).trim(), /^sr_[0-9a-f]{64}$/);
    await shot('sites-key.png');
    await assertNoErrorShown('sites');
  });
});
