// Screening claims and undo: a record opened by one officer is not offered
// to another until the claim expires (screening_claim_s is 3 s in this
// suite) or the decision releases it; a decision is undone by its author
// only, within screening_undo_s (10 s); the queue's filters, orders and
// total.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, show, expectStatus, expectReason, as, getOk, allItems, loginOf } from '../../lib/http.mjs';
import { cfg } from '../../lib/config.mjs';
import { B01, record, feed, siteUnit } from './data.mjs';

const DAY = '2024-02-03';
const QUEUE = `/api/v1/screening?from=${DAY}&to=${DAY}`;
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

async function pendingOfTheDay(n) {
  const recs = Array.from({ length: n }, () => record(B01.site, { day: DAY }));
  assert.equal(expectStatus(await feed(B01.key, recs), 200).json.accepted, n);
  const items = await allItems('admin', `/api/v1/detections?site=${B01.site}&from=${DAY}&to=${DAY}`);
  return recs.map((rec) => items.find((d) => d.seq === rec.seq));
}

const claim = async (who, id) => call('POST', `/api/v1/screening/${id}/claim`, { session: await as(who) });
const decide = async (who, id, body = { decision: 'confirm' }) => call('POST', `/api/v1/screening/${id}`, { session: await as(who), body });
const undo = async (who, id) => call('DELETE', `/api/v1/screening/${id}`, { session: await as(who) });
const queueIds = async (who) => (await allItems(who, QUEUE)).map((d) => d.id);

test('claims: one officer at a time, expiry, release by the decision, another brigade 404', async () => {
  const [a, b, c] = await pendingOfTheDay(3);
  const mine = expectStatus(await claim('officer', a.id), 200).json;
  assert.equal(mine.claimed_by, loginOf('officer'));
  assert.equal(mine.seconds, cfg.screening_claim_s);
  expectStatus(await claim('officer', a.id), 200); // again: still the officer's

  const r = expectReason(await claim('chief', a.id), 409, 'conflict', 'claimed');
  assert.ok(r.json.error.args.by, `the claim names who holds it: ${show(r)}`);
  assert.ok(r.json.error.args.seconds > 0 && r.json.error.args.seconds <= cfg.screening_claim_s, show(r));
  expectReason(await decide('chief', a.id), 409, 'conflict', 'claimed');
  assert.equal((await queueIds('chief')).includes(a.id), false, 'the queue skips what others claimed');
  assert.equal((await queueIds('officer')).includes(a.id), true, 'the claimer still sees it');
  expectReason(await claim('officer2', a.id), 404, 'not_found', 'detection_unknown');

  // Opening another record releases the first.
  expectStatus(await claim('officer', b.id), 200);
  assert.equal((await queueIds('chief')).includes(a.id), true, 'released when the officer moved on');
  expectStatus(await claim('chief', a.id), 200);

  // An expired claim is taken over, and that is audited.
  await sleep(cfg.screening_claim_s * 1000 + 1100);
  assert.equal((await queueIds('chief')).includes(b.id), true, 'an expired claim does not hide the record');
  expectStatus(await claim('chief', b.id), 200);
  expectReason(await decide('officer', b.id), 409, 'conflict', 'claimed');
  const decided = expectStatus(await decide('chief', b.id), 200).json;
  assert.equal(decided.decision.by, loginOf('chief'));
  assert.ok(decided.decision.by_name, `the reviewer by name: ${JSON.stringify(decided.decision)}`);
  assert.equal(typeof decided.decision.by_badge, 'string');
  expectReason(await claim('officer', b.id), 409, 'conflict', 'already_decided');
  const audit = await allItems('inspector', `/api/v1/audit?action=screening.claim&object=detection:${b.id}`);
  assert.equal(audit.length, 1, JSON.stringify(audit));
  assert.equal(audit[0].actor, loginOf('chief'));

  // Released by hand (the desk closed).
  expectStatus(await claim('officer', c.id), 200);
  const rel = expectStatus(await call('DELETE', `/api/v1/screening/${c.id}/claim`, { session: await as('officer') }), 200).json;
  assert.equal(rel.released, true);
  assert.equal((await queueIds('chief')).includes(c.id), true);
  expectStatus(await call('DELETE', `/api/v1/screening/${a.id}/claim`, { session: await as('chief') }), 200);
});

test('undo: the author within the window; someone else or later is 409; audited', async () => {
  const [a, b] = await pendingOfTheDay(2);
  expectStatus(await decide('officer', a.id, { decision: 'dismiss', reason: 'sensor_fault' }), 200);
  expectReason(await undo('chief', a.id), 409, 'conflict', 'undo_not_yours');
  const back = expectStatus(await undo('officer', a.id), 200).json;
  assert.equal(back.screening, 'pending');
  assert.equal(back.decision, null);
  expectReason(await undo('officer', a.id), 409, 'conflict', 'not_decided');
  const audit = await allItems('inspector', `/api/v1/audit?action=screening.undo&object=detection:${a.id}`);
  assert.equal(audit.length, 1);
  assert.equal(audit[0].actor, loginOf('officer'));
  assert.match(audit[0].before, /sensor_fault/);
  expectReason(await undo('officer2', a.id), 404, 'not_found', 'detection_unknown');
  expectStatus(await decide('officer', a.id), 200);

  expectStatus(await decide('officer', b.id), 200);
  await sleep(11_000);
  expectReason(await undo('officer', b.id), 409, 'conflict', 'undo_expired', { seconds: 10 });
  assert.equal((await getOk('officer', `/api/v1/detections/${b.id}`)).screening, 'confirmed');
});

test('the queue: total, filters by site, unit and 百吨王, three orders', async () => {
  const all = await getOk('admin', '/api/v1/screening?limit=5');
  assert.equal(typeof all.total, 'number');
  assert.ok(all.total >= all.items.length);
  const everything = await allItems('admin', '/api/v1/screening');
  assert.equal(everything.length, all.total);

  const heavy = await allItems('admin', '/api/v1/screening?sort=excess', 7);
  for (let i = 1; i < heavy.length; i++) assert.ok(heavy[i - 1].over_kg >= heavy[i].over_kg, 'heaviest excess first');
  assert.equal(heavy.length, all.total, 'paging by excess gives each once');
  const newest = await allItems('admin', '/api/v1/screening?sort=newest', 7);
  for (let i = 1; i < newest.length; i++) assert.ok(newest[i - 1].passed_at >= newest[i].passed_at, 'newest first');

  for (const d of (await getOk('admin', '/api/v1/screening?ton100=1&limit=1000')).items) assert.equal(d.ton100, true);
  const b01 = await getOk('admin', '/api/v1/screening?unit=B01&limit=1000');
  for (const d of b01.items) assert.equal(siteUnit.get(d.site), 'B01');
  const site = await getOk('admin', `/api/v1/screening?site=${B01.site}&limit=1000`);
  for (const d of site.items) assert.equal(d.site, B01.site);
  assert.ok(site.total <= b01.total);
  expectReason(await call('GET', '/api/v1/screening?sort=fattest', { session: await as('admin') }), 422, 'invalid', 'sort_unknown');
});
