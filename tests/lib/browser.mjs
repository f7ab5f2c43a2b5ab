// The browser of the web suite: one headless Chromium (Debian's, driven by
// playwright-core) and one page, shared by every test file of the suite
// (tests/web/suite.mjs opens it before the first and closes it after the
// last), with what the tests do to it: go to a route, call the API through
// it (with its session cookie), measure sideways scrolling, take
// screenshots. Uncaught page errors and CSP violations are collected in
// `problems`, which the last test expects empty.
//
//   CHROMIUM           the browser (default /usr/bin/chromium)
//   SUNROAD_ARTIFACTS  screenshots (default tests/web/artifacts)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { cfg, BASE } from './config.mjs';

export const OFFICE = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
const ARTIFACTS = process.env.SUNROAD_ARTIFACTS || path.join(cfg.top, 'tests/web/artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const problems = []; // uncaught page errors and CSP violations
export let page = null; // the page every test drives (a live binding)
let browser = null;

export async function openBrowser() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
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
}

export async function closeBrowser() {
  if (browser) await browser.close();
}

export const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
// Only what the screen shows now (a phone's thumb reach, not the whole page).
export const shotView = (name) => page.screenshot({ path: path.join(ARTIFACTS, name) });

// Same-origin API calls through the page, so they carry its session cookie.
export async function api(url, init) {
  return page.evaluate(async ([u, i]) => {
    const res = await fetch(u, { credentials: 'same-origin', ...i });
    const text = await res.text();
    let body = null;
    try { body = JSON.parse(text); } catch { body = text; }
    return { status: res.status, type: res.headers.get('content-type'), body };
  }, [url, init || {}]);
}

