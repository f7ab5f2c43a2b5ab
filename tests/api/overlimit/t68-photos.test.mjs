// Evidence photos over HTTP: a device uploads them (alone, or in its JSON
// records as base64), the detail lists them, a user whose scope covers the
// site views them (private cache, the right type, the bytes of the hash),
// every view is audited, and another brigade's photo is not there (404).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { call, show, expectStatus, expectError, expectReason, get, getOk, loginOf } from '../../lib/http.mjs';
import { siteUnit, B01, OTHER, record, feed, genPhoto, detectionId, detectionWithPhoto } from './data.mjs';

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function upload(key, body, headers = {}) {
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return call('POST', '/api/v1/photos', { body, headers: { 'content-type': 'image/png', ...headers } });
}

test('photos: the generated year\'s over-limit records list their photos, which the store serves', async () => {
  const [d] = (await getOk('admin', '/api/v1/detections?verdict=overlimit&from=2023-01-01&to=2023-12-31&limit=1')).items;
  assert.ok(d, 'the year has an over-limit detection');
  const detail = await getOk('admin', `/api/v1/detections/${d.id}`);
  assert.deepEqual(detail.photos.map((p) => [p.index, p.kind]), [[0, 'front'], [1, 'side'], [2, 'plate']]);
  for (const p of detail.photos) {
    assert.match(p.sha256, /^[0-9a-f]{64}$/);
    assert.equal(p.url, `/api/v1/detections/${d.id}/photos/${p.index}`);
    const r = expectStatus(await get('admin', p.url), 200);
    assert.equal(r.headers.get('content-type'), 'image/png');
    assert.deepEqual(r.buf.subarray(0, 8), PNG, 'a PNG by its first bytes');
    assert.equal(sha256(r.buf), p.sha256, 'the bytes of the hash the record names');
  }
});

test('photos: served with Cache-Control private and a max-age, never no-store', async () => {
  const { id } = await detectionWithPhoto(B01);
  const r = expectStatus(await get('officer', `/api/v1/detections/${id}/photos/0`), 200);
  const cache = r.headers.get('cache-control');
  assert.match(cache, /^private, max-age=\d+$/, `Cache-Control: ${cache}`);
  assert.doesNotMatch(cache, /no-store/);
  // JSON answers keep no-store.
  assert.equal((await get('officer', `/api/v1/detections/${id}`)).headers.get('cache-control'), 'no-store');
});

test('photos: every view is in the audit log (photo.view, the detection, the hash, who)', async () => {
  const { id, photo } = await detectionWithPhoto(B01, 1);
  const path = `/api/v1/detections/${id}/photos/0`;
  const entries = async () => (await getOk('inspector', `/api/v1/audit?action=photo.view&object=detection:${id}`)).items;
  assert.equal((await entries()).length, 0, 'not viewed yet');
  expectStatus(await get('officer', path), 200);
  expectStatus(await get('legal', path), 200);
  const seen = await entries();
  assert.equal(seen.length, 2, JSON.stringify(seen));
  assert.deepEqual(seen.map((x) => x.actor).sort(), [loginOf('legal'), loginOf('officer')].sort());
  for (const x of seen) {
    assert.equal(x.action, 'photo.view');
    assert.equal(x.object, `detection:${id}`);
    assert.deepEqual(JSON.parse(x.after), { photo: 0, kind: 'front', sha256: photo.sha256 });
  }
  // The detail alone is no view of the photo.
  expectStatus(await get('officer', `/api/v1/detections/${id}`), 200);
  assert.equal((await entries()).length, 2);
});

test('photos: another brigade\'s photo answers 404 (as its detection does), and is not audited', async () => {
  const theirs = await detectionWithPhoto(OTHER);
  const path = `/api/v1/detections/${theirs.id}/photos/0`;
  expectReason(await get('officer', path), 404, 'not_found', 'detection_unknown');
  expectReason(await get('legal', path), 404, 'not_found', 'detection_unknown');
  if (siteUnit.get(OTHER.site) === 'B02') expectStatus(await get('officer2', path), 200);
  expectStatus(await get('chief', path), 200);
  const views = (await getOk('inspector', `/api/v1/audit?action=photo.view&object=detection:${theirs.id}`)).items;
  assert.ok(!views.some((x) => x.actor === loginOf('officer')), 'the refused view is not recorded as a view');
  // And B01's photo is not B02's.
  const ours = await detectionWithPhoto(B01);
  expectReason(await get('officer2', `/api/v1/detections/${ours.id}/photos/0`), 404, 'not_found', 'detection_unknown');
});

