// The detections list: cursor pagination, sorting by any column, the total
// and page numbers; the CSV and XLSX exports of the same filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectStatus, expectError, expectReason, as, get, getOk, allItems } from '../../lib/http.mjs';
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

// The value a sort orders by, as the list item shows it.
const SORTED_BY = {
  passed_at: (d) => Date.parse(d.passed_at),
  gross_kg: (d) => d.gross_kg,
  over_kg: (d) => d.over_kg,
  fine_fen: (d) => d.fine_fen,
  plate: (d) => d.plate,
  site: (d) => d.site,
};

test('lists: sorted by any column either way, the id breaking ties, paged by cursor without a gap', async () => {
  const filter = `site=${B01.site}&from=2023-01-01&to=2023-03-31`;
  const whole = await allItems('admin', `/api/v1/detections?${filter}`);
  assert.ok(whole.length > 30, `enough rows: ${whole.length}`);
  for (const [name, value] of Object.entries(SORTED_BY)) {
    for (const desc of [false, true]) {
      const sort = `${desc ? '-' : ''}${name}`;
      const first = await getOk('admin', `/api/v1/detections?${filter}&sort=${sort}&limit=7`);
      assert.equal(first.sort, sort);
      assert.equal(first.total, whole.length, `${sort}: the total of the filter`);
      assert.equal(first.page, 1);
      const rows = await allItems('admin', `/api/v1/detections?${filter}&sort=${sort}`, 7);
      assert.equal(rows.length, whole.length, `${sort}: every row once`);
      assert.equal(new Set(rows.map((d) => d.id)).size, whole.length, `${sort}: no row twice`);
      for (let i = 1; i < rows.length; i++) {
        const a = value(rows[i - 1]), b = value(rows[i]);
        const inOrder = desc ? a > b || (a === b && rows[i - 1].id > rows[i].id) : a < b || (a === b && rows[i - 1].id < rows[i].id);
        assert.ok(inOrder, `${sort}: ${a} (${rows[i - 1].id}) then ${b} (${rows[i].id})`);
      }
    }
  }
  // The items name their site.
  assert.ok(whole.every((d) => d.site === B01.site && typeof d.site_name === 'string' && d.site_name.length > 0));
});

test('lists: page N by number is the Nth slice of the same order, with the total', async () => {
  const filter = `site=${B01.site}&from=2023-01-01&to=2023-03-31&sort=-gross_kg`;
  const whole = await allItems('admin', `/api/v1/detections?${filter}`);
  const p3 = await getOk('admin', `/api/v1/detections?${filter}&limit=5&page=3`);
  assert.equal(p3.page, 3);
  assert.equal(p3.total, whole.length);
  assert.deepEqual(p3.items.map((d) => d.id), whole.slice(10, 15).map((d) => d.id));
  // Its "next" carries on from there.
  const p4 = await getOk('admin', `/api/v1/detections?${filter}&limit=5&after=${encodeURIComponent(p3.next)}`);
  assert.deepEqual(p4.items.map((d) => d.id), whole.slice(15, 20).map((d) => d.id));
  assert.equal(p4.total, undefined, 'a page by cursor is not counted again');
  // Past the end: no items, the total still.
  const past = await getOk('admin', `/api/v1/detections?${filter}&limit=1000&page=99`);
  assert.deepEqual(past.items, []);
  assert.equal(past.total, whole.length);
});

test('lists: an unknown sort, a bad page, a cursor of another sort and a reversed period are refused by name', async () => {
  expectReason(await get('admin', '/api/v1/detections?sort=password'), 422, 'invalid', 'sort_unknown', { field: 'sort', got: 'password' });
  expectReason(await get('admin', '/api/v1/detections?sort=gross_kg;DROP'), 422, 'invalid', 'sort_unknown');
  for (const page of ['0', '-1', 'x', '1.5']) {
    expectReason(await get('admin', `/api/v1/detections?page=${page}`), 422, 'invalid', 'page_invalid');
  }
  const bySize = await getOk('admin', '/api/v1/detections?sort=gross_kg&limit=2');
  expectReason(await get('admin', `/api/v1/detections?sort=over_kg&limit=2&after=${encodeURIComponent(bySize.next)}`), 422, 'invalid', 'cursor_invalid');
  expectReason(await get('admin', `/api/v1/detections?page=2&after=${encodeURIComponent(bySize.next)}&sort=gross_kg`), 422, 'invalid', 'page_invalid');
  expectReason(await get('admin', '/api/v1/detections?from=2023-03-01&to=2023-02-01'), 422, 'invalid', 'range_reversed', { from: '2023-03-01', to: '2023-02-01' });
});

test('lists: the quarantine and the audit log sort, count and page the same way', async () => {
  for (const [path, sorts] of [['/api/v1/quarantine?state=all', ['id', 'site', 'line', 'handled_at']], ['/api/v1/audit?', ['seq', 'actor', 'action']]]) {
    const whole = await allItems('admin', path);
    assert.ok(whole.length > 2, `${path}: some rows`);
    for (const sort of sorts) {
      const first = await getOk('admin', `${path}&sort=-${sort}&limit=2`);
      assert.equal(first.total, whole.length, `${path} -${sort}: total`);
      const rows = await allItems('admin', `${path}&sort=-${sort}`, 2);
      assert.equal(new Set(rows.map((x) => x.id ?? x.seq)).size, whole.length, `${path} -${sort}: each row once`);
    }
    expectReason(await get('admin', `${path}&sort=nope`), 422, 'invalid', 'sort_unknown');
  }
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