export async function apiOk(url) {
  const r = await api(url);
  assert.equal(r.status, 200, `GET ${url}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

// Goes to a route by its hash and waits for what shows it is drawn.
export async function go(hash, selector) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  if (selector) await page.waitForSelector(selector);
}

// Runs action (a filter submitted, a header clicked), which draws the
// page again under a new hash, and waits for selector on the new page:
// the hash changes before the new page replaces the old one, whose rows
// would otherwise be read (a flaky test, one run in ten or so).
export async function redrawn(action, selector) {
  const old = await page.$('#view .page');
  await action();
  if (old) await page.waitForFunction((el) => !el.isConnected, old);
  await page.waitForSelector(selector);
}

// No error notice on the page (a failed API call shows one).
export async function assertNoErrorShown(where) {
  const errors = await page.locator('[data-testid="error"]').allTextContents();
  assert.deepEqual(errors, [], `${where}: the page shows an error`);
}

// Visits each [hash, selector, screenshot]: drawn, with no error shown.
export async function visitPages(pages) {
  for (const [hash, selector, file] of pages) {
    await go(hash, selector);
    await assertNoErrorShown(hash);
    await shot(file);
  }
}

// The Latin-script sentences of a text: three or more Latin words in a
// row ("The login or the password is wrong"). Data (a login, a plate, a
// code such as detection:12, a date) is one word at a time, so it passes.
export function latinSentences(text) {
  return String(text).match(/[A-Za-z][A-Za-z'’]*(?:[\s,;:]+[A-Za-z][A-Za-z'’]*){2,}/g) || [];
}

// The error notice shown in scope (a selector), waited for: its text and
// reason; fails when the text holds a Latin-script sentence.
export async function shownError(scope = 'body') {
  const el = page.locator(`${scope} [data-testid="error"]`).last();
  await el.waitFor();
  const text = (await el.textContent()).trim();
  const reason = await el.getAttribute('data-reason');
  assert.deepEqual(latinSentences(text), [], `the error shown (${reason}) holds English: ${text}`);
  return { text, reason };
}

export async function horizontalOverflow() {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

// The navigation as shown: [{route, label, needs}] ('needs': the server
// route the page calls, "GET /api/v1/screening").
export async function navItems() {
  return page.$$eval('#nav li:not([hidden]) a', (as) => as.map((a) => ({ route: a.dataset.route, label: a.textContent, needs: a.dataset.needs })));
}

// Logs in through the login page (logging out first when someone is).
export async function loginAs(login, password, waitFor) {
  if (await page.locator('[data-testid="logout"]').isVisible()) {
    await page.click('[data-testid="logout"]');
    await page.waitForSelector('[data-testid="login-form"]');
  } else {
    await go('#/login', '[data-testid="login-form"]');
  }
  await page.fill('[data-testid="login-login"]', login);
  await page.fill('[data-testid="login-password"]', password);
  await page.click('[data-testid="login-submit"]');
  if (waitFor) await page.waitForSelector(waitFor);
}

// What a Chinese reader sees on the page that is in Latin script but is
// neither data nor a code: [{selector, text, why}]. Read are the visible
// text nodes, the placeholder, title, aria-label and alt attributes, the
// cards' labels (data-label, shown by app.css on a phone), the options of
// visible selects, button values and the document's title. Data is
// exempt: inside an element marked data-raw (plates, logins, site codes,
// raw records, file names), <code>, <kbd> or <samp>, or one matching a
// selector of `data` (data a page shows unmarked). Within a text, legal
// citations (JJG 907-2006, GB 1589-2016), snake_case names of the data
// formats (gross_kg), codes with digits (R01, S0101, 2^40,
// 2023-03-01T08:15:30+08:00) and a value quoted “so” are dropped first; what is left is an offender when it holds two Latin words in a
// row ("not found") or one word of 4+ letters ("Loading") that is not an
// allowed token.
// Units, codes, keys and names that are not English to a Chinese reader.
export const LATIN_ALLOWED = ['kg', 't', 'km', 'h', 'mm', 'HQ', 'CSV', 'XLSX', 'PDF', 'ID', 'QR', 'JSON', 'SHA', 'UTF',
  'Enter', 'Esc', 'IP', 'URL', 'API', 'sunroad', 'Excel'];

export async function latinOffenders(data = []) {
  return page.evaluate(([allowedList, dataSelectors]) => {
    const allowed = new Set(allowedList.map((w) => w.toLowerCase()));
    const DATA = ['[data-raw], code, kbd, samp, script, style, noscript, template', ...dataSelectors].join(', ');
    const citation = /\b(?:JJG|JTG|JT|GB(?:\/T)?)\s*[\d.]+(?:\s*[-—–]\s*\d{4})?/g;
    const snake = /\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b/g;
    const digits = /[^\s\u3000-\u9fff\uff00-\uffef]*\d[^\s\u3000-\u9fff\uff00-\uffef]*/g;
    const quoted = /“[^”]*”/g;
    const sentence = /[A-Za-z]{2,}(?:[\s,.;:'’-]+[A-Za-z]{2,})+/g;
    const word = /[A-Za-z]{4,}/g;
    function why(text) {
      const s = text.replace(quoted, ' ').replace(citation, ' ').replace(snake, ' ').replace(digits, ' ');
      for (const m of s.match(sentence) || []) {
        if (!m.split(/[\s,.;:'’-]+/).every((w) => allowed.has(w.toLowerCase()))) return `sentence «${m}»`;
      }
      for (const m of s.match(word) || []) if (!allowed.has(m.toLowerCase())) return `word «${m}»`;
      return null;
    }
    function selector(el) {
      const parts = [];
      for (let e = el; e && e !== document.documentElement && parts.length < 4; e = e.parentElement) {
        let s = e.tagName.toLowerCase();
        if (e.id) { parts.unshift(`${s}#${e.id}`); break; }
        if (e.dataset.testid) s += `[data-testid="${e.dataset.testid}"]`;
        else if (e.classList.length) s += `.${[...e.classList].slice(0, 2).join('.')}`;
        parts.unshift(s);
      }
      return parts.join(' > ');
    }
    const visible = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const out = [];
    const seen = new Set();
    function check(el, text, what) {
      const t = String(text || '').replace(/\s+/g, ' ').trim();
      const w = t && why(t);
      const key = `${what}|${t}`;
      if (w && !seen.has(key)) { seen.add(key); out.push({ selector: `${selector(el)}${what}`, text: t.slice(0, 160), why: w }); }
    }
    check(document.documentElement, document.title, ' (document title)');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(DATA) || el.closest('option') || !visible(el)) continue;
      check(el, n.nodeValue, '');
    }
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest(DATA)) continue;
      if (el.tagName === 'SELECT' && visible(el)) for (const o of el.options) check(el, o.textContent, ` option[value="${o.value}"]`);
      if (!visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label', 'alt', 'data-label']) if (el.hasAttribute(a)) check(el, el.getAttribute(a), ` [${a}]`);
      if (el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type)) check(el, el.value, ' [value]');
    }
    return out;
  }, [LATIN_ALLOWED, data]);
}
