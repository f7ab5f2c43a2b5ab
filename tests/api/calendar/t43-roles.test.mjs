// The role matrix of the calendar module's route (tests/lib/matrix.mjs).
import { test } from 'node:test';
import { roleMatrix } from '../../lib/matrix.mjs';

test('role matrix (calendar): every endpoint of docs/api.md × every role and anonymous', async (t) => {
  await roleMatrix(t, 'calendar', {
    'GET /api/v1/calendar/due': () => ({ path: '/api/v1/calendar/due?from=2025-01-24&kind=working&n=3' }),
  });
});