test('photos: an index the record does not have → 404 photo_unknown', async () => {
  const { id } = await detectionWithPhoto(B01);
  expectReason(await get('officer', `/api/v1/detections/${id}/photos/1`), 404, 'not_found', 'photo_unknown', { id, index: '1' });
  expectReason(await get('officer', `/api/v1/detections/${id}/photos/-1`), 404, 'not_found', 'photo_unknown');
  expectReason(await get('officer', `/api/v1/detections/${id}/photos/x`), 404, 'not_found', 'photo_unknown');
  expectReason(await get('officer', '/api/v1/detections/0/photos/0'), 404, 'not_found', 'detection_unknown');
});

test('photos: a device uploads a photo alone, then a record naming it by hash', async () => {
  const p = genPhoto(2);
  const r = expectStatus(await upload(B01.key, p.bytes), 200);
  assert.deepEqual(r.json, { sha256: p.sha256, bytes: p.bytes.length, type: 'image/png' });
  expectStatus(await upload(B01.key, p.bytes, { 'x-photo-sha256': p.sha256 }), 200); // again: harmless
  const rec = { ...record(B01.site, { over: false, day: '2024-02-02' }), photos: `plate:${p.sha256}` };
  const f = expectStatus(await feed(B01.key, rec), 200);
  assert.equal(f.json.accepted, 1, show(f));
  const id = await detectionId(B01.site, rec.seq, '2024-02-02');
  const detail = await getOk('officer', `/api/v1/detections/${id}`);
  assert.deepEqual(detail.photos, [{ index: 0, kind: 'plate', sha256: p.sha256, url: `/api/v1/detections/${id}/photos/0` }]);
  assert.equal(sha256((await get('officer', `/api/v1/detections/${id}/photos/0`)).buf), p.sha256);
});

test('photos: an upload that is not an image, not its claimed hash, or without a key is refused', async () => {
  const p = genPhoto(3);
  expectError(await upload(B01.key, Buffer.from('GIF89a, not evidence')), 422, 'invalid');
  expectError(await upload(B01.key, p.bytes, { 'x-photo-sha256': '0'.repeat(64) }), 422, 'invalid');
  expectError(await upload(B01.key, Buffer.alloc(0)), 422, 'invalid');
  expectError(await upload(null, p.bytes), 401, 'unauthorized');
  expectError(await upload('sr_not-a-key', p.bytes), 401, 'unauthorized');
});

test('photos: a record naming a photo nobody uploaded is quarantined, "photo not uploaded"', async () => {
  const missing = 'ab'.repeat(32);
  const rec = { ...record(B01.site, { day: '2024-02-03' }), photos: `front:${missing}` };
  const r = expectStatus(await feed(B01.key, [rec]), 200);
  assert.equal(r.json.quarantined, 1, show(r));
  assert.equal(r.json.results[0].status, 'quarantined');
  assert.match(r.json.results[0].reason, new RegExp(`^photo not uploaded: .*${missing}`));
  const q = (await getOk('officer', '/api/v1/quarantine?kind=detection&limit=20')).items;
  assert.ok(q.some((x) => x.reason.startsWith('photo not uploaded') && x.raw.includes(missing)), 'the quarantine has it');
  // Once the photo is there, the same record goes in.
  const p = genPhoto(4);
  const again = { ...rec, photos: [{ kind: 'front', data: p.bytes.toString('base64'), sha256: p.sha256 }] };
  const ok = expectStatus(await feed(B01.key, [again]), 200);
  assert.equal(ok.json.accepted, 1, show(ok));
});

test('photos: a photo in a record that cannot be stored refuses the whole request, nothing stored', async () => {
  const good = record(B01.site, { over: false, day: '2024-02-04' });
  const p = genPhoto(5);
  const cases = [
    [{ kind: 'front', data: '@@not base64@@' }, 422, 'invalid'],
    [{ kind: 'front', data: Buffer.from('GIF89a...').toString('base64') }, 422, 'invalid'],
    [{ kind: 'front', data: p.bytes.toString('base64'), sha256: 'f'.repeat(64) }, 422, 'invalid'],
    [{ kind: 'roof', data: p.bytes.toString('base64') }, 422, 'invalid'],
    [{ kind: 'front' }, 422, 'invalid'],
  ];
  for (const [photo, status, code] of cases) {
    const bad = { ...record(B01.site, { over: false, day: '2024-02-04' }), photos: [photo] };
    const r = expectError(await feed(B01.key, [good, bad]), status, code);
    assert.match(r.json.error.message, /^record 2, photo 1: /, show(r));
  }
  const listed = (await getOk('admin', `/api/v1/detections?site=${B01.site}&from=2024-02-04&to=2024-02-04`)).items;
  assert.deepEqual(listed, [], 'nothing of the refused requests was stored');
});
