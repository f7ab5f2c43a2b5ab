// What the over-limit tests know of the test database (tests/api/run.sh:
// a generated year 2023, two device keys) and how they make more of it:
// records sent through the device feed, on days of 2024 so that the
// report of 2023 stays as generated.
import fs from 'node:fs';
import assert from 'node:assert/strict';
import { cfg } from '../../lib/config.mjs';
import { call, show, expectStatus, allItems } from '../../lib/http.mjs';

export const YEAR = { from: '2023-01-01', to: '2023-12-31' };

// The site registry as generated: code → unit.
export const siteUnit = new Map(
  fs.readFileSync(cfg.sites_csv, 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(','))
    .map((cells) => [cells[0], cells[cells.length - 1]]),
);
export const allSites = [...siteUnit.keys()].sort();
export const b01Sites = allSites.filter((s) => siteUnit.get(s) === 'B01');
export const B01 = cfg.keys.b01; // {site, key}: a B01 site's device key
export const OTHER = cfg.keys.other; // a site of another unit
assert.equal(siteUnit.get(B01.site), 'B01');
assert.notEqual(siteUnit.get(OTHER.site), 'B01');

// Each site's newest passed_at in the imported file: what `sunroad ingest`
// left in its last_seen_at (a file's records are a sign of life too).
export const newestImported = new Map();
{
  const [header, ...lines] = fs.readFileSync(cfg.detections_csv, 'utf8').trim().split('\n');
  const col = header.split(',');
  const [site, passedAt] = [col.indexOf('site'), col.indexOf('passed_at')];
  for (const cells of lines.map((line) => line.split(','))) {
    const seen = newestImported.get(cells[site]);
    if (!seen || cells[passedAt] > seen) newestImported.set(cells[site], cells[passedAt]); // one offset: text order is time order
  }
}

// The sites as the first test found them, before any device posted.
export const initial = { sites: null };

let seqCounter = 700000;
let minute = 0;

// A record of site at a day of 2024 (outside the year the reports cover):
// over the limit (6 axles, 60 t) unless over is false.
export function record(site, { over = true, day = '2024-01-15', seq = ++seqCounter } = {}) {
  const m = minute++;
  const at = `${day}T${String(8 + Math.floor(m / 60) % 12).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+08:00`;
  const base = {
    site, seq, passed_at: at, plate: `蒙K${String(seq % 100000).padStart(5, '0')}`, plate_color: 'yellow',
    kind: 'train', single_drive: 0, single_tire_axles: 0, speed_kmh: 50, lane: 1,
  };
  return over
    ? { ...base, axles: 6, gross_kg: 60000, axle_kg: '7000;10000;10000;11000;11000;11000' }
    : { ...base, axles: 5, gross_kg: 39474, axle_kg: '5171;8951;8298;8908;8146' };
}

const CSV_HEADER = 'site,seq,passed_at,plate,plate_color,kind,axles,gross_kg,axle_kg,single_drive,single_tire_axles,speed_kmh,lane';
export const csvOf = (records) => [CSV_HEADER, ...records.map((r) => CSV_HEADER.split(',').map((k) => r[k]).join(','))].join('\n') + '\n';

export function feed(key, body, contentType = 'application/json') {
  const headers = { 'content-type': contentType };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return call('POST', '/api/v1/detections', { body: typeof body === 'string' ? body : JSON.stringify(body), headers });
}

// The stored detections of a site with a given seq (admin sees all).
export async function storedSeqs(site, seq) {
  const items = await allItems('admin', `/api/v1/detections?site=${site}&from=2024-01-01`);
  return items.filter((d) => d.seq === seq);
}

// A photo gen drew (tests/api/run.sh imported them all): {sha256, bytes}.
export function genPhoto(nth = 0) {
  const names = fs.readdirSync(cfg.photos_dir).sort();
  return { sha256: names[nth], bytes: fs.readFileSync(`${cfg.photos_dir}/${names[nth]}`) };
}

// The id of the stored detection of site with seq (admin sees all).
export async function detectionId(site, seq, day) {
  const items = await allItems('admin', `/api/v1/detections?site=${site}&from=${day}&to=${day}`);
  const d = items.find((x) => x.seq === seq);
  assert.ok(d, `record ${seq} of ${site} is listed`);
  return d.id;
}

// A record of dev's site posted with a photo in it (base64, kind front);
// answers its id and the photo.
export async function detectionWithPhoto(dev, nth = 0) {
  const p = genPhoto(nth);
  const rec = { ...record(dev.site, { over: false, day: '2024-02-01' }), photos: [{ kind: 'front', data: p.bytes.toString('base64') }] };
  const r = expectStatus(await feed(dev.key, rec), 200);
  assert.equal(r.json.accepted, 1, show(r));
  return { id: await detectionId(dev.site, rec.seq, '2024-02-01'), photo: p };
}

// Stores over-limit records through the device feed; answers their ids.
export async function overlimitDetections(dev, n) {
  const recs = Array.from({ length: n }, () => record(dev.site, { day: '2024-01-20' }));
  const r = expectStatus(await feed(dev.key, recs), 200);
  assert.equal(r.json.accepted, n, show(r));
  const items = await allItems('admin', `/api/v1/detections?site=${dev.site}&from=2024-01-20&to=2024-01-20`);
  return recs.map((rec) => {
    const d = items.find((x) => x.seq === rec.seq);
    assert.ok(d, `record ${rec.seq} of ${dev.site} is listed`);
    assert.equal(d.screening, 'pending', `record ${rec.seq} is pending screening`);
    return d.id;
  });
}
