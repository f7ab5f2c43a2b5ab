// The enforcement certificate (行政执法证) of a user: its number is the
// badge, its validity two days, "YYYY-MM-DD" or null, shown in every user
// (GET, POST, PATCH), set, changed and cleared day by day, refused with its
// reason when wrong, and audited with the user before and after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, expectStatus, expectReason, as, allItems, addUser, loginOf } from '../../lib/http.mjs';

const listed = async (name) => (await allItems('admin', '/api/v1/users')).find((u) => u.login === name);
const patch = async (name, body) => call('PATCH', `/api/v1/users/${name}`, { session: await as('admin'), body });
const post = async (body) => call('POST', '/api/v1/users', { session: await as('admin'), body });
const entries = async (query) => allItems('inspector', `/api/v1/audit?${query}`);
const cert = (u) => [u.cert_valid_from, u.cert_valid_to];
const user = (fields) => ({ name: '持证', role: 'officer', unit: 'B01', password: 'Cert-user-2024-pass', ...fields });

test('certificates: a user without one shows null days; the set-up users have none', async () => {
  const officer = await listed(loginOf('officer'));
  assert.deepEqual(cert(officer), [null, null]);
  const plain = await addUser(user({ login: 'ce-plain', badge: '7001' }));
  assert.deepEqual(cert(plain), [null, null]);
  assert.ok('cert_valid_from' in plain && 'cert_valid_to' in plain, 'the members are there, null');
});

test('certificates: POST with the validity; shown by POST, GET and audited in user.add', async () => {
  const made = await addUser(user({ login: 'ce-user', badge: '15230777', cert_valid_from: '2024-03-01', cert_valid_to: '2027-02-28' }));
  assert.deepEqual([made.badge, ...cert(made)], ['15230777', '2024-03-01', '2027-02-28']);
  assert.deepEqual(cert(await listed('ce-user')), ['2024-03-01', '2027-02-28']);
  const [added] = await entries('action=user.add&object=ce-user');
  const after = JSON.parse(added.after);
  assert.deepEqual([after.badge, after.cert_valid_from, after.cert_valid_to], ['15230777', '2024-03-01', '2027-02-28']);
  // One day alone may be on record; null is none.
  const half = await addUser(user({ login: 'ce-half', badge: '7002', cert_valid_from: null, cert_valid_to: '2025-12-31' }));
  assert.deepEqual(cert(half), [null, '2025-12-31']);
});

test('certificates: PATCH renews, clears one day or both, and each change is audited with before and after', async () => {
  const renewed = expectStatus(await patch('ce-user', { cert_valid_to: '2030-02-28' }), 200).json;
  assert.deepEqual([renewed.badge, ...cert(renewed)], ['15230777', '2024-03-01', '2030-02-28'], 'the other day stays');
  let [last] = await entries('action=user.update&object=ce-user'); // newest first
  assert.deepEqual([JSON.parse(last.before).cert_valid_to, JSON.parse(last.after).cert_valid_to], ['2027-02-28', '2030-02-28']);
  assert.equal(JSON.parse(last.after).cert_valid_from, '2024-03-01');

  // Other fields alone leave the days as they are.
  const renamed = expectStatus(await patch('ce-user', { name: '持证改名' }), 200).json;
  assert.deepEqual(cert(renamed), ['2024-03-01', '2030-02-28']);

  // The same days again change nothing and log nothing.
  const before = (await entries('action=user.update&object=ce-user')).length;
  expectStatus(await patch('ce-user', { cert_valid_from: '2024-03-01', cert_valid_to: '2030-02-28' }), 200);
  assert.equal((await entries('action=user.update&object=ce-user')).length, before, 'an unchanged edit is not logged');

  // null takes a day off the record; both off: no certificate on record.
  assert.deepEqual(cert(expectStatus(await patch('ce-user', { cert_valid_from: null }), 200).json), [null, '2030-02-28']);
  const cleared = expectStatus(await patch('ce-user', { cert_valid_to: null }), 200).json;
  assert.deepEqual(cert(cleared), [null, null]);
  assert.deepEqual(cert(await listed('ce-user')), [null, null]);
  [last] = await entries('action=user.update&object=ce-user');
  assert.deepEqual([JSON.parse(last.before).cert_valid_to, JSON.parse(last.after).cert_valid_to], ['2030-02-28', null]);
  assert.equal((await entries('action=user.update&object=ce-user')).length, before + 2);

  // Set again, both at once, with a new badge.
  const again = expectStatus(await patch('ce-user', { badge: '15230888', cert_valid_from: '2025-01-01', cert_valid_to: '2027-12-31' }), 200).json;
  assert.deepEqual([again.badge, ...cert(again)], ['15230888', '2025-01-01', '2027-12-31']);
  // Without a badge there is no certificate: taking the badge and both days off together is fine.
  const none = expectStatus(await patch('ce-user', { badge: '', cert_valid_from: null, cert_valid_to: null }), 200).json;
  assert.deepEqual([none.badge, ...cert(none)], ['', null, null]);
  expectStatus(await patch('ce-user', { badge: '15230888', cert_valid_from: '2025-01-01', cert_valid_to: '2027-12-31' }), 200);
});

