// The role matrix of the cases module's routes (tests/lib/matrix.mjs).
import { test } from 'node:test';
import { roleMatrix } from '../../lib/matrix.mjs';
import { officers, onSiteCase, actOk } from './cases.mjs';

test('role matrix (cases): every endpoint of docs/api.md × every role and anonymous', async (t) => {
  const o = await officers();
  const c = await onSiteCase(500);
  // Each role that may record an act notes a statement on a case of its own.
  const forEvents = {};
  for (const role of ['officer', 'legal', 'chief', 'admin']) forEvents[role] = await onSiteCase(500);
  await actOk(forEvents.legal.id, 'notify', '2024-03-01');
  await roleMatrix(t, 'cases', {
    'GET /api/v1/cases': () => ({ path: '/api/v1/cases?limit=5' }),
    'POST /api/v1/cases': () => ({ body: { violation: 'overlimit_mass', occurred_at: '2024-03-01T10:00:00+08:00', place: 'G210', facts: '超限', officers: [o.b01[0], o.b01[1]], on: '2024-03-01', fine_yuan: 500 } }),
    'GET /api/v1/cases/{id}': () => ({ path: `/api/v1/cases/${c.id}` }),
    'GET /api/v1/repeat-offenders': () => ({ path: '/api/v1/repeat-offenders?on=2024-12-31' }),
    // A legal reviewer reviews; the others notify (a B01 case: the HQ chief and admin see it).
    'POST /api/v1/cases/{id}/events': (role) => (role === 'legal'
      ? { path: `/api/v1/cases/${forEvents.legal.id}/events`, body: { type: 'review', on: '2024-03-02' } }
      : { path: `/api/v1/cases/${(forEvents[role] ?? c).id}/events`, body: { type: 'notify', on: '2024-03-01' } }),
  });
});
