// The quarantine and the sites pages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, apiOk, go, visitPages } from '../../lib/browser.mjs';

describe('sunroad in the browser: quarantine and sites', () => {
  it('shows the quarantine and the sites without errors', async () => {
    await visitPages([
      ['#/quarantine?state=all', '[data-testid="quarantine-table"], [data-testid="quarantine-empty"]', 'quarantine.png'],
      ['#/sites', '[data-testid="sites-table"]', 'sites.png'],
    ]);
    // The quarantine holds the bad line run.sh fed in, with its reason.
    const q = await apiOk('/api/v1/quarantine');
    if (q.items.length) {
      await go('#/quarantine?state=all', '[data-testid="quarantine-table"]');
      const code = await page.getAttribute(`[data-testid="quarantine-table"] tr[data-id="${q.items[0].id}"] [data-code]`, 'data-code');
      assert.equal(code, q.items[0].reason_code, 'the reason shown is the one the API gives');
    }
  });
});
