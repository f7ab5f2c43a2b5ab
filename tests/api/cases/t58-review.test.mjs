// Case-file review (案卷评查): a sample drawn by a recorded seed, the sheet
// scored by sunroad where it can check the case (with its evidence), the
// reviewer's part, the score and grade, a veto, findings by unit and officer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { post, get, getOk, expectStatus, expectReason, expectError } from '../../lib/http.mjs';
import { onSiteCase, actOk, confirmedDetection, openCase } from './cases.mjs';
import { completeSheet } from './review.mjs';

// A closed over-limit case from a detection, its decision the verdict's.
async function closedFromDetection({ serveOn = '2024-02-07', report = true } = {}) {
  const c = await openCase({ detection: await confirmedDetection(), on: '2024-02-01' }, 'chief');
  const fine = c.fine_fen / 100;
  await actOk(c.id, 'notify', '2024-02-01');
  await actOk(c.id, 'decide', '2024-02-06', { fine_yuan: fine });
  const served = await actOk(c.id, 'serve', serveOn);
  await actOk(c.id, 'pay', served.deadlines.payment, { amount_yuan: fine });
  await actOk(c.id, 'close', served.deadlines.payment);
  if (report) await actOk(c.id, 'report', served.deadlines.payment);
  return c;
}

const item = (sheet, id) => sheet.items.find((x) => x.item === id);

test('review: the sheet comes scored where sunroad can check the case, with its evidence', async () => {
  const c = await closedFromDetection();
  const draw = expectStatus(await post('inspector', '/api/v1/reviews', { cases: [c.id] }), 201).json;
  assert.equal(draw.reviews.length, 1);
  const sheet = await getOk('inspector', `/api/v1/reviews/${draw.reviews[0].id}`);
  assert.equal(sheet.number, c.number);
  assert.equal(sheet.items.reduce((n, x) => n + x.points, 0), 100, 'a 100-point sheet');
  for (const id of ['two_officers', 'approved', 'limitation', 'evidence', 'footage', 'fine', 'notice', 'statement', 'hearing', 'review', 'decision_time', 'service', 'executed', 'report_home']) {
    assert.equal(item(sheet, id).result, 'pass', `${id}: ${item(sheet, id).evidence}`);
    assert.equal(item(sheet, id).auto, true);
  }
  assert.match(item(sheet, 'two_officers').evidence, /2 人/);
  for (const id of ['authority', 'facts', 'basis', 'documents', 'archive']) assert.equal(item(sheet, id).result, 'unknown', `${id}: the reviewer's`);
  expectReason(await post('inspector', `/api/v1/reviews/${sheet.id}/finish`), 409, 'conflict', 'review_incomplete', { open: 5 });
  // The reviewer: a deduction needs its note and stays within the item's points.
  expectReason(await post('inspector', `/api/v1/reviews/${sheet.id}/items`, { item: 'archive', result: 'fail', deducted: 3 }), 422, 'invalid', 'field_required', { field: 'note' });
  expectReason(await post('inspector', `/api/v1/reviews/${sheet.id}/items`, { item: 'archive', result: 'fail', deducted: 6, note: 'x' }), 422, 'invalid', 'review_deduction', { max: 5 });
  expectStatus(await post('inspector', `/api/v1/reviews/${sheet.id}/items`, { item: 'archive', result: 'fail', deducted: 3, note: '卷内目录缺页码' }), 200);
  await completeSheet(sheet.id);
  const done = expectStatus(await post('inspector', `/api/v1/reviews/${sheet.id}/finish`), 200).json;
  assert.equal(done.score, 97);
  assert.equal(done.grade, 'excellent');
  assert.equal(done.vetoed, false);
  expectReason(await post('inspector', `/api/v1/reviews/${sheet.id}/finish`), 409, 'conflict', 'review_finished');
});

