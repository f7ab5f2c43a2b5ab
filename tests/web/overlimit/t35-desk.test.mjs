// The screening desk by keyboard alone: up to 50 records of the demo
// year decided with Enter and the number keys, one undone with U, the
// time from a decision key to the next record shown (performance.now in
// the page: the key's handler to the frame after the next record is in
// the DOM) printed as median and p95; the desk on an office screen and a
// phone, in Chinese (no Latin sentence) and in English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loginOf } from '../../lib/http.mjs';
import { page, shot, api, apiOk, go, redrawn, horizontalOverflow, latinSentences, OFFICE, PHONE } from '../../lib/browser.mjs';

const SESSION = 50;
const LEAVE = 6; // pending records left for the tests after this one
const ARTIFACTS = process.env.SUNROAD_ARTIFACTS || '';

// The demo year of tests/web/run.sh holds fewer pending records than a
// session of 50: copies of its pending records are posted through the
// device feed (a new key for each site; new seq numbers; the same time,
// measures and photos, which the photo store holds already).
async function topUp(want) {
  const pending = (await apiOk('/api/v1/screening?limit=1000')).items;
  if (pending.length >= want) return 0;
  const csrf = (await apiOk('/api/v1/session')).csrf;
  const details = await Promise.all(pending.map((d) => apiOk(`/api/v1/detections/${d.id}`)));
  const bySite = new Map();
  for (let i = 0; pending.length + i < want; i++) {
    const d = details[i % details.length];
    const rec = {
      site: d.site, seq: 900000 + i, passed_at: d.passed_at, plate: d.plate, plate_color: d.plate_color, kind: d.kind,
      axles: d.axles, gross_kg: d.gross_kg, axle_kg: d.axle_kg.join(';'), single_drive: d.single_drive ? 1 : 0,
      single_tire_axles: d.single_tire_axles ?? 0, speed_kmh: d.speed_kmh, lane: d.lane,
      photos: (d.photos || []).map((p) => (p.kind ? `${p.kind}:${p.sha256}` : p.sha256)).join(';'),
    };
    for (const k of ['length_mm', 'width_mm', 'height_mm']) if (d[k]) rec[k] = d[k];
    if (!bySite.has(d.site)) bySite.set(d.site, []);
    bySite.get(d.site).push(rec);
  }
  let added = 0;
  for (const [site, recs] of bySite) {
    const key = await api(`/api/v1/sites/${site}/key`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{}' });
    assert.equal(key.status, 200, JSON.stringify(key.body));
    const r = await api('/api/v1/detections', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key.body.key}` }, body: JSON.stringify(recs) });
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
    added += r.body.accepted;
  }
  return added;
}

const deskId = () => page.getAttribute('[data-testid="desk"]', 'data-id');
const shown = () => page.evaluate(() => (window.__deskTimes || []).length);
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function noLatin(where) {
  const text = await page.innerText('#view');
  assert.deepEqual(latinSentences(text), [], `${where}: English in the Chinese desk`);
}

describe('sunroad in the browser: the screening desk', () => {
  it(`screens up to ${SESSION} records by keyboard alone, each next record shown by itself`, async () => {
    await page.setViewportSize(OFFICE);
    const demo = (await apiOk('/api/v1/screening?limit=1')).total;
    const added = await topUp(SESSION + LEAVE + 1);
    const total = (await apiOk('/api/v1/screening?limit=1')).total;
    const n = Math.min(SESSION, total - LEAVE);
    console.log(`# the demo year holds ${demo} pending records, ${added} copies added by the feed; screening ${n} by keyboard`);
    assert.ok(n >= 10, `the demo data has records to screen: ${total} pending`);

    await go('#/screening', '[data-testid="screening-start"]');
    assert.match(await page.textContent('[data-testid="screening-total"]'), /\d/);
    await page.click('[data-testid="screening-start"]');
    await page.waitForSelector('[data-testid="desk"][data-id] [data-testid="desk-summary"]');
    await noLatin('the desk');
    await shot('desk-1366-zh.png');
    await page.keyboard.press('z');
    await shot('desk-zoom.png');

    const reasons = (await apiOk('/api/v1/screening/reasons')).items;
    const decided = [];
    for (let i = 0; i < n; i++) {
      const id = await deskId();
      const before = await shown();
      // Mostly confirm; every fourth dismissed with reason 1-3.
      const k = i % 4 === 3 ? String(1 + (i % 3)) : (i % 2 ? 'y' : 'Enter');
      await page.keyboard.press(k);
      await page.waitForFunction(([b, old]) => (window.__deskTimes || []).length > b || (document.querySelector('[data-testid="screening-empty"]') && old), [before, id]);
      decided.push({ id, decision: /^\d$/.test(k) ? 'dismissed' : 'confirmed', reason: /^\d$/.test(k) ? reasons[Number(k) - 1].code : '' });
      assert.notEqual(await deskId(), id, 'the next record is shown');
      assert.match(await page.textContent('[data-testid="flash"]'), /已确认|已排除/);
    }

    // U: the last decision undone, its record shown again, pending.
    const last = decided.pop();
    await page.keyboard.press('u');
    await page.waitForFunction((id) => document.querySelector('[data-testid="desk"]')?.dataset.id === id && document.querySelector('[data-testid="desk-summary"]'), last.id);
    assert.match(await page.textContent('[data-testid="flash"]'), /已撤销/);
    assert.equal((await apiOk(`/api/v1/detections/${last.id}`)).screening, 'pending');
    await shot('desk-undo.png');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector('[data-testid="desk"]')?.dataset.id !== id, last.id);
    decided.push({ ...last, decision: 'confirmed', reason: '' });

    for (const d of decided) {
      const got = await apiOk(`/api/v1/detections/${d.id}`);
      assert.equal(got.screening, d.decision, `record ${d.id}`);
      assert.equal(got.decision.reason, d.reason);
      assert.equal(got.decision.by, loginOf('admin'));
    }

    const times = (await page.evaluate(() => window.__deskTimes)).slice(0, n).sort((a, b) => a - b);
    const median = quantile(times, 0.5);
    const p95 = quantile(times, 0.95);
    console.log(`# decision key → next record shown, ${times.length} decisions: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
    if (ARTIFACTS) fs.writeFileSync(path.join(ARTIFACTS, 'desk-times.json'), JSON.stringify({ n: times.length, median, p95, times }, null, 1));
    assert.ok(median < 1000, `median ${median} ms`);
  });

  it('works with one thumb on a phone, and in English', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.waitForSelector('[data-testid="desk"][data-id] [data-testid="desk-summary"]');
    assert.ok(await horizontalOverflow() <= 0, `390 px: overflow ${await horizontalOverflow()} px`);
    const box = await page.locator('[data-testid="screening-confirm"]').boundingBox();
    assert.ok(box && box.y + box.height <= PHONE.height && box.height >= 44, `the confirm button is at hand: ${JSON.stringify(box)}`);
    await noLatin('the desk on a phone');
    await shot('desk-phone-zh.png');

    // A tap decides too.
    const id = await deskId();
    await page.click('[data-testid="screening-confirm"]');
    await page.waitForFunction((old) => document.querySelector('[data-testid="desk"]')?.dataset.id !== old, id);
    assert.equal((await apiOk(`/api/v1/detections/${id}`)).screening, 'confirmed');

    await page.click('[data-testid="lang-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('[data-testid="desk"][data-id] [data-testid="desk-summary"]');
    await shot('desk-phone-en.png');
    await page.setViewportSize(OFFICE);
    await shot('desk-1366-en.png');
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await go('#/screening', '[data-testid="screening-table"], [data-testid="screening-empty"]');
  });

  it('filters and sorts the queue, with its total', async () => {
    await go('#/screening', '[data-testid="screening-filters"]');
    await page.selectOption('[data-testid="scr-filter-sort"]', 'excess');
    await redrawn(() => page.click('[data-testid="screening-filters"] button[type="submit"]'),
      '[data-testid="screening-table"] tbody tr, [data-testid="screening-empty"]');
    assert.equal(await page.evaluate(() => location.hash), '#/screening?sort=excess');
    const api = await apiOk('/api/v1/screening?sort=excess&limit=50');
    const ids = await page.$$eval('[data-testid="screening-table"] tbody tr', (trs) => trs.map((tr) => tr.dataset.id));
    assert.deepEqual(ids, api.items.map((d) => String(d.id)), 'heaviest excess first, as the API');
    assert.match(await page.textContent('[data-testid="screening-total"]'), new RegExp(`${api.total}`));
    await page.check('[data-testid="scr-filter-ton100"]');
    await redrawn(() => page.click('[data-testid="screening-filters"] button[type="submit"]'),
      '[data-testid="screening-table"] tbody tr, [data-testid="screening-empty"]');
    assert.ok((await page.evaluate(() => location.hash)).includes('ton100=1'));
    const heavy = await apiOk('/api/v1/screening?sort=excess&ton100=1&limit=50');
    assert.equal(await page.locator('[data-testid="screening-table"] tbody tr').count(), heavy.items.length);
    await noLatin('the queue');
    await shot('screening-queue-filters.png');
    await go('#/screening', '[data-testid="screening-table"], [data-testid="screening-empty"]');
  });
});
