// The device feed (POST /api/v1/detections with a site's key): verdicts,
// duplicates, conflicts, refusals, the quarantine and the site's liveness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, show, expectStatus, expectError, as, getOk, allItems } from '../../lib/http.mjs';
import { B01, OTHER, initial, record, csvOf, feed, storedSeqs } from './data.mjs';

const VERDICT_FIELDS = ['seq', 'status', 'overlimit', 'ton100', 'penalty', 'fine_fen', 'judged_kg', 'limit_kg', 'over_kg', 'admissible'];

test('feed: one JSON object → 200 with its verdict; re-sent → duplicate, no new row', async () => {
  const rec = record(B01.site, { day: '2024-01-10' });
  const r = expectStatus(await feed(B01.key, rec), 200);
  assert.equal(r.json.accepted, 1, show(r));
  assert.equal(r.json.duplicates, 0);
  assert.equal(r.json.conflicts, 0);
  assert.equal(r.json.quarantined, 0);
  assert.equal(r.json.results.length, 1);
  const res = r.json.results[0];
  assert.deepEqual(Object.keys(res).sort(), [...VERDICT_FIELDS].sort());
  // 6 axles, 60 000 kg on a class-5 device: judged 57 000 kg against 49 000,
  // 8 000 kg over, 8 × 500 yuan.
  assert.deepEqual(res, {
    seq: rec.seq, status: 'accepted', overlimit: true, ton100: false, penalty: 'fine', fine_fen: 400000,
    judged_kg: 57000, limit_kg: 49000, over_kg: 8000, admissible: true,
  });
  assert.equal((await storedSeqs(B01.site, rec.seq)).length, 1);

  const again = expectStatus(await feed(B01.key, rec), 200);
  assert.equal(again.json.accepted, 0, show(again));
  assert.equal(again.json.duplicates, 1);
  assert.deepEqual(again.json.results, [{ seq: rec.seq, status: 'duplicate' }]);
  assert.equal((await storedSeqs(B01.site, rec.seq)).length, 1, 'still one row');
});

test('feed: a JSON array → one result per record, in order', async () => {
  const recs = [record(B01.site, { over: false, day: '2024-01-11' }), record(B01.site, { day: '2024-01-11' }), record(B01.site, { over: false, day: '2024-01-11' })];
  const r = expectStatus(await feed(B01.key, recs), 200);
  assert.equal(r.json.accepted, 3, show(r));
  assert.deepEqual(r.json.results.map((x) => [x.seq, x.status, x.overlimit]), [
    [recs[0].seq, 'accepted', false], [recs[1].seq, 'accepted', true], [recs[2].seq, 'accepted', false],
  ]);
  for (const x of r.json.results) for (const f of VERDICT_FIELDS) assert.ok(f in x, `result has ${f}`);
  const listed = await allItems('admin', `/api/v1/detections?site=${B01.site}&from=2024-01-11&to=2024-01-11`);
  assert.deepEqual(listed.map((d) => d.seq).sort(), recs.map((x) => x.seq).sort());
  const again = expectStatus(await feed(B01.key, recs), 200);
  assert.deepEqual(again.json.results.map((x) => x.status), ['duplicate', 'duplicate', 'duplicate']);
  assert.equal((await allItems('admin', `/api/v1/detections?site=${B01.site}&from=2024-01-11&to=2024-01-11`)).length, 3, 'no new rows');
});

test('feed: CSV (text/csv) → 200 with results; re-sent → duplicate', async () => {
  const recs = [record(B01.site, { day: '2024-01-12' }), record(B01.site, { over: false, day: '2024-01-12' })];
  const body = csvOf(recs);
  const r = expectStatus(await feed(B01.key, body, 'text/csv'), 200);
  assert.equal(r.json.accepted, 2, show(r));
  assert.deepEqual(r.json.results.map((x) => [x.seq, x.status, x.overlimit]), [[recs[0].seq, 'accepted', true], [recs[1].seq, 'accepted', false]]);
  assert.equal(r.json.results[0].fine_fen, 400000);
  const again = expectStatus(await feed(B01.key, body, 'text/csv'), 200);
  assert.equal(again.json.duplicates, 2, show(again));
  assert.deepEqual(again.json.results.map((x) => x.status), ['duplicate', 'duplicate']);
  assert.equal((await allItems('admin', `/api/v1/detections?site=${B01.site}&from=2024-01-12&to=2024-01-12`)).length, 2);
});

test('feed: the same seq with other content is a conflict, the first kept', async () => {
  const rec = record(B01.site, { day: '2024-01-13' });
  expectStatus(await feed(B01.key, rec), 200);
  const changed = { ...rec, gross_kg: 30000, axles: 5, axle_kg: '6000;6000;6000;6000;6000' };
  const r = expectStatus(await feed(B01.key, changed), 200);
  assert.equal(r.json.conflicts, 1, show(r));
  assert.deepEqual(r.json.results, [{ seq: rec.seq, status: 'conflict' }]);
  const rows = await storedSeqs(B01.site, rec.seq);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].gross_kg, 60000, 'the first is kept');
});

