// The navigation is built from GET /api/v1/routes: each link is a page
// whose server route (data-needs) the caller may call, and every such page
// has its link. An admin sees every page; an officer sees 人工审核 but not
// 用户与单位 (and is refused the users page). On an office screen and on a
// phone, without sideways scrolling.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, passwordOf, loginOf } from '../../lib/http.mjs';
import { page, shot, apiOk, go, horizontalOverflow, navItems, loginAs, OFFICE, PHONE } from '../../lib/browser.mjs';

const LOGIN = loginOf('admin');
const tag = String(Date.now() % 1000000);
const officer = { login: `navofficer${tag}`, password: `Nav-officer-${tag}-pass` };
const SCREENS = [['1366', OFFICE], ['phone', PHONE]];

// The routes the logged-in user may call: 'GET /api/v1/screening', ...
async function allowedRoutes() {
  const answer = await apiOk('/api/v1/routes');
  return new Set(answer.routes.filter((r) => r.allowed).map((r) => `${r.method} ${r.path}`));
}

// The navigation on a fresh load at that size (unfolded on a phone).
async function shownNav(viewport) {
  await page.setViewportSize(viewport);
  await page.reload();
  await page.waitForSelector('#nav li a', { state: 'attached' });
  if (viewport === PHONE) {
    assert.equal(await page.locator('#nav').isVisible(), false, 'folded on a phone');
    await page.click('#menu-toggle');
  }
  assert.equal(await page.locator('#nav').isVisible(), true, 'the navigation shows');
  return navItems();
}

describe('sunroad in the browser: the navigation follows GET /api/v1/routes', () => {
  let every = null; // the admin's navigation: every page there is

  after(async () => { await page.setViewportSize(OFFICE); });

  it('shows an admin every page, each one a route it may call', async () => {
    await loginAs(LOGIN, passwordOf(LOGIN), '#nav a');
    for (const [name, viewport] of SCREENS) {
      const items = await shownNav(viewport);
      const allowed = await allowedRoutes();
      for (const item of items) assert.ok(allowed.has(item.needs), `${item.label}: ${item.needs} is allowed`);
      const labels = items.map((i) => i.label);
      assert.ok(labels.includes('人工审核') && labels.includes('用户与单位') && labels.includes('审计日志'), `${name}: ${labels}`);
      assert.ok(await horizontalOverflow() <= 0, `${name}: overflow ${await horizontalOverflow()} px`);
      await shot(`nav-admin-${name}.png`);
      every = items;
    }
  });

  it('every page a module declares needs a route the server has, and no two share a hash route', async () => {
    const { modules, routes } = await apiOk('/api/v1/routes');
    const table = new Set(routes.map((r) => `${r.method} ${r.path}`));
    // The modules as the shell imported them (the same instances).
    const pages = await page.evaluate(async (names) => {
      const out = [];
      for (const name of names) {
        for (const p of (await import(`/${name}/module.js`)).pages) {
          out.push({ module: name, route: p.route, public: Boolean(p.public), needs: p.needs ? `${p.needs.method} ${p.needs.path}` : null });
        }
      }
      return out;
    }, modules.filter((m) => m.web).map((m) => m.name));
    assert.ok(pages.length >= 10, `${pages.length} pages`);
    for (const p of pages.filter((x) => !x.public)) {
      assert.ok(p.needs && table.has(p.needs), `web/${p.module}: the page ${p.route} needs ${p.needs}, which is not in the server's table`);
    }
    const hashes = pages.map((p) => p.route);
    assert.deepEqual(hashes.filter((h, i) => hashes.indexOf(h) !== i), [], 'hash routes declared twice');
  });

  it('shows an officer only the pages whose route it may call: 人工审核, not 用户与单位', async () => {
    assert.ok(every, 'the admin\'s navigation was read');
    await addUser({ login: officer.login, name: '导航测试执法人员', role: 'officer', unit: 'HQ', password: officer.password });
    await page.setViewportSize(OFFICE);
    await loginAs(officer.login, officer.password, '#nav a');
    for (const [name, viewport] of SCREENS) {
      const items = await shownNav(viewport);
      const allowed = await allowedRoutes();
      assert.deepEqual(items, every.filter((i) => allowed.has(i.needs)), `${name}: the admin's pages that the officer may call`);
      const labels = items.map((i) => i.label);
      assert.ok(labels.includes('人工审核'), `${name}: 人工审核 in ${labels}`);
      assert.ok(!labels.includes('用户与单位'), `${name}: no 用户与单位 in ${labels}`);
      assert.ok(!labels.includes('审计日志'), `${name}: no 审计日志 in ${labels}`);
      assert.ok(await horizontalOverflow() <= 0, `${name}: overflow ${await horizontalOverflow()} px`);
      await shot(`nav-officer-${name}.png`);
    }
    // A page the navigation does not offer is refused when typed in.
    await page.setViewportSize(OFFICE);
    await go('#/users', '[data-testid="error"]');
    assert.match(await page.textContent('[data-testid="error"]'), /您的角色无权打开此页面/);
    assert.equal(await page.getAttribute('[data-testid="error"]', 'data-reason'), 'page_forbidden');
    await page.click('[data-testid="logout"]');
    await page.waitForSelector('[data-testid="login-form"]');
  });
});
