// The officer logged in by people/t85 sees the figures of its own scope.
import { describe, it } from 'node:test';
import { page, go } from '../../lib/browser.mjs';
import { checkDashboardAgainstApi } from './dashboard.mjs';

describe('sunroad in the browser: an officer\'s dashboard', () => {
  it('shows an officer the figures of its own scope, as the API', async () => {
    // The dashboard still agrees with the API for the officer's own scope.
    await go('#/dashboard', '[data-figure="detections"]');
    await checkDashboardAgainstApi();
    await page.click('[data-testid="logout"]');
    await page.waitForSelector('[data-testid="login-form"]');
  });
});
