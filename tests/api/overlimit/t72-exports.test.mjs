// Exports: the direct ones say how many rows the filter matches and when
// they are capped (tests/api/run.sh caps them at 15 000 rows, under the
// year's 20 000), and are named by their filter and the day; the
// background jobs export everything, in the requester's scope, to their
// owner only, audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, expectStatus, expectError, expectReason, as, get, getOk, post, allItems } from '../../lib/http.mjs';
import { YEAR, siteUnit, B01 } from './data.mjs';

// Today in Beijing as YYYYMMDD: the day an export is named by.
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10).replaceAll('-', '');

function csvRows(buf) {
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
  const lines = buf.subarray(3).toString('utf8').split('\r\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(1);
}

// Content-Disposition's two names: {ascii, utf8}.
function fileNames(r) {
  const d = r.headers.get('content-disposition') || '';
  assert.match(d, /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/, d);
  return { ascii: d.match(/filename="([^"]+)"/)[1], utf8: decodeURIComponent(d.match(/filename\*=UTF-8''(.+)$/)[1]) };
}

// The rows of an XLSX's sheet (its header row included), by unzip.
function xlsxRows(buf) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sunroad-t72-')), 'x.xlsx');
  fs.writeFileSync(file, buf);
  const xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { maxBuffer: 1 << 30 }).toString('utf8');
  fs.rmSync(path.dirname(file), { recursive: true });
  return xml.match(/<row /g)?.length ?? 0;
}

const createJob = async (who, body) => expectStatus(await post(who, '/api/v1/exports', body), 202).json;

