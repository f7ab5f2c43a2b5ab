// 异常数据: the quarantine's reasons as codes and arguments, the site from
// the raw line, no server path; marking a record handled with a note and
// importing a corrected record (accepted: stored and handled; refused: the
// reason, nothing written), each audited, for the caller's sites only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { cfg } from '../../lib/config.mjs';
import { expectStatus, expectReason, post, getOk, allItems } from '../../lib/http.mjs';
import { B01, OTHER, record, feed, storedSeqs, csvOf } from './data.mjs';
import { quarantined } from './quarantine.mjs';

const row = async (id) => (await allItems('admin', '/api/v1/quarantine?state=all')).find((q) => q.id === id);

test('quarantine: the reason as a code with its arguments, the site, the file name only', async () => {
  const [q] = await quarantined(B01, 1);
  assert.equal(q.row.reason_code, 'q_passed_at');
  assert.deepEqual(q.row.reason_args, { got: 'yesterday afternoon' });
  assert.equal(q.row.site, B01.site);
  assert.equal(q.row.handled, false);

  // A file line that cannot be read at all: no site stored, taken from the
  // raw line; the file's base name, not its path on the server.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunroad-q-'));
  const file = path.join(dir, 'bad-lines.csv');
  const good = record(B01.site, { over: false, day: '2024-03-06' });
  const line = csvOf([good]).split('\n')[1];
  fs.writeFileSync(file, `${csvOf([]).trim()}\n${line},extra,fields\n`);
  execFileSync(cfg.sunroad, ['ingest', '--db', cfg.db, file], { cwd: cfg.top, stdio: ['ignore', 'pipe', 'pipe'] });
  const rows = await allItems('admin', '/api/v1/quarantine?state=open');
  const fromFile = rows.find((x) => x.source.startsWith('bad-lines.csv'));
  assert.ok(fromFile, 'the file line is quarantined');
  assert.equal(fromFile.source, 'bad-lines.csv', 'the base name only');
  assert.ok(!rows.some((x) => x.source.includes('/')), 'no row shows a server path');
  assert.equal(fromFile.site, B01.site, 'the site from the raw line');
  assert.equal(fromFile.site_from_raw, true);
  assert.equal(fromFile.reason_code, 'q_field_count');

  // Corrected (the extra fields taken off): imported as CSV in the documented column order.
  const officer = (await getOk('officer', '/api/v1/quarantine?state=open')).items.find((x) => x.id === fromFile.id);
  assert.ok(officer, 'a B01 officer sees the row of a B01 site read from its raw line');
  const csvLine = ['site', 'seq', 'passed_at', 'plate', 'plate_color', 'kind', 'axles', 'gross_kg', 'axle_kg', 'single_drive', 'single_tire_axles', 'length_mm', 'width_mm', 'height_mm', 'speed_kmh', 'lane', 'photos']
    .map((k) => good[k] ?? '').join(',');
  const r = expectStatus(await post('officer', `/api/v1/quarantine/${fromFile.id}/reimport`, { raw: csvLine }), 200);
  assert.equal(r.json.handled_how, 'reimported');
  assert.equal((await storedSeqs(B01.site, good.seq)).length, 1, 'the corrected record is stored');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('quarantine: mark handled needs a note, is audited, and happens once', async () => {
  const [q] = await quarantined(B01, 1);
  expectReason(await post('officer', `/api/v1/quarantine/${q.id}/handled`, {}), 422, 'invalid', 'handled_note_required');
  const r = expectStatus(await post('officer', `/api/v1/quarantine/${q.id}/handled`, { note: '设备时钟故障,已通知厂家' }), 200);
  assert.equal(r.json.handled, true);
  assert.equal(r.json.handled_how, 'marked');
  assert.equal(r.json.handled_by, cfg.users.officer.login);
  assert.equal(r.json.handled_note, '设备时钟故障,已通知厂家');
  expectReason(await post('chief', `/api/v1/quarantine/${q.id}/handled`, { note: 'again' }), 409, 'conflict', 'quarantine_handled');
  const audit = (await allItems('inspector', '/api/v1/audit?action=quarantine.handle')).find((a) => a.object === `quarantine:${q.id}`);
  assert.ok(audit, 'audited');
  assert.equal(audit.actor, cfg.users.officer.login);
  assert.match(audit.after, /设备时钟故障/);
  // The reason as a code the audit page words, not only the stored text.
  const before = JSON.parse(audit.before);
  assert.equal(before.reason_code, 'q_passed_at');
  assert.deepEqual(before.reason_args, { got: 'yesterday afternoon' });
  assert.ok((await allItems('admin', '/api/v1/quarantine?state=handled')).some((x) => x.id === q.id));
  assert.ok(!(await allItems('admin', '/api/v1/quarantine?state=open')).some((x) => x.id === q.id));
});

test('quarantine: another brigade\'s officer cannot act on a B01 record (404), which stays open', async () => {
  const [q] = await quarantined(B01, 1);
  expectReason(await post('officer2', `/api/v1/quarantine/${q.id}/handled`, { note: 'x' }), 404, 'not_found', 'quarantine_unknown');
  expectReason(await post('officer2', `/api/v1/quarantine/${q.id}/reimport`, { raw: JSON.stringify(q.record) }), 404, 'not_found', 'quarantine_unknown');
  assert.ok(!(await allItems('officer2', '/api/v1/quarantine?state=all')).some((x) => x.id === q.id), 'nor sees it');
  assert.equal((await row(q.id)).handled, false);
  expectReason(await post('admin', '/api/v1/quarantine/999999999/handled', { note: 'x' }), 404, 'not_found', 'quarantine_unknown');
});

test('quarantine: a corrected record still wrong is refused with its reason, and nothing is written', async () => {
  const [q] = await quarantined(B01, 1, { over: true });
  const stillBad = { ...q.record, passed_at: '2024-13-45T08:00:00+08:00' };
  const r = expectReason(await post('officer', `/api/v1/quarantine/${q.id}/reimport`, { raw: JSON.stringify(stillBad) }), 422, 'invalid', 'reimport_refused');
  assert.equal(r.json.error.args.why, 'q_passed_at');
  const missing = { ...q.record };
  delete missing.gross_kg;
  const r2 = expectReason(await post('officer', `/api/v1/quarantine/${q.id}/reimport`, { raw: JSON.stringify(missing) }), 422, 'invalid', 'reimport_refused');
  assert.deepEqual(r2.json.error.args, { why: 'q_field_missing', field: 'gross_kg' });
  expectReason(await post('officer', `/api/v1/quarantine/${q.id}/reimport`, { raw: `${JSON.stringify(q.record)}\n${JSON.stringify(q.record)}` }), 422, 'invalid', 'reimport_one_record');
  // A record that conflicts with a stored one (same site and seq, other content).
  const stored = record(B01.site, { over: false, day: '2024-03-07' });
  assert.equal(expectStatus(await feed(B01.key, [stored]), 200).json.accepted, 1);
  const clash = { ...q.record, seq: stored.seq };
  const r3 = expectReason(await post('officer', `/api/v1/quarantine/${q.id}/reimport`, { raw: JSON.stringify(clash) }), 422, 'invalid', 'reimport_refused');
  assert.equal(r3.json.error.args.why, 'q_conflict');
  assert.equal((await storedSeqs(B01.site, q.record.seq)).length, 0, 'nothing stored');
  assert.equal((await row(q.id)).handled, false, 'still open');
});

test('quarantine: a corrected record is stored through the same checks, the row handled and audited', async () => {
  const [q] = await quarantined(B01, 1, { over: true });
  const before = await getOk('admin', '/api/v1/stats/overlimit?from=2024-03-05&to=2024-03-05');
  const r = expectStatus(await post('chief', `/api/v1/quarantine/${q.id}/reimport`, { raw: JSON.stringify(q.record), note: '时间已更正' }), 200);
  assert.equal(r.json.handled_how, 'reimported');
  assert.equal(r.json.handled_note, '时间已更正');
  const [d] = await storedSeqs(B01.site, q.record.seq);
  assert.ok(d, 'stored');
  assert.equal(d.overlimit, true, 'judged as an import judges it');
  const after = await getOk('admin', '/api/v1/stats/overlimit?from=2024-03-05&to=2024-03-05');
  assert.equal(after.detections, before.detections + 1, 'the figures count it (the data version moved)');
  const audit = (await allItems('inspector', '/api/v1/audit?action=quarantine.reimport')).find((a) => a.object === `quarantine:${q.id}`);
  assert.ok(audit && audit.actor === cfg.users.chief.login, 'audited');
  expectReason(await post('chief', `/api/v1/quarantine/${q.id}/reimport`, { raw: JSON.stringify(q.record) }), 409, 'conflict', 'quarantine_handled');
  assert.ok(OTHER.site);
});
