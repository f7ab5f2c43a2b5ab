// The browser test: drives headless Chromium through sunroad's interface
// against a running server and compares what the page shows with what the
// API answers. Run by tests/web/run.sh (which starts a server on a fresh
// database), or by hand:
//
//   SUNROAD_URL=http://127.0.0.1:8080 SUNROAD_LOGIN=admin SUNROAD_PASSWORD=... \
//     node --test tests/web/ui.test.mjs
//
// SUNROAD_LOGIN must be an admin (every page is visited). If the server asks
// for a new password, SUNROAD_NEW_PASSWORD is set (or one is made up and
// printed). Screenshots go to SUNROAD_ARTIFACTS (default tests/web/artifacts).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.SUNROAD_URL || '').replace(/\/$/, '');
const LOGIN = process.env.SUNROAD_LOGIN;
let PASSWORD = process.env.SUNROAD_PASSWORD;
const ARTIFACTS = process.env.SUNROAD_ARTIFACTS || path.join(here, 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OFFICE = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

if (!BASE || !LOGIN || !PASSWORD) {
  throw new Error('set SUNROAD_URL, SUNROAD_LOGIN and SUNROAD_PASSWORD (tests/web/run.sh does)');
}
fs.mkdirSync(ARTIFACTS, { recursive: true });

let browser;
let page;
const problems = []; // uncaught page errors and CSP violations, checked at the end
const officer = {}; // the account the admin makes, used to log in as an officer
const tag = String(Date.now() % 1000000); // unique names on a reused server

const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });

// Same-origin API calls through the page, so they carry its session cookie.
async function api(url, init) {
  return page.evaluate(async ([u, i]) => {
    const res = await fetch(u, { credentials: 'same-origin', ...i });
    const text = await res.text();
    let body = null;
    try { body = JSON.parse(text); } catch { body = text; }
    return { status: res.status, type: res.headers.get('content-type'), body };
  }, [url, init || {}]);
}