test('review: late service and no 抄告 are found; a failed veto item fails the file', async () => {
  // Served on the eighth working day after the decision (due 2024-02-21).
  const c = await closedFromDetection({ serveOn: '2024-02-22', report: false });
  const [r] = expectStatus(await post('legal', '/api/v1/reviews', { cases: [c.id] }), 201).json.reviews;
  let sheet = await getOk('legal', `/api/v1/reviews/${r.id}`);
  assert.equal(item(sheet, 'service').result, 'fail');
  assert.match(item(sheet, 'service').evidence, /送达 2024-02-22,期限 2024-02-21/);
  assert.equal(item(sheet, 'report_home').result, 'fail');
  assert.equal(item(sheet, 'service').deducted, 5);
  // The legal basis judged wrong: a veto.
  expectStatus(await post('legal', `/api/v1/reviews/${r.id}/items`, { item: 'basis', result: 'fail', note: '引用条款错误' }), 200);
  await completeSheet(r.id, 'legal');
  sheet = expectStatus(await post('legal', `/api/v1/reviews/${r.id}/finish`), 200).json;
  assert.equal(sheet.score, 100 - 5 - 2 - 10);
  assert.equal(sheet.vetoed, true);
  assert.equal(sheet.grade, 'fail', 'a veto fails the file whatever its score');
  const summary = await getOk('chief', '/api/v1/reviews/summary');
  const b01 = summary.units.find((u) => u.unit === 'B01');
  assert.ok(b01 && b01.files >= 1 && b01.grades.fail >= 1, JSON.stringify(b01));
  const officer = summary.officers.find((o) => o.badge === c.officers[0].badge);
  assert.ok(officer && officer.grades.fail >= 1, 'the officers of the file carry its grade');
});

test('review: a sample is a pure function of its seed; only closed cases', async () => {
  for (let i = 0; i < 3; i++) {
    const c = await onSiteCase(200, { procedure: 'summary' });
    for (const [type, extra] of [['notify', { fine_yuan: 200 }], ['decide', { fine_yuan: 200 }], ['serve', {}], ['pay', { amount_yuan: 200 }], ['close', {}]]) await actOk(c.id, type, '2024-03-01', extra);
  }
  const a = expectStatus(await post('inspector', '/api/v1/reviews', { sample: 2, seed: 544, from: '2024-01-01', to: '2024-12-31' }), 201).json;
  const b = expectStatus(await post('inspector', '/api/v1/reviews', { sample: 2, seed: 544, from: '2024-01-01', to: '2024-12-31' }), 201).json;
  assert.equal(a.reviews.length, 2);
  assert.equal(a.seed, 544);
  assert.deepEqual(a.reviews.map((r) => r.case), b.reviews.map((r) => r.case), 'the same seed, the same files');
  const open = await onSiteCase(200);
  expectReason(await post('inspector', '/api/v1/reviews', { cases: [open.id] }), 409, 'conflict', 'review_not_closed');
  expectError(await post('officer', '/api/v1/reviews', { sample: 1 }), 403, 'forbidden');
});

test('review: an act on the spot is checked for its footage; documents issued by sunroad are checked too', async () => {
  // A summary case: without a recording, then one with the stop filmed and its documents issued.
  const walk = async (c, footage) => {
    for (const [type, extra] of [['notify', { fine_yuan: 200 }], ['decide', { fine_yuan: 200, ...(footage ? { footage } : {}) }], ['serve', {}], ['pay', { amount_yuan: 200 }], ['close', {}]]) await actOk(c.id, type, '2024-03-01', extra);
  };
  const bare = await onSiteCase(200, { procedure: 'summary' });
  await walk(bare, null);
  const filmed = await onSiteCase(200, { procedure: 'summary', footage: ['B01-DSJ-20240301-0007'] });
  await walk(filmed, ['B01-DSJ-20240301-0008']);
  for (const name of ['notice', 'decision', 'receipt']) expectStatus(await get('officer', `/api/v1/cases/${filmed.id}/documents/${name}.pdf`), 200);
  const draw = expectStatus(await post('inspector', '/api/v1/reviews', { cases: [bare.id, filmed.id] }), 201).json;
  const sheetOf = async (id) => getOk('inspector', `/api/v1/reviews/${draw.reviews.find((r) => r.case === id).id}`);
  const a = await sheetOf(bare.id);
  assert.equal(item(a, 'footage').result, 'fail');
  assert.match(item(a, 'footage').evidence, /未关联执法记录仪视频/);
  assert.equal(item(a, 'documents').result, 'unknown', 'documents made outside sunroad are the reviewer\'s');
  const b = await sheetOf(filmed.id);
  assert.equal(item(b, 'footage').result, 'pass');
  assert.match(item(b, 'footage').evidence, /2 段/, 'the opening\'s recording and the decision\'s');
  assert.equal(item(b, 'documents').result, 'pass');
  assert.equal(item(b, 'documents').auto, true);
});
