// The browser suite against the server tests/web/run.sh started; the files
// share one page (tests/lib/browser.mjs) and run in number order. First:
// the login, and an admin's navigation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from '../../lib/config.mjs';
import { passwordOf, setPassword, loginOf } from '../../lib/http.mjs';
import { page, shot, api, apiOk } from '../../lib/browser.mjs';

const LOGIN = loginOf('admin');

describe('sunroad in the browser: the login', () => {
  it('redirects to the login page and logs in', async () => {
    await page.goto(`${BASE}/#/dashboard`);
    await page.waitForSelector('[data-testid="login-form"]');
    assert.equal(await page.evaluate(() => location.hash), '#/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.locator('#nav').isHidden(), true, 'no navigation before login');
    await shot('login.png');

    // A wrong password is refused with a message, and no session.
    await page.fill('[data-testid="login-login"]', LOGIN);
    await page.fill('[data-testid="login-password"]', `${passwordOf(LOGIN)}-wrong`);
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="login-form"] [data-testid="error"]');
    assert.equal((await api('/api/v1/session')).status, 401);

    await page.fill('[data-testid="login-password"]', passwordOf(LOGIN));
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="password-form"], [data-figure="detections"]');
    if (await page.locator('[data-testid="password-form"]').count()) {
      // First login: the server wants a new password before anything else.
      const fresh = process.env.SUNROAD_NEW_PASSWORD || `Web${Date.now()}pass`;
      await shot('password.png');
      await page.fill('[data-testid="password-old"]', passwordOf(LOGIN));
      await page.fill('[data-testid="password-new"]', fresh);
      await page.fill('[data-testid="password-repeat"]', fresh);
      await page.click('[data-testid="password-submit"]');
      await page.waitForSelector('[data-figure="detections"]');
      console.log(`# the password of ${LOGIN} is now ${fresh}`);
      setPassword(LOGIN, fresh);
    }
    const session = await apiOk('/api/v1/session');
    assert.equal(session.user.login, LOGIN);
    assert.ok(session.user.roles.includes('admin'), 'the test user is an admin');
    assert.equal(session.user.must_change_password, false);
    // An admin sees every navigation item.
    const nav = await page.$$eval('#nav li:not([hidden]) a', (as) => as.map((a) => a.dataset.route));
    assert.deepEqual(nav, ['dashboard', 'detections', 'screening', 'cases', 'repeat-offenders', 'reviews', 'tickets', 'tickets/escalations', 'tickets/stats', 'taxi', 'quarantine', 'site-status', 'sites', 'users', 'audit', 'exports', 'password']);
  });
});
