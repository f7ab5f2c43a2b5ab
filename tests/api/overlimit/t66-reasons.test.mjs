// The reasons of the over-limit module's errors (docs/api.md, Errors): a
// screening decision that is wrong or too late, the lists' filters, the
// figures' period, a detection or site that is not there. Every refusal
// here changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, expectReason, as, get, getOk, allItems } from '../../lib/http.mjs';
import { YEAR } from './data.mjs';

const decide = async (id, body) => call('POST', `/api/v1/screening/${id}`, { session: await as('admin'), body });

test('reasons: a screening decision that is wrong, or made already', async () => {
  const [pending] = (await getOk('admin', '/api/v1/screening?limit=1')).items;
  assert.ok(pending, 'a pending detection');
  expectReason(await decide(pending.id, { decision: 'maybe' }), 422, 'invalid', 'decision_unknown', { field: 'decision' });
  expectReason(await decide(pending.id, {}), 422, 'invalid', 'decision_unknown', { field: 'decision' });
  expectReason(await decide(pending.id, { decision: 'dismiss' }), 422, 'invalid', 'dismiss_reason_unknown', { field: 'reason' });
  expectReason(await decide(pending.id, { decision: 'dismiss', reason: 'weather' }), 422, 'invalid', 'dismiss_reason_unknown', { field: 'reason' });
  expectReason(await decide(pending.id, { decision: 'dismiss', reason: 'other' }), 422, 'invalid', 'note_required', { field: 'note' });
  expectReason(await decide(pending.id, { decision: 'dismiss', reason: 'other', note: 'x'.repeat(2001) }), 422, 'invalid', 'field_too_long', { field: 'note', max: 2000, got: 2001 });
  assert.equal((await getOk('admin', `/api/v1/detections/${pending.id}`)).screening, 'pending', 'nothing decided');

  const [decided] = (await allItems('inspector', '/api/v1/audit?action=screening.decide'));
  assert.ok(decided, 'a decision made earlier in the suite');
  const id = Number(decided.object.replace('detection:', ''));
  expectReason(await decide(id, { decision: 'confirm' }), 409, 'conflict', 'already_decided', { id });

  const [normal] = (await getOk('admin', '/api/v1/detections?verdict=normal&limit=1')).items;
  expectReason(await decide(normal.id, { decision: 'confirm' }), 409, 'conflict', 'not_overlimit', { id: normal.id });
  expectReason(await decide(999999999, { decision: 'confirm' }), 404, 'not_found', 'detection_unknown', { id: 999999999 });
});

test('reasons: a detection, a site, the lists\' filters', async () => {
  expectReason(await get('admin', '/api/v1/detections/999999999'), 404, 'not_found', 'detection_unknown', { id: 999999999 });
  expectReason(await get('admin', '/api/v1/detections/abc'), 404, 'not_found', 'detection_unknown');
  expectReason(await get('admin', '/api/v1/detections?verdict=heavy'), 422, 'invalid', 'verdict_unknown', { field: 'verdict', got: 'heavy' });
  expectReason(await get('admin', '/api/v1/detections?from=2023-13-01'), 422, 'invalid', 'date_invalid', { field: 'from', got: '2023-13-01' });
  expectReason(await get('admin', '/api/v1/detections.csv?from=2023-06-02&to=2023-06-01'), 422, 'invalid', 'range_reversed', { from: '2023-06-02', to: '2023-06-01' });
  expectReason(await get('admin', '/api/v1/quarantine?kind=photo'), 422, 'invalid', 'quarantine_kind_unknown', { field: 'kind', got: 'photo' });
  expectReason(await get('admin', '/api/v1/screening?limit=1001'), 422, 'invalid', 'limit_out_of_range', { max: 1000 });
  expectReason(await call('POST', '/api/v1/sites/NOPE/key', { session: await as('admin') }), 404, 'not_found', 'site_unknown', { site: 'NOPE' });
});

test('reasons: the period of the figures', async () => {
  expectReason(await get('admin', `/api/v1/stats/overlimit?from=${YEAR.from}`), 422, 'invalid', 'field_required', { field: 'to' });
  expectReason(await get('admin', `/api/v1/stats/overlimit?to=${YEAR.to}`), 422, 'invalid', 'field_required', { field: 'from' });
  expectReason(await get('admin', `/api/v1/stats/overlimit?from=${YEAR.to}&to=${YEAR.from}`), 422, 'invalid', 'range_reversed', { from: YEAR.to, to: YEAR.from });
  expectReason(await get('admin', '/api/v1/stats/overlimit?from=2000-01-01&to=2023-12-31'), 422, 'invalid', 'range_too_long', { max_years: 10 });
  expectReason(await get('admin', `/api/v1/stats/overlimit?from=2023-02-29&to=${YEAR.to}`), 422, 'invalid', 'date_invalid', { field: 'from' });
});