test('certificates: wrong days are refused with their reason and change nothing', async () => {
  const was = await listed('ce-user');
  expectReason(await patch('ce-user', { cert_valid_to: '2024-12-31' }), 422, 'invalid', 'cert_range_reversed',
    { field: 'cert_valid_to', from: '2025-01-01', to: '2024-12-31' });
  expectReason(await patch('ce-user', { cert_valid_from: '2028-01-01' }), 422, 'invalid', 'cert_range_reversed',
    { field: 'cert_valid_to', from: '2028-01-01', to: '2027-12-31' });
  expectReason(await patch('ce-user', { cert_valid_from: '2025-02-30' }), 422, 'invalid', 'date_invalid', { field: 'cert_valid_from', got: '2025-02-30' });
  expectReason(await patch('ce-user', { cert_valid_to: '2027/12/31' }), 422, 'invalid', 'date_invalid', { field: 'cert_valid_to', got: '2027/12/31' });
  expectReason(await patch('ce-user', { cert_valid_to: '1970-01-01' }), 422, 'invalid', 'date_invalid', { field: 'cert_valid_to' });
  expectReason(await patch('ce-user', { cert_valid_to: 20271231 }), 422, 'invalid', 'field_type', { field: 'cert_valid_to', type: 'string' });
  expectReason(await patch('ce-user', { badge: '' }), 422, 'invalid', 'cert_badge_required', { field: 'badge' });
  expectReason(await patch('ce-plain', { badge: '', cert_valid_to: '2026-01-01' }), 422, 'invalid', 'cert_badge_required', { field: 'badge' });
  assert.deepEqual(await listed('ce-user'), was);

  expectReason(await post(user({ login: 'ce-bad', badge: '9', cert_valid_from: '2025-06-01', cert_valid_to: '2025-05-31' })), 422, 'invalid',
    'cert_range_reversed', { field: 'cert_valid_to', from: '2025-06-01', to: '2025-05-31' });
  expectReason(await post(user({ login: 'ce-bad', cert_valid_from: '2025-06-01' })), 422, 'invalid', 'cert_badge_required', { field: 'badge' });
  expectReason(await post(user({ login: 'ce-bad', badge: '9', cert_valid_to: 'soon' })), 422, 'invalid', 'date_invalid', { field: 'cert_valid_to', got: 'soon' });
  expectReason(await post(user({ login: 'ce-bad', badge: '9', cert_valid_from: false })), 422, 'invalid', 'field_type', { field: 'cert_valid_from' });
  assert.equal(await listed('ce-bad'), undefined, 'nothing added');
  assert.equal((await entries('object=ce-bad')).length, 0, 'nothing logged');
});
