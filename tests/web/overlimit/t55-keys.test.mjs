// A site's device key, issued from the sites page by whoever may call
// POST /api/v1/sites/{code}/key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, go, assertNoErrorShown } from '../../lib/browser.mjs';

describe('sunroad in the browser: device keys', () => {
  it('issues a new device key for a site, shown once', async () => {
    // A new device key for a site: shown once, in the documented form.
    await go('#/sites', '[data-testid="sites-table"]');
    const site = await page.getAttribute('[data-testid="sites-table"] tbody tr', 'data-site');
    await page.click(`[data-testid="new-key-${site}"]`);
    await page.waitForSelector('[data-testid="site-key"]');
    assert.match((await page.textContent('[data-testid="site-key"]')).trim(), /^sr_[0-9a-f]{64}$/);
    await shot('sites-key.png');
    await assertNoErrorShown('sites');
  });
});