test('feed: a record for another site than the key\'s → 403, nothing stored', async () => {
  const mine = record(B01.site, { day: '2024-01-14' });
  const foreign = record(OTHER.site, { day: '2024-01-14' });
  expectError(await feed(B01.key, [mine, foreign]), 403, 'forbidden');
  expectError(await feed(B01.key, foreign), 403, 'forbidden');
  expectError(await feed(B01.key, csvOf([mine, foreign]), 'text/csv'), 403, 'forbidden');
  assert.equal((await storedSeqs(B01.site, mine.seq)).length, 0, 'the own record of the refused request is not stored');
  assert.equal((await allItems('admin', `/api/v1/detections?site=${OTHER.site}&from=2024-01-14&to=2024-01-14`)).length, 0);
});

test('feed: no key, an unknown key, a session instead of a key → 401, nothing stored', async () => {
  const rec = record(B01.site, { day: '2024-01-16' });
  expectError(await feed(null, rec), 401, 'unauthorized');
  expectError(await feed(`sr_${'0'.repeat(64)}`, rec), 401, 'unauthorized');
  expectError(await feed('', rec), 401, 'unauthorized');
  const r = await call('POST', '/api/v1/detections', { session: await as('admin'), body: rec });
  expectError(r, 401, 'unauthorized');
  const basic = await call('POST', '/api/v1/detections', { body: JSON.stringify(rec), headers: { 'content-type': 'application/json', authorization: `Basic ${B01.key}` } });
  expectError(basic, 401, 'unauthorized');
  assert.equal((await storedSeqs(B01.site, rec.seq)).length, 0);
});

const malformedSeq = 799001;
test('feed: a malformed record is quarantined with a reason and listed in GET /api/v1/quarantine', async () => {
  const good = record(B01.site, { day: '2024-01-17' });
  const bad = { ...record(B01.site, { day: '2024-01-17', seq: malformedSeq }), passed_at: 'yesterday afternoon' };
  const r = expectStatus(await feed(B01.key, [good, bad]), 200);
  assert.equal(r.json.accepted, 1, show(r));
  assert.equal(r.json.quarantined, 1, show(r));
  assert.equal(r.json.results[0].status, 'accepted');
  const q = r.json.results[1];
  assert.equal(q.status, 'quarantined');
  assert.equal(typeof q.reason, 'string');
  assert.ok(q.reason.length > 0);
  assert.equal(q.line, 2, 'the line of the record in the request');
  assert.equal((await storedSeqs(B01.site, malformedSeq)).length, 0, 'not stored as a detection');
  const items = await allItems('admin', '/api/v1/quarantine');
  const found = items.filter((x) => x.raw.includes(String(malformedSeq)));
  assert.equal(found.length, 1, 'one quarantine entry holds the record');
  assert.equal(found[0].kind, 'detection');
  assert.equal(found[0].reason, q.reason);
  for (const f of ['id', 'kind', 'source', 'line', 'raw', 'reason', 'site', 'seq', 'created_at']) assert.ok(f in found[0], `quarantine item has ${f}`);
  assert.deepEqual((await allItems('admin', '/api/v1/quarantine?kind=detection')).filter((x) => x.raw.includes(String(malformedSeq))).length, 1);
  assert.deepEqual((await allItems('admin', '/api/v1/quarantine?kind=unload')).filter((x) => x.raw.includes(String(malformedSeq))).length, 0);
});

test('feed: the quarantined record of a B01 device is in the B01 officer\'s quarantine, not in B02\'s', async () => {
  const officer = (await allItems('officer', '/api/v1/quarantine')).filter((x) => x.raw.includes(String(malformedSeq)));
  assert.equal(officer.length, 1, `the B01 officer sees the quarantined record its site ${B01.site} sent`);
  const b02 = (await allItems('officer2', '/api/v1/quarantine')).filter((x) => x.raw.includes(String(malformedSeq)));
  assert.equal(b02.length, 0, 'another unit does not');
});

test('feed: a site that posted has last_seen_at set and is not silent', async () => {
  const sites = (await getOk('admin', '/api/v1/sites')).items;
  const s = sites.find((x) => x.code === B01.site);
  const before = initial.sites.find((x) => x.code === B01.site).last_seen_at;
  assert.ok(before === null || before < s.last_seen_at, `the posts moved it on from ${before}`);
  assert.equal(typeof s.last_seen_at, 'string', `last_seen_at: ${s.last_seen_at}`);
  assert.match(s.last_seen_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  const age = Date.now() - Date.parse(s.last_seen_at);
  assert.ok(age > -5000 && age < 10 * 60 * 1000, `seen just now (${s.last_seen_at})`);
  assert.equal(s.silent, false);
  // A site whose device never posted keeps what the import left.
  const quiet = sites.find((x) => x.code !== B01.site && x.code !== OTHER.site);
  assert.equal(quiet.last_seen_at, initial.sites.find((x) => x.code === quiet.code).last_seen_at);
});
