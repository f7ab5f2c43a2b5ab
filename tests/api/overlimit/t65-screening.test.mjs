// Screening: the queue, confirm and dismiss, a second decision refused,
// and each decision in the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, show, expectStatus, expectError, as, getOk, allItems, loginOf } from '../../lib/http.mjs';
import { B01 } from './data.mjs';

test('screening: decide dismiss (note required for "other") and confirm; 409 the second time; audited', async () => {
  const queue = await allItems('admin', '/api/v1/screening');
  assert.ok(queue.length >= 2, `pending items: ${queue.length}`);
  for (const d of queue) {
    assert.equal(d.screening, 'pending');
    assert.equal(d.overlimit, true);
    assert.equal(d.admissible, true);
  }
  for (let i = 1; i < queue.length; i++) {
    const a = queue[i - 1];
    const b = queue[i];
    assert.ok(a.passed_at < b.passed_at || (a.passed_at === b.passed_at && a.id < b.id), 'oldest first');
  }
  const [first, second] = queue;
  const admin = await as('admin');
  expectError(await call('POST', `/api/v1/screening/${first.id}`, { session: admin, body: { decision: 'dismiss', reason: 'other' } }), 422, 'invalid');
  expectError(await call('POST', `/api/v1/screening/${first.id}`, { session: await as('admin'), body: { decision: 'dismiss', reason: 'no-such-reason', note: 'x' } }), 422, 'invalid');
  expectError(await call('POST', `/api/v1/screening/${first.id}`, { session: await as('admin'), body: { decision: 'maybe' } }), 422, 'invalid');
  assert.equal((await getOk('admin', `/api/v1/detections/${first.id}`)).screening, 'pending', 'a refused decision changes nothing');

  const dismissed = expectStatus(await call('POST', `/api/v1/screening/${first.id}`, {
    session: await as('admin'), body: { decision: 'dismiss', reason: 'other', note: '车辆为应急抢险车辆' },
  }), 200).json;
  assert.equal(dismissed.id, first.id);
  assert.equal(dismissed.screening, 'dismissed');
  assert.equal(dismissed.decision.decision, 'dismissed');
  assert.equal(dismissed.decision.reason, 'other');
  assert.equal(dismissed.decision.note, '车辆为应急抢险车辆');
  assert.equal(dismissed.decision.by, loginOf('admin'));
  assert.ok(dismissed.explain && Array.isArray(dismissed.explain.arithmetic), 'a DETECTION_DETAIL');
  const after = await allItems('admin', '/api/v1/screening');
  assert.equal(after.some((d) => d.id === first.id), false, 'the item left the queue');
  assert.equal(after.length, queue.length - 1);

  expectError(await call('POST', `/api/v1/screening/${first.id}`, { session: await as('admin'), body: { decision: 'confirm' } }), 409, 'conflict');
  assert.equal((await getOk('admin', `/api/v1/detections/${first.id}`)).screening, 'dismissed', 'the first decision stands');

  const confirmed = expectStatus(await call('POST', `/api/v1/screening/${second.id}`, { session: await as('chief'), body: { decision: 'confirm' } }), 200).json;
  assert.equal(confirmed.screening, 'confirmed');
  assert.equal(confirmed.decision.decision, 'confirmed');
  assert.equal(confirmed.decision.by, loginOf('chief'));
  expectError(await call('POST', `/api/v1/screening/${second.id}`, { session: await as('admin'), body: { decision: 'dismiss', reason: 'permit' } }), 409, 'conflict');
  assert.equal((await getOk('admin', `/api/v1/detections/${second.id}`)).screening, 'confirmed');

  // A detection that is not over the limit is not screened.
  const [normal] = (await getOk('admin', `/api/v1/detections?verdict=normal&site=${B01.site}&limit=1`)).items;
  const r = await call('POST', `/api/v1/screening/${normal.id}`, { session: await as('admin'), body: { decision: 'confirm' } });
  assert.ok(r.status === 409 || r.status === 422, show(r));

  const audit = await allItems('inspector', '/api/v1/audit');
  const decisions = audit.filter((a) => a.action === 'screening.decide');
  for (const [id, actor] of [[first.id, loginOf('admin')], [second.id, loginOf('chief')]]) {
    const entry = decisions.find((a) => a.object === `detection:${id}`);
    assert.ok(entry, `an audit entry for detection ${id}: ${JSON.stringify(decisions.slice(0, 3))}`);
    assert.equal(entry.actor, actor);
  }
  assert.equal(decisions.filter((a) => a.object === `detection:${first.id}`).length, 1, 'one entry per decision, none for the refused ones');
  for (let i = 1; i < audit.length; i++) assert.ok(audit[i - 1].seq > audit[i].seq, 'the audit log is newest first');
});
