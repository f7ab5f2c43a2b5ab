// The role matrix of the cases module's routes (tests/lib/matrix.mjs).
import { test } from 'node:test';
import { roleMatrix } from '../../lib/matrix.mjs';
import { get, getOk, expectStatus } from '../../lib/http.mjs';
import { officers, onSiteCase, actOk } from './cases.mjs';
import { drawAll } from './review.mjs';

test('role matrix (cases): every endpoint of docs/api.md × every role and anonymous', async (t) => {
  const o = await officers();
  const c = await onSiteCase(500);
  // Each role that may record an act notes a statement on a case of its own.
  const forEvents = {};
  for (const role of ['officer', 'legal', 'chief', 'admin']) forEvents[role] = await onSiteCase(500);
  await actOk(forEvents.legal.id, 'notify', '2024-03-01');
  // A closed case to review, and reviews ready to finish.
  const closed = await onSiteCase(200, { procedure: 'summary' });
  for (const [type, extra] of [['notify', { fine_yuan: 200 }], ['decide', { fine_yuan: 200 }], ['serve', {}], ['pay', { amount_yuan: 200 }], ['close', {}]]) {
    await actOk(closed.id, type, '2024-03-01', extra);
  }
  const [review] = await drawAll(closed.id);
  const toFinish = {};
  for (const role of ['legal', 'inspector', 'admin']) [toFinish[role]] = await drawAll(closed.id);
  // A document issued, for the public verification routes.
  expectStatus(await get('officer', `/api/v1/cases/${c.id}/documents/opening.pdf`), 200);
  const code = (await getOk('officer', `/api/v1/cases/${c.id}`)).documents.find((d) => d.name === 'opening').access_code;
  await roleMatrix(t, 'cases', {
    'GET /api/v1/cases/{id}/documents/{file}': () => ({ path: `/api/v1/cases/${c.id}/documents/opening.pdf` }),
    'GET /api/v1/verify/{code}': () => ({ path: `/api/v1/verify/${code}` }),
    'GET /verify/{code}': () => ({ path: `/verify/${code}` }),
    'GET /api/v1/cases': () => ({ path: '/api/v1/cases?limit=5' }),
    'POST /api/v1/cases': () => ({ body: { violation: 'overlimit_mass', occurred_at: '2024-03-01T10:00:00+08:00', place: 'G210', facts: '超限', officers: [o.b01[0], o.b01[1]], on: '2024-03-01', fine_yuan: 500 } }),
    'GET /api/v1/cases/{id}': () => ({ path: `/api/v1/cases/${c.id}` }),
    'GET /api/v1/repeat-offenders': () => ({ path: '/api/v1/repeat-offenders?on=2024-12-31' }),
    'GET /api/v1/reviews': () => ({}),
    'POST /api/v1/reviews': () => ({ body: { cases: [closed.id] } }),
    'GET /api/v1/reviews/summary': () => ({}),
    'GET /api/v1/reviews/{id}': () => ({ path: `/api/v1/reviews/${review}` }),
    'POST /api/v1/reviews/{id}/items': () => ({ path: `/api/v1/reviews/${review}/items`, body: { item: 'facts', result: 'pass' } }),
    // Each reviewer finishes a review of its own (all items given).
    'POST /api/v1/reviews/{id}/finish': (role) => ({ path: `/api/v1/reviews/${(toFinish[role] ?? review)}/finish` }),
    // A legal reviewer reviews; the others notify (a B01 case: the HQ chief and admin see it).
    'POST /api/v1/cases/{id}/events': (role) => (role === 'legal'
      ? { path: `/api/v1/cases/${forEvents.legal.id}/events`, body: { type: 'review', on: '2024-03-02' } }
      : { path: `/api/v1/cases/${(forEvents[role] ?? c).id}/events`, body: { type: 'notify', on: '2024-03-01' } }),
  });
});