// Polls the job until it is no longer queued or running (at most 60 s).
async function finished(who, id) {
  for (let i = 0; i < 600; i++) {
    const job = await getOk(who, `/api/v1/exports/${id}`);
    if (job.state !== 'queued' && job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`export ${id} did not finish in 60 s`);
}

const download = async (who, id) => expectStatus(await get(who, `/api/v1/exports/${id}/file`), 200);

test('direct exports: X-Total-Count is the list\'s total; under the cap nothing says capped; named by the filter and the day', async () => {
  const filter = `site=${B01.site}&from=2023-01-01&to=2023-12-31&verdict=normal`;
  const { total } = await getOk('admin', `/api/v1/detections?${filter}&limit=1`);
  assert.ok(total > 0, 'some rows');
  const r = expectStatus(await get('admin', `/api/v1/detections.csv?${filter}`), 200);
  assert.equal(r.headers.get('x-total-count'), String(total));
  assert.equal(r.headers.get('x-export-capped'), null, 'not capped');
  assert.equal(csvRows(r.buf).length, total);
  assert.deepEqual(fileNames(r), {
    ascii: `detections_${B01.site}_20230101-20231231_normal_${today()}.csv`,
    utf8: `检测记录_${B01.site}_20230101-20231231_未超限_导出${today()}.csv`,
  });
  // Only the parts given; a plate's Chinese stays out of the ASCII name.
  const x = expectStatus(await get('admin', `/api/v1/detections.xlsx?plate=${encodeURIComponent('蒙K0')}&to=2023-01-31`), 200);
  assert.deepEqual(fileNames(x), { ascii: `detections_-20230131_K0_${today()}.xlsx`, utf8: `检测记录_-20230131_蒙K0_导出${today()}.xlsx` });
  const none = expectStatus(await get('admin', '/api/v1/detections.csv?site=NOPE'), 200);
  assert.equal(none.headers.get('x-total-count'), '0');
});

test('direct exports: over the cap the file holds the first rows, and the answer says it is capped', async () => {
  const { direct_max: cap } = await getOk('admin', '/api/v1/exports');
  assert.equal(cap, 15000, 'tests/api/run.sh sets export_direct_max');
  const { total } = await getOk('admin', `/api/v1/detections?from=${YEAR.from}&to=${YEAR.to}&limit=1`);
  assert.ok(total > cap, `the year (${total}) is over the cap`);
  const r = expectStatus(await get('admin', `/api/v1/detections.csv?from=${YEAR.from}&to=${YEAR.to}&sort=-gross_kg`), 200);
  assert.equal(r.headers.get('x-total-count'), String(total));
  assert.equal(r.headers.get('x-export-capped'), '1');
  const rows = csvRows(r.buf);
  assert.equal(rows.length, cap, 'the first cap rows');
  // In the order asked: the heaviest first (总质量 is the 8th column).
  const gross = rows.slice(0, 50).map((line) => Number(line.split(',')[7]));
  assert.deepEqual(gross, [...gross].sort((a, b) => b - a));
  const [first] = (await getOk('admin', `/api/v1/detections?from=${YEAR.from}&to=${YEAR.to}&sort=-gross_kg&limit=1`)).items;
  assert.equal(Number(rows[0].split(',')[7]), first.gross_kg);
});

test('background export: queued, then done with every row of the filter, past the direct cap', async () => {
  const query = { from: YEAR.from, to: YEAR.to };
  const { total } = await getOk('admin', `/api/v1/detections?from=${YEAR.from}&to=${YEAR.to}&limit=1`);
  const r = expectStatus(await post('admin', '/api/v1/exports', { kind: 'detections', format: 'csv', query }), 202);
  const job = r.json;
  assert.equal(r.headers.get('location'), `/api/v1/exports/${job.id}`);
  assert.equal(job.kind, 'detections');
  assert.equal(job.format, 'csv');
  assert.ok(['queued', 'running', 'done'].includes(job.state), job.state);
  assert.deepEqual(job.query, query);
  assert.equal(job.file_name, `检测记录_20230101-20231231_导出${today()}.csv`);
  const done = await finished('admin', job.id);
  assert.equal(done.state, 'done', JSON.stringify(done));
  assert.equal(done.total, total);
  assert.equal(done.rows, total);
  assert.equal(done.error_reason, null);
  assert.match(done.finished_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  const file = await download('admin', job.id);
  assert.match(file.headers.get('content-type'), /^text\/csv/);
  assert.match(file.headers.get('cache-control'), /private/);
  assert.deepEqual(fileNames(file), { ascii: `detections_20230101-20231231_${today()}.csv`, utf8: done.file_name });
  assert.equal(done.bytes, file.buf.length);
  const rows = csvRows(file.buf);
  assert.equal(rows.length, total, 'the file has every row the filter matches');
  // The same rows as the direct export's first ones, in the same order.
  const direct = csvRows(expectStatus(await get('admin', `/api/v1/detections.csv?from=${YEAR.from}&to=${YEAR.to}`), 200).buf);
  assert.deepEqual(rows.slice(0, direct.length), direct);
});

test('background export: an XLSX holds the header and every row; the list of jobs is the caller\'s, newest first', async () => {
  const query = { site: B01.site, verdict: 'overlimit', sort: 'plate' };
  const { total } = await getOk('admin', `/api/v1/detections?site=${B01.site}&verdict=overlimit&limit=1`);
  const job = await createJob('admin', { kind: 'detections', format: 'xlsx', query });
  const done = await finished('admin', job.id);
  assert.equal(done.state, 'done', JSON.stringify(done));
  assert.equal(done.rows, total);
  const file = await download('admin', job.id);
  assert.equal(file.buf.subarray(0, 2).toString('latin1'), 'PK');
  assert.match(file.headers.get('content-type'), /spreadsheetml/);
  assert.equal(xlsxRows(file.buf), total + 1);
  const { items } = await getOk('admin', '/api/v1/exports');
  assert.equal(items[0].id, job.id, 'newest first');
  assert.ok(items.every((j, i) => i === 0 || j.id < items[i - 1].id));
  assert.ok(!(await getOk('officer2', '/api/v1/exports')).items.some((j) => j.id === job.id), 'not in another\'s list');
});

test('background export: another user gets 404 for the job and its file', async () => {
  const job = await createJob('admin', { kind: 'detections', format: 'csv', query: { site: B01.site, from: '2023-05-01', to: '2023-05-02' } });
  await finished('admin', job.id);
  for (const who of ['officer2', 'chief', 'inspector']) {
    expectReason(await get(who, `/api/v1/exports/${job.id}`), 404, 'not_found', 'export_unknown', { id: String(job.id) });
    expectReason(await get(who, `/api/v1/exports/${job.id}/file`), 404, 'not_found', 'export_unknown');
  }
  expectReason(await get('admin', '/api/v1/exports/999999999'), 404, 'not_found', 'export_unknown');
  expectReason(await get('admin', '/api/v1/exports/abc/file'), 404, 'not_found', 'export_unknown');
  expectStatus(await get('admin', `/api/v1/exports/${job.id}/file`), 200);
});

test('background export: a B01 officer\'s job holds B01 sites only, as many rows as the officer\'s list', async () => {
  const job = await createJob('officer', { kind: 'detections', format: 'csv', query: { verdict: 'overlimit' } });
  const done = await finished('officer', job.id);
  assert.equal(done.state, 'done', JSON.stringify(done));
  const list = await allItems('officer', '/api/v1/detections?verdict=overlimit');
  assert.equal(done.total, list.length);
  const sites = csvRows((await download('officer', job.id)).buf).map((line) => line.split(',')[0]);
  assert.equal(sites.length, list.length);
  assert.ok(sites.length > 0);
  assert.deepEqual([...new Set(sites.filter((s) => siteUnit.get(s) !== 'B01'))], [], 'only B01 sites');
});

test('background export: refusals name what is wrong, and queue nothing', async () => {
  const before = (await getOk('admin', '/api/v1/exports')).items.length;
  expectReason(await post('admin', '/api/v1/exports', { kind: 'photos', format: 'csv' }), 422, 'invalid', 'export_kind_unknown', { field: 'kind', got: 'photos' });
  expectReason(await post('admin', '/api/v1/exports', { kind: 'detections', format: 'pdf' }), 422, 'invalid', 'export_format_unknown', { field: 'format', got: 'pdf' });
  expectReason(await post('admin', '/api/v1/exports', { kind: 'detections', format: 'csv', query: 'site=R01' }), 422, 'invalid', 'field_type', { field: 'query' });
  expectReason(await post('admin', '/api/v1/exports', { kind: 'detections', format: 'csv', query: { site: 7 } }), 422, 'invalid', 'field_type', { field: 'site' });
  expectReason(await post('admin', '/api/v1/exports', { kind: 'detections', format: 'csv', query: { verdict: 'heavy' } }), 422, 'invalid', 'verdict_unknown', { got: 'heavy' });
  expectReason(await post('admin', '/api/v1/exports', { kind: 'detections', format: 'csv', query: { from: '2023-02-30' } }), 422, 'invalid', 'date_invalid', { field: 'from' });
  expectReason(await post('admin', '/api/v1/exports', { kind: 'detections', format: 'csv', query: { sort: 'colour' } }), 422, 'invalid', 'sort_unknown');
  // A write without the session's CSRF token is refused like every other.
  const session = await as('admin');
  expectReason(await call('POST', '/api/v1/exports', { session, csrf: false, body: { kind: 'detections', format: 'csv' } }), 403, 'forbidden', 'csrf_token');
  expectError(await call('POST', '/api/v1/exports', { session: null, body: { kind: 'detections', format: 'csv' } }), 401, 'unauthorized');
  assert.equal((await getOk('admin', '/api/v1/exports')).items.length, before, 'nothing queued');
});

test('background export: creating a job and downloading its file are audited', async () => {
  const job = await createJob('officer', { kind: 'detections', format: 'csv', query: { site: B01.site, from: '2023-07-01', to: '2023-07-01' } });
  await finished('officer', job.id);
  await download('officer', job.id);
  const object = `export:${job.id}`;
  const entries = await allItems('inspector', `/api/v1/audit?object=${object}`);
  const created = entries.find((e) => e.action === 'export.create');
  assert.ok(created, `export.create of ${object}`);
  assert.equal(created.actor, 't-officer');
  assert.deepEqual(JSON.parse(created.after), { kind: 'detections', format: 'csv', query: { site: B01.site, from: '2023-07-01', to: '2023-07-01' }, file_name: job.file_name });
  const downloaded = entries.find((e) => e.action === 'export.download');
  assert.ok(downloaded, `export.download of ${object}`);
  assert.equal(JSON.parse(downloaded.after).file_name, job.file_name);
});
