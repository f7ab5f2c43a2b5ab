// Logging out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, api } from '../../lib/browser.mjs';

describe('sunroad in the browser: logout', () => {
  it('logs out', async () => {
    await page.click('[data-testid="logout"]');
    await page.waitForSelector('[data-testid="login-form"]');
    assert.equal((await api('/api/v1/session')).status, 401, 'the session is gone');
    // A page that needs a session sends back to the login page.
    await page.evaluate(() => { location.hash = '#/detections'; });
    await page.waitForFunction(() => location.hash === '#/login');
    await page.waitForSelector('[data-testid="login-form"]');
  });
});
