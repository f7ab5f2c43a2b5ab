// The quarantine and the sites pages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, apiOk, go, visitPages } from '../../lib/browser.mjs';

describe('sunroad in the browser: quarantine and sites', () => {
  it('shows the quarantine and the sites without errors', async () => {
    await visitPages([
      ['#/quarantine', '[data-testid="quarantine-table"], [data-testid="quarantine-empty"]', 'quarantine.png'],
      ['#/sites', '[data-testid="sites-table"]', 'sites.png'],
    ]);
    // The quarantine holds the bad line run.sh fed in, with its reason.
    const q = await apiOk('/api/v1/quarantine');
    if (q.items.length) {
      await go('#/quarantine', '[data-testid="quarantine-table"]');
      assert.ok((await page.textContent('[data-testid="quarantine-table"]')).includes(q.items[0].reason));
    }
  });
});
