// The officer made by t50 logs in: the first password must change before
// anything else; then the navigation holds only its pages, and the users
// page refuses it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, api, apiOk, go } from '../../lib/browser.mjs';
import { officer, tag } from './state.mjs';

describe('sunroad in the browser: an officer\'s first login', () => {
  it('makes an officer change the first password, and shows it only its pages', async () => {
    assert.ok(officer.login, 'the admin step made an officer');
    await page.fill('[data-testid="login-login"]', officer.login);
    await page.fill('[data-testid="login-password"]', officer.password);
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="must-change"]');
    assert.equal(await page.evaluate(() => location.hash), '#/password');
    // Elsewhere is not reachable before the password changes.
    await page.evaluate(() => { location.hash = '#/detections'; });
    await page.waitForFunction(() => location.hash === '#/password');
    await page.waitForSelector('[data-testid="must-change"]');
    await shot('password-first-login.png');
    const fresh = `Officer-${tag}-pass`;
    await page.fill('[data-testid="password-old"]', officer.password);
    await page.fill('[data-testid="password-new"]', fresh);
    await page.fill('[data-testid="password-repeat"]', `${fresh}x`);
    await page.click('[data-testid="password-submit"]');
    await page.waitForSelector('[data-testid="password-form"] [data-testid="notice-error"]');
    await page.fill('[data-testid="password-repeat"]', fresh);
    await page.click('[data-testid="password-submit"]');
    await page.waitForSelector('[data-figure="detections"]');
    assert.equal((await apiOk('/api/v1/session')).user.must_change_password, false);

    const nav = await page.$$eval('#nav li:not([hidden]) a', (as) => as.map((a) => a.dataset.route));
    assert.deepEqual(nav, ['dashboard', 'detections', 'screening', 'cases', 'repeat-offenders', 'tickets', 'tickets/escalations', 'tickets/stats', 'taxi', 'quarantine', 'site-status', 'sites', 'exports', 'password']);
    await go('#/users', '[data-testid="error"]');
    assert.equal((await api('/api/v1/users')).status, 403, 'the server refuses too');
  });
});