async function apiOk(url) {
  const r = await api(url);
  assert.equal(r.status, 200, `GET ${url}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

// Goes to a route by its hash and waits for what shows it is drawn.
async function go(hash, selector) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  if (selector) await page.waitForSelector(selector);
}

// No error notice on the page (a failed API call shows one).
async function assertNoErrorShown(where) {
  const errors = await page.locator('[data-testid="error"]').allTextContents();
  assert.deepEqual(errors, [], `${where}: the page shows an error`);
}

async function horizontalOverflow() {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

// The figures as the page shows them: {detections: {value, text}, ...}.
async function figures() {
  return page.$$eval('[data-figure]', (els) => Object.fromEntries(els.map((el) => [
    el.dataset.figure, { value: el.dataset.value, text: el.querySelector('.figure-value').firstChild.textContent.trim() },
  ])));
}

// The same rule as web/js/format.js, written again so that the test does
// not trust the code it tests: kg → tonnes, 2 decimals, half up, grouped.
function tonnes(kg) {
  const h = Math.round(kg / 10);
  return `${Math.floor(h / 100).toLocaleString('en-US')}.${String(h % 100).padStart(2, '0')}`;
}

async function checkDashboardAgainstApi() {
  const from = await page.inputValue('[data-testid="period-from"]');
  const to = await page.inputValue('[data-testid="period-to"]');
  assert.match(from, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(to, /^\d{4}-\d{2}-\d{2}$/);
  const stats = await apiOk(`/api/v1/stats/overlimit?from=${from}&to=${to}`);
  const shown = await figures();
  assert.deepEqual(Object.keys(shown).sort(), ['detections', 'overlimit', 'rate', 'ton100', 'unloaded_t']);
  assert.equal(Number(shown.detections.value), stats.detections, 'detections');
  assert.equal(Number(shown.overlimit.value), stats.overlimit, 'over-limit vehicles');
  assert.equal(Number(shown.ton100.value), stats.ton100, '100-tonne trucks');
  assert.equal(Number(shown.unloaded_t.value), stats.unloaded_kg, 'unloaded kg');
  assert.equal(Number(shown.rate.value), stats.overlimit_rate_pct, 'over-limit rate');
  // And the text a person reads says the same.
  assert.equal(shown.detections.text.replace(/,/g, ''), String(stats.detections));
  assert.equal(shown.unloaded_t.text, tonnes(stats.unloaded_kg), 'tonnes unloaded, 2 decimals');
  assert.ok(shown.rate.text.startsWith(String(stats.overlimit_rate_pct)), `rate shown as ${shown.rate.text}`);
  return { from, to, stats };
}

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: OFFICE, locale: 'zh-CN', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // The interface asks before it issues a key, disables or resets: yes.
  page.on('dialog', (dialog) => dialog.accept());
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  // A fresh browser starts in Chinese.
  await page.goto(`${BASE}/`);
  await page.evaluate(() => localStorage.removeItem('sunroad.lang'));
});

after(async () => {
  if (browser) await browser.close();
});

describe('sunroad in the browser', () => {
  it('redirects to the login page and logs in', async () => {
    await page.goto(`${BASE}/#/dashboard`);
    await page.waitForSelector('[data-testid="login-form"]');
    assert.equal(await page.evaluate(() => location.hash), '#/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.locator('#nav').isHidden(), true, 'no navigation before login');
    await shot('login.png');

    // A wrong password is refused with a message, and no session.
    await page.fill('[data-testid="login-login"]', LOGIN);
    await page.fill('[data-testid="login-password"]', `${PASSWORD}-wrong`);
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="login-form"] [data-testid="error"]');
    assert.equal((await api('/api/v1/session')).status, 401);

    await page.fill('[data-testid="login-password"]', PASSWORD);
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="password-form"], [data-figure="detections"]');
    if (await page.locator('[data-testid="password-form"]').count()) {
      // First login: the server wants a new password before anything else.
      const fresh = process.env.SUNROAD_NEW_PASSWORD || `Web${Date.now()}pass`;
      await shot('password.png');
      await page.fill('[data-testid="password-old"]', PASSWORD);
      await page.fill('[data-testid="password-new"]', fresh);
      await page.fill('[data-testid="password-repeat"]', fresh);
      await page.click('[data-testid="password-submit"]');
      await page.waitForSelector('[data-figure="detections"]');
      console.log(`# the password of ${LOGIN} is now ${fresh}`);
      PASSWORD = fresh;
    }
    const session = await apiOk('/api/v1/session');
    assert.equal(session.user.login, LOGIN);
    assert.ok(session.user.roles.includes('admin'), 'the test user is an admin');
    assert.equal(session.user.must_change_password, false);
    // An admin sees every navigation item.
    const nav = await page.$$eval('#nav li:not([hidden]) a', (as) => as.map((a) => a.dataset.route));
    assert.deepEqual(nav, ['dashboard', 'detections', 'screening', 'quarantine', 'sites', 'users', 'audit', 'password']);
  });

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

  it('filters the detections by verdict, every row over the limit', async () => {
    await go('#/detections', '[data-testid="detections-filter"]');
    await page.waitForSelector('[data-testid="detections-table"], [data-testid="detections-empty"]');
    await page.selectOption('[data-testid="filter-verdict"]', 'overlimit');
    await page.click('[data-testid="filter-submit"]');
    await page.waitForFunction(() => location.hash.includes('verdict=overlimit'));
    await page.waitForSelector('[data-testid="detections-table"] tbody tr');

    const rows = await page.$$eval('[data-testid="detections-table"] tbody tr', (trs) => trs.map((tr) => ({
      id: tr.dataset.id,
      overlimit: tr.dataset.overlimit,
      verdict: tr.querySelector('[data-col="verdict"]').textContent,
    })));
    assert.ok(rows.length > 0);
    for (const r of rows) {
      assert.equal(r.overlimit, '1', `row ${r.id} is over the limit`);
      assert.ok(r.verdict.includes('超限'), `row ${r.id} says 超限: ${r.verdict}`);
    }
    // The page shows the API's first page, in its order.
    const list = await apiOk('/api/v1/detections?verdict=overlimit&limit=50');
    assert.deepEqual(rows.map((r) => r.id), list.items.map((d) => String(d.id)));
    assert.ok(list.items.every((d) => d.overlimit), 'the API agrees: all over the limit');

    // The exports carry the same filter, and answer.
    const csv = await page.getAttribute('[data-testid="export-csv"]', 'href');
    const xlsx = await page.getAttribute('[data-testid="export-xlsx"]', 'href');
    assert.equal(csv, '/api/v1/detections.csv?verdict=overlimit');
    assert.equal(xlsx, '/api/v1/detections.xlsx?verdict=overlimit');
    const csvAnswer = await api(csv);
    assert.equal(csvAnswer.status, 200, `CSV export: ${String(csvAnswer.body).slice(0, 200)}`);
    assert.match(csvAnswer.type || '', /text\/csv/);
    const xlsxStatus = await page.evaluate(async (u) => (await fetch(u)).status, xlsx);
    assert.equal(xlsxStatus, 200, 'XLSX export');
    await assertNoErrorShown('detections');
    await shot('detections.png');
  });

  it('opens a detection and explains the verdict', async () => {
    const first = page.locator('[data-testid="detections-table"] tbody tr').first();
    const id = await first.getAttribute('data-id');
    await first.locator('[data-col="site"]').click(); // a click anywhere on the row opens it
    await page.waitForSelector('[data-testid="explain"]');
    assert.equal(await page.evaluate(() => location.hash), `#/detections/${id}`);
    const d = await apiOk(`/api/v1/detections/${id}`);
    const text = async (testid) => page.textContent(`[data-testid="${testid}"]`);
    assert.ok((await text('explain-limit')).includes(d.explain.limit_kg.toLocaleString('en-US')), 'the limit');
    assert.ok((await text('explain-judged')).includes(d.explain.judged_kg.toLocaleString('en-US')), 'the judged mass');
    assert.ok((await text('explain-over')).includes(d.explain.over_kg.toLocaleString('en-US')), 'the excess');
    assert.ok((await text('explain-error')).includes(String(d.explain.error_pct)), 'the measurement error');
    const fineYuan = (d.explain.fine_fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    assert.ok((await text('explain-fine')).includes(fineYuan), `the fine ${fineYuan}`);
    const lines = await page.locator('[data-testid="explain-arithmetic"] li').allTextContents();
    assert.deepEqual(lines, d.explain.arithmetic, 'the arithmetic, line by line');
    assert.ok(lines.length > 0);
    const articles = await page.locator('[data-testid="explain-articles"] li').count();
    assert.equal(articles, d.explain.articles.length);
    assert.ok(articles > 0, 'the verdict cites its articles');
    assert.ok((await text('explain-articles')).includes(d.explain.articles[0].citation));
    await assertNoErrorShown('detail');
    await shot('detail.png');
    await page.click('[data-testid="detail-back"]');
    await page.waitForFunction(() => location.hash === '#/detections?verdict=overlimit');
  });

  it('screens a detection, which then leaves the queue', async () => {
    await go('#/screening', '[data-testid="screening-table"], [data-testid="screening-empty"]');
    const queue = await apiOk('/api/v1/screening?limit=1000');
    assert.ok(queue.items.length >= 2, 'the test database has at least two detections to screen');
    const ids = await page.$$eval('[data-testid="screening-table"] tbody tr', (trs) => trs.map((tr) => tr.dataset.id));
    assert.deepEqual(ids, queue.items.slice(0, ids.length).map((d) => String(d.id)), 'the queue, oldest first');
    await shot('screening.png');

    // Dismiss the first with reason "other": the note is required.
    const dismissed = ids[0];
    await page.click(`[data-testid="screening-table"] tr[data-id="${dismissed}"] [data-testid="open-detection"]`);
    await page.waitForSelector('[data-testid="screening-decide"]');
    const reasons = await apiOk('/api/v1/screening/reasons');
    const options = await page.$$eval('[data-testid="dismiss-reason"] option', (os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual(options, reasons.items.map((r) => r.code));
    await page.selectOption('[data-testid="dismiss-reason"]', 'other');
    await page.click('[data-testid="screening-dismiss"]');
    assert.equal(await page.evaluate(() => location.hash), `#/screening/${dismissed}`, 'no note: not sent');
    await shot('screening-detail.png');
    await page.fill('[data-testid="dismiss-note"]', '浏览器测试:车牌与照片不符');
    await page.click('[data-testid="screening-dismiss"]');
    await page.waitForSelector('[data-testid="flash"]');
    assert.equal(await page.evaluate(() => location.hash), '#/screening');

    // Confirm the next one.
    await page.waitForSelector('[data-testid="screening-table"] tbody tr, [data-testid="screening-empty"]');
    const confirmed = await page.getAttribute('[data-testid="screening-table"] tbody tr', 'data-id');
    assert.notEqual(confirmed, dismissed, 'the dismissed detection left the queue on the page');
    await page.click(`[data-testid="screening-table"] tr[data-id="${confirmed}"] [data-testid="open-detection"]`);
    await page.click('[data-testid="screening-confirm"]');
    await page.waitForSelector('[data-testid="flash"]');

    const after = (await apiOk('/api/v1/screening?limit=1000')).items.map((d) => String(d.id));
    assert.ok(!after.includes(dismissed), 'the dismissed detection left the queue');
    assert.ok(!after.includes(confirmed), 'the confirmed detection left the queue');
    assert.equal(after.length, queue.items.length - 2);
    const shown = await page.$$eval('[data-testid="screening-table"] tbody tr', (trs) => trs.map((tr) => tr.dataset.id));
    assert.ok(!shown.includes(dismissed) && !shown.includes(confirmed), 'and the page agrees');

    const d = await apiOk(`/api/v1/detections/${dismissed}`);
    assert.equal(d.screening, 'dismissed');
    assert.equal(d.decision.reason, 'other');
    assert.equal(d.decision.by, LOGIN);
    assert.equal((await apiOk(`/api/v1/detections/${confirmed}`)).screening, 'confirmed');
    // Deciding twice is refused.
    const again = await page.evaluate(async ([id, csrf]) => (await fetch(`/api/v1/screening/${id}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{"decision":"confirm"}',
    })).status, [confirmed, (await apiOk('/api/v1/session')).csrf]);
    assert.equal(again, 409);

    // The decided record shows its decision.
    await go(`#/detections/${dismissed}`, '[data-testid="detail-decision"]');
    assert.ok((await page.textContent('[data-testid="detail-decision"]')).includes('浏览器测试'));
  });

  it('shows the other pages without errors', async () => {
    const pages = [
      ['#/quarantine', '[data-testid="quarantine-table"], [data-testid="quarantine-empty"]', 'quarantine.png'],
      ['#/sites', '[data-testid="sites-table"]', 'sites.png'],
      ['#/users', '[data-testid="users-table"]', 'users.png'],
      ['#/audit', '[data-testid="audit-table"]', 'audit.png'],
      ['#/password', '[data-testid="password-form"]', 'password-page.png'],
    ];
    for (const [hash, selector, file] of pages) {
      await go(hash, selector);
      await assertNoErrorShown(hash);
      await shot(file);
    }
    // The audit log records the screening decisions just made.
    const audit = await apiOk('/api/v1/audit?limit=50');
    assert.ok(audit.items.some((a) => /screen/.test(a.action)), 'a screening decision is audited');
    // The quarantine holds the bad line run.sh fed in, with its reason.
    const q = await apiOk('/api/v1/quarantine');
    if (q.items.length) {
      await go('#/quarantine', '[data-testid="quarantine-table"]');
      assert.ok((await page.textContent('[data-testid="quarantine-table"]')).includes(q.items[0].reason));
    }
  });

  it('administers units, users and device keys', async () => {
    await go('#/users', '[data-testid="users-table"]');
    const units = (await apiOk('/api/v1/units')).items;
    const parent = units.find((u) => u.kind === 'brigade') || units[0];

    // A squad under a brigade.
    const unit = `WT${tag}`;
    await page.fill('[data-testid="unit-code"]', unit);
    await page.fill('[data-testid="unit-name"]', '网页测试中队');
    await page.selectOption('[data-testid="unit-kind"]', 'squad');
    await page.selectOption('[data-testid="unit-parent"]', parent.code);
    await page.click('[data-testid="unit-add-submit"]');
    await page.waitForSelector(`[data-testid="units-table"] tr[data-unit="${unit}"]`);
    const made = (await apiOk('/api/v1/units')).items.find((u) => u.code === unit);
    assert.deepEqual({ kind: made.kind, parent: made.parent }, { kind: 'squad', parent: parent.code });

    // An officer of that squad, without a password: one is made and shown once.
    officer.login = `officer${tag}`;
    await page.fill('[data-testid="user-login"]', officer.login);
    await page.fill('[data-testid="user-name-input"]', '测试执法人员');
    await page.check('[data-testid="user-role-officer"]');
    await page.selectOption('[data-testid="user-unit"]', unit);
    await page.fill('[data-testid="user-badge"]', '15239999');
    await page.click('[data-testid="user-add-submit"]');
    await page.waitForSelector('[data-testid="new-password"]');
    officer.password = (await page.textContent('[data-testid="new-password"]')).trim();
    assert.ok(officer.password.length >= 10, `a generated password: ${officer.password}`);
    await page.waitForSelector(`[data-testid="users-table"] tr[data-login="${officer.login}"]`);
    const user = (await apiOk('/api/v1/users?limit=1000')).items.find((u) => u.login === officer.login);
    assert.deepEqual([user.roles, user.unit, user.badge, user.must_change_password], [['officer'], unit, '15239999', true]);
    await shot('users-added.png');

    // Reset: another password, shown once.
    await page.click(`[data-testid="reset-${officer.login}"]`);
    await page.waitForFunction((old) => {
      const el = document.querySelector('[data-testid="new-password"]');
      return el && el.textContent.trim() !== old;
    }, officer.password);
    officer.password = (await page.textContent('[data-testid="new-password"]')).trim();

    // A second account, disabled at once: marked, and no disable button left.
    const idle = `idle${tag}`;
    await page.fill('[data-testid="user-login"]', idle);
    await page.fill('[data-testid="user-name-input"]', '停用测试');
    await page.check('[data-testid="user-role-inspector"]');
    await page.fill('[data-testid="user-password"]', `Idle-${tag}-password`);
    await page.click('[data-testid="user-add-submit"]');
    await page.waitForSelector(`[data-testid="disable-${idle}"]`);
    await page.click(`[data-testid="disable-${idle}"]`);
    await page.waitForSelector(`[data-testid="users-table"] tr[data-login="${idle}"].row-muted`);
    assert.equal(await page.locator(`[data-testid="disable-${idle}"]`).count(), 0);
    assert.equal((await apiOk('/api/v1/users?limit=1000')).items.find((u) => u.login === idle).disabled, true);
    assert.equal(await page.locator(`[data-testid="disable-${LOGIN}"]`).count(), 0, 'an admin cannot disable itself');

    // A new device key for a site: shown once, in the documented form.
    await go('#/sites', '[data-testid="sites-table"]');
    const site = await page.getAttribute('[data-testid="sites-table"] tbody tr', 'data-site');
    await page.click(`[data-testid="new-key-${site}"]`);
    await page.waitForSelector('[data-testid="site-key"]');
    assert.match((await page.textContent('[data-testid="site-key"]')).trim(), /^sr_[0-9a-f]{64}$/);
    await shot('sites-key.png');
    await assertNoErrorShown('sites');
  });

  it('switches to English and back', async () => {
    await go('#/dashboard', '[data-figure="detections"]');
    await page.waitForSelector('#chart-month canvas');
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('[data-figure="detections"]');
    assert.equal(await page.textContent('#nav a[data-route="dashboard"]'), 'Dashboard');
    assert.equal(await page.textContent('[data-figure="detections"] .figure-label'), 'Detections');
    assert.equal(await page.textContent('[data-figure="ton100"] .figure-label'), '100-tonne trucks');
    assert.equal(await page.textContent('[data-testid="lang-toggle"]'), '中文');
    await page.waitForSelector('#chart-month canvas');
    await shot('dashboard-en.png');

    // The choice survives a reload.
    await page.reload();
    await page.waitForSelector('[data-figure="detections"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('h1'), 'Dashboard');

    await page.click('[data-testid="lang-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.waitForSelector('[data-figure="detections"]');
    assert.equal(await page.textContent('#nav a[data-route="dashboard"]'), '统计概览');
    assert.equal(await page.textContent('[data-figure="detections"] .figure-label'), '检测数');
  });

  it('fits a 1366×768 office screen and a phone without sideways scrolling', async () => {
    await page.setViewportSize(OFFICE);
    await go('#/dashboard', '#chart-month canvas');
    assert.ok(await horizontalOverflow() <= 0, `1366 px: overflow ${await horizontalOverflow()} px`);
    assert.equal(await page.locator('#menu-toggle').isVisible(), false, 'no menu button on the office screen');
    await shot('dashboard-1366.png');

    await page.setViewportSize(PHONE);
    await page.reload();
    await page.waitForSelector('#chart-month canvas');
    assert.ok(await horizontalOverflow() <= 0, `390 px: overflow ${await horizontalOverflow()} px`);
    assert.equal(await page.locator('#nav').isVisible(), false, 'the navigation is folded on a phone');
    await page.click('#menu-toggle');
    assert.equal(await page.locator('#nav').isVisible(), true, 'the menu button unfolds it');
    await shot('dashboard-phone-menu.png');
    await page.click('#nav a[data-route="detections"]');
    await page.waitForSelector('[data-testid="detections-table"]');
    assert.equal(await page.locator('#nav').isVisible(), false, 'and it folds again after choosing');
    assert.ok(await horizontalOverflow() <= 0, 'the detections table scrolls inside its box on a phone');
    await shot('detections-phone.png');
    await go('#/dashboard', '#chart-month canvas');
    assert.ok(await horizontalOverflow() <= 0);
    await shot('dashboard-phone.png');
    await page.setViewportSize(OFFICE);
  });

  it('logs out', async () => {
    await page.click('[data-testid="logout"]');
    await page.waitForSelector('[data-testid="login-form"]');
    assert.equal((await api('/api/v1/session')).status, 401, 'the session is gone');
    // A page that needs a session sends back to the login page.
    await page.evaluate(() => { location.hash = '#/detections'; });
    await page.waitForFunction(() => location.hash === '#/login');
    await page.waitForSelector('[data-testid="login-form"]');
  });

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
    assert.deepEqual(nav, ['dashboard', 'detections', 'screening', 'quarantine', 'sites', 'password']);
    await go('#/users', '[data-testid="error"]');
    assert.equal((await api('/api/v1/users')).status, 403, 'the server refuses too');
    // The dashboard still agrees with the API for the officer's own scope.
    await go('#/dashboard', '[data-figure="detections"]');
    await checkDashboardAgainstApi();
    await page.click('[data-testid="logout"]');
    await page.waitForSelector('[data-testid="login-form"]');
  });

  it('raised no page error and no CSP violation', () => {
    assert.deepEqual(problems, []);
  });
});
