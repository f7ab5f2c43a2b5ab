// What the over-limit browser tests share: the dashboard's figures as the
// page shows them, compared with GET /api/v1/stats/overlimit.
import assert from 'node:assert/strict';
import { page, apiOk } from '../../lib/browser.mjs';

// The figures as the page shows them: {detections: {value, text}, ...}.
async function figures() {
  return page.$$eval('[data-figure]', (els) => Object.fromEntries(els.map((el) => [
    el.dataset.figure, { value: el.dataset.value, text: el.querySelector('.figure-value').firstChild.textContent.trim() },
  ])));
}

// The same rule as web/base/format.js, written again so that the test does
// not trust the code it tests: kg → tonnes, 2 decimals, half up, grouped.
function tonnes(kg) {
  const h = Math.round(kg / 10);
  return `${Math.floor(h / 100).toLocaleString('en-US')}.${String(h % 100).padStart(2, '0')}`;
}

export async function checkDashboardAgainstApi() {
  const from = await page.inputValue('[data-testid="period-from"]');
  const to = await page.inputValue('[data-testid="period-to"]');
  assert.match(from, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(to, /^\d{4}-\d{2}-\d{2}$/);
  const stats = await apiOk(`/api/v1/stats/overlimit?from=${from}&to=${to}`);
  const shown = await figures();
  assert.deepEqual(Object.keys(shown).sort(),
    ['confirmed', 'detections', 'dismissed', 'intended_fine', 'overlimit', 'pending', 'rate', 'ton100', 'unloaded_t']);
  assert.equal(Number(shown.detections.value), stats.detections, 'detections');
  assert.equal(Number(shown.overlimit.value), stats.overlimit, 'over-limit vehicles');
  assert.equal(Number(shown.ton100.value), stats.ton100, '100-tonne trucks');
  assert.equal(Number(shown.unloaded_t.value), stats.unloaded_kg, 'unloaded kg');
  assert.equal(Number(shown.rate.value), stats.overlimit_rate_pct, 'over-limit rate');
  assert.equal(Number(shown.pending.value), stats.pending, 'pending screening');
  assert.equal(Number(shown.confirmed.value), stats.confirmed, 'confirmed');
  assert.equal(Number(shown.dismissed.value), stats.dismissed, 'dismissed');
  assert.equal(Number(shown.intended_fine.value), stats.intended_fine_fen, 'intended fines (fen)');
  // And the text a person reads says the same.
  assert.equal(shown.detections.text.replace(/,/g, ''), String(stats.detections));
  assert.equal(shown.unloaded_t.text, tonnes(stats.unloaded_kg), 'tonnes unloaded, 2 decimals');
  assert.ok(shown.rate.text.startsWith(String(stats.overlimit_rate_pct)), `rate shown as ${shown.rate.text}`);
  return { from, to, stats };
}

