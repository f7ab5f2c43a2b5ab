// The detections list: cursor pagination, and the CSV and XLSX exports of
// the same filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectStatus, expectError, as, get, getOk, allItems } from '../../lib/http.mjs';
import { B01 } from './data.mjs';

test('pagination: limit=5 then after=next gives the next 5, no overlap, newest first', async () => {
  const p1 = await getOk('admin', '/api/v1/detections?limit=5');
  assert.equal(p1.items.length, 5);
  assert.equal(typeof p1.next, 'string');
  const p2 = await getOk('admin', `/api/v1/detections?limit=5&after=${encodeURIComponent(p1.next)}`);
  assert.equal(p2.items.length, 5);
  const ids = [...p1.items, ...p2.items].map((d) => d.id);
  assert.equal(new Set(ids).size, 10, 'no overlap');
  const ten = await getOk('admin', '/api/v1/detections?limit=10');
  assert.deepEqual(ids, ten.items.map((d) => d.id), 'the two pages are the first ten');
  const rows = ten.items;
  for (let i = 1; i < rows.length; i++) {
    const a = Date.parse(rows[i - 1].passed_at);
    const b = Date.parse(rows[i].passed_at);
    assert.ok(a > b || (a === b && rows[i - 1].id > rows[i].id), `newest first: ${rows[i - 1].passed_at} then ${rows[i].passed_at}`);
  }
  // A filter paginates the same way, to the end.
  const site = await allItems('admin', `/api/v1/detections?site=${B01.site}&verdict=overlimit`, 2);
  const whole = await getOk('admin', `/api/v1/detections?site=${B01.site}&verdict=overlimit&limit=1000`);
  assert.deepEqual(site.map((d) => d.id), whole.items.map((d) => d.id));
  assert.equal(whole.next, null);
});

test('pagination: limit=0, 5000 or x → 422', async () => {
  for (const limit of ['0', '5000', '1001', 'x', '-1']) {
    expectError(await get('admin', `/api/v1/detections?limit=${limit}`), 422, 'invalid');
  }
  expectError(await get('admin', '/api/v1/detections?after=garbage'), 422, 'invalid');
  expectStatus(await get('admin', '/api/v1/detections?limit=1000'), 200);
  expectStatus(await get('admin', '/api/v1/detections?limit=1'), 200);
});

function csvRows(buf) {
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
  const lines = buf.subarray(3).toString('utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return { header: lines[0], rows: lines.slice(1) };
}

test('exports: the CSV has a BOM and a header, and as many rows as the list', async () => {
  for (const filter of [`site=${B01.site}`, 'verdict=overlimit', `site=${B01.site}&from=2023-06-01&to=2023-06-30`, 'plate=蒙K0']) {
    const q = filter.split('&').map((kv) => kv.split('=')).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    const r = expectStatus(await get('admin', `/api/v1/detections.csv?${q}`), 200);
    assert.match(r.headers.get('content-type') || '', /^text\/csv/);
    const { header, rows } = csvRows(r.buf);
    assert.ok(header.split(',').length >= 10, `a header: ${header}`);
    const list = await allItems('admin', `/api/v1/detections?${q}`);
    assert.ok(list.length > 0, `${filter}: some rows`);
    assert.equal(rows.length, list.length, `${filter}: CSV rows = list items`);
  }
  // Enumerations are in Chinese in an export, as on screen: no English word in a cell.
  const all = csvRows(expectStatus(await get('admin', '/api/v1/detections.csv?verdict=overlimit'), 200).buf);
  assert.ok(all.rows.length > 0);
  for (const row of all.rows) assert.doesNotMatch(row, /\b(yellow|blue|green|white|black|truck|train|fine|warning|confirmed|dismissed)\b/, row);
  const officer = csvRows(expectStatus(await get('officer', '/api/v1/detections.csv'), 200).buf);
  const officerList = await allItems('officer', '/api/v1/detections');
  assert.equal(officer.rows.length, officerList.length, 'the officer\'s export = the officer\'s list');
});

test('exports: the XLSX answers 200 with a zip (PK) body', async () => {
  const r = expectStatus(await get('admin', `/api/v1/detections.xlsx?site=${B01.site}`), 200);
  assert.equal(r.buf.subarray(0, 2).toString('latin1'), 'PK');
  assert.match(r.headers.get('content-type') || '', /spreadsheetml|officedocument/);
  assert.ok(r.buf.length > 1000);
});
