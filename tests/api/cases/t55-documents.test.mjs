// The case documents over HTTP: each one once its act has happened (409
// before), issued on its first request and stored (the same bytes and
// SHA-256 ever after, audited once), read back with pdftotext, its QR code
// with zbarimg; the public verification page and its JSON, masked; and
// the scope (another unit's officer gets 404).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, get, show, expectStatus, expectReason, addUser, login, allItems } from '../../lib/http.mjs';
import { confirmedDetection, openCase, act, actOk, caseOf, onSiteCase, PERSON } from './cases.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunroad-t55-'));
let files = 0;

// The bytes as a file of the temporary directory.
function file(bytes, ext) {
  const f = path.join(tmp, `doc-${++files}.${ext}`);
  fs.writeFileSync(f, bytes);
  return f;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}

// The text of a PDF, without the line breaks and blanks of its layout.
const textOf = (pdf) => run('pdftotext', [file(pdf, 'pdf'), '-']).replace(/\s+/g, '');

// What the QR code of the first page holds.
function qrOf(pdf) {
  const f = file(pdf, 'pdf');
  run('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', f, f]);
  return run('zbarimg', ['--quiet', '--raw', `${f}.png`]).trim();
}

const doc = (who, id, name) => get(who, `/api/v1/cases/${id}/documents/${name}.pdf`);

async function pdfOk(who, id, name) {
  const r = expectStatus(await doc(who, id, name), 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.buf.subarray(0, 5).toString(), '%PDF-');
  return r;
}

const yuan = (fen) => (fen / 100).toLocaleString('en-US', { maximumFractionDigits: 2 });

let walked = null;

// A case from a detection walked to closing through a late payment, each
// document asked for before and after its act.
async function walk() {
  if (walked) return walked;
  const c = await openCase({ detection: await confirmedDetection(), on: '2024-02-01' });
  const notYet = async (names) => {
    for (const n of names) expectReason(await doc('officer', c.id, n), 409, 'conflict', 'document_not_yet', { document: n });
  };
  const got = {};
  await notYet(['notice', 'decision', 'receipt', 'demand', 'closing']);
  got.opening = await pdfOk('officer', c.id, 'opening');
  await actOk(c.id, 'notify', '2024-02-01');
  await notYet(['decision', 'receipt', 'demand', 'closing']);
  got.notice = await pdfOk('officer', c.id, 'notice');
  await actOk(c.id, 'decide', '2024-02-06', { fine_yuan: c.fine_fen / 100 });
  got.decision = await pdfOk('officer', c.id, 'decision');
  got.receipt = await pdfOk('officer', c.id, 'receipt');
  await actOk(c.id, 'serve', '2024-02-07');
  await notYet(['demand', 'closing']);
  await actOk(c.id, 'demand', '2024-02-26');
  got.demand = await pdfOk('officer', c.id, 'demand');
  // The amount with its late fine, as the refusal names it.
  const short = await act(c.id, 'pay', '2024-02-27', { amount_yuan: c.fine_fen / 100 });
  expectReason(short, 409, 'conflict', 'payment_amount');
  await actOk(c.id, 'pay', '2024-02-27', { amount_yuan: Number(short.json.error.args.yuan) });
  await notYet(['closing']);
  await actOk(c.id, 'close', '2024-02-28');
  got.closing = await pdfOk('officer', c.id, 'closing');
  walked = { c, got };
  return walked;
}

test('documents: each once its act has happened, 409 before; an unknown name 404', async () => {
  const { c, got } = await walk();
  assert.deepEqual(Object.keys(got).sort(), ['closing', 'decision', 'demand', 'notice', 'opening', 'receipt']);
  expectReason(await doc('officer', c.id, 'verdict'), 404, 'not_found', 'document_unknown');
  expectReason(await get('officer', `/api/v1/cases/${c.id}/documents/decision`), 404, 'not_found', 'document_unknown');
  expectReason(await doc('officer', 999999999, 'opening'), 404, 'not_found', 'case_unknown');
  const titles = { opening: '立案审批表', notice: '行政处罚告知书', decision: '行政处罚决定书', receipt: '送达回证', demand: '催告书', closing: '结案报告' };
  for (const [name, r] of Object.entries(got)) {
    const text = textOf(r.buf);
    assert.ok(text.includes(titles[name]), `${name}: its title in ${text.slice(0, 200)}`);
    assert.ok(text.includes(c.number), `${name}: the case number`);
    const disposition = r.headers.get('content-disposition');
    assert.match(disposition, new RegExp(`^inline; filename="case-${c.id}_${name}\\.pdf"; filename\\*=UTF-8''`), disposition);
    assert.ok(decodeURIComponent(disposition.split("UTF-8''")[1]) === `${c.number}_${titles[name]}.pdf`, disposition);
    assert.equal(r.headers.get('cache-control'), 'private');
    assert.match(r.headers.get('x-document-sha256'), /^[0-9a-f]{64}$/);
  }
});

test('documents: the decision holds number, party, plate, amount and the articles; its QR code leads to /verify', async () => {
  const { c, got } = await walk();
  const text = textOf(got.decision.buf);
  for (const want of [c.number, PERSON.name, PERSON.id_number, c.vehicle.plate, `${yuan(c.fine_fen)}元`,
    '《超限运输车辆行驶公路管理规定》第四十三条第一款第二项', '每超1000千克罚款500元',
    '《中华人民共和国公路法》第五十条第一款', '十五日内', '百分之三', '六十日内', '六个月内', '车货总质量', '限定标准']) {
    assert.ok(text.includes(want.replace(/\s/g, '')), `the decision says ${want}: ${text.slice(0, 400)}…`);
  }
  // 大写: 6,000 元 is 陆仟元整 (the detection's fine is a whole number of hundreds).
  assert.match(text, /大写：[零壹贰叁肆伍陆柒捌玖拾佰仟万]+元整/);
  const url = qrOf(got.decision.buf);
  assert.match(url, /^https?:\/\/[^/]+\/verify\/[2-9A-HJ-NP-Z]{10}$/, url);
  const code = url.split('/').pop();
  assert.ok(text.includes(code), 'the access code printed under the QR code');
  // The same code on every issue of the same document.
  assert.equal(qrOf((await pdfOk('officer', c.id, 'decision')).buf), url);
  // The notice says the intended fine and the statement period.
  const notice = textOf(got.notice.buf);
  for (const want of [PERSON.name, c.vehicle.plate, yuan(c.fine_fen), '陈述', '申辩']) assert.ok(notice.includes(want), `the notice says ${want}`);
  // The demand, its late fine; the closing, the payment.
  assert.ok(textOf(got.demand.buf).includes('加处罚款'), 'the demand names the late fine');
  assert.ok(textOf(got.closing.buf).includes('建议结案'), 'the closing report');
  assert.ok(textOf(got.receipt.buf).includes('受送达人'), 'the receipt form');
});

test('documents: stored as issued — the same bytes and SHA-256 again, audited once, shown by the verification', async () => {
  const { c, got } = await walk();
  for (const name of ['decision', 'opening']) {
    const again = await pdfOk('legal', c.id, name);
    assert.ok(again.buf.equals(got[name].buf), `${name}: byte-identical the second time`);
    assert.equal(again.headers.get('x-document-sha256'), got[name].headers.get('x-document-sha256'));
  }
  const audit = await allItems('admin', `/api/v1/audit?object=case:${c.id}`);
  const issued = audit.filter((a) => a.action === 'case.document');
  assert.equal(issued.length, 6, `one case.document per document: ${JSON.stringify(issued.map((a) => a.after))}`);
  const code = qrOf(got.decision.buf).split('/').pop();
  const v = expectStatus(await call('GET', `/api/v1/verify/${code}`), 200).json;
  assert.equal(v.sha256, got.decision.headers.get('x-document-sha256'), 'the SHA-256 stored is the one served');
  assert.equal(v.number, c.number);
  assert.equal(v.kind, 'decision');
  assert.equal(v.title, '行政处罚决定书');
  assert.equal(v.issued_on, '2024-02-06');
  assert.equal(v.fine_fen, c.fine_fen);
  assert.equal(v.plate, c.vehicle.plate);
  assert.equal(v.party.name, '张*');
  assert.equal(v.party.id_number, '110105********002X');
  // CASE lists the documents issued with their SHA-256 (once api.c shows them).
  const k = await caseOf(c.id);
  if ('documents' in k) {
    const d = k.documents.find((x) => x.name === 'decision');
    assert.equal(d.sha256, v.sha256);
    assert.equal(d.access_code, code);
    assert.equal(d.issued_on, '2024-02-06');
  }
});

test('documents: the verification page is public, in Chinese, masked; an unknown code is a 404 page', async () => {
  const { c, got } = await walk();
  const code = qrOf(got.decision.buf).split('/').pop();
  const r = await call('GET', `/verify/${code}`);
  assert.equal(r.status, 200, show(r));
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assert.match(r.headers.get('content-security-policy'), /script-src 'self'/);
  assert.ok(r.text.includes('<link rel="stylesheet" href="/app.css">'));
  assert.ok(!/<script|style=/.test(r.text), 'no inline script or style');
  for (const want of [c.number, '110105********002X', '张*', c.vehicle.plate, '行政处罚决定书', got.decision.headers.get('x-document-sha256')]) {
    assert.ok(r.text.includes(want), `the page shows ${want}`);
  }
  assert.ok(!r.text.includes(PERSON.id_number), 'never the whole ID number');
  assert.ok(!r.text.includes(PERSON.name), 'never the whole name of a person');
  assert.ok(!r.text.includes(PERSON.phone) && !r.text.includes(PERSON.address), 'nor the phone or address');
  // The code is read in either case.
  assert.equal((await call('GET', `/verify/${code.toLowerCase()}`)).status, 200);
  for (const bad of ['ZZZZZZZZZZ', 'abc', '0000000000']) {
    const u = await call('GET', `/verify/${bad}`);
    assert.equal(u.status, 404, show(u));
    assert.match(u.headers.get('content-type'), /^text\/html/);
    assert.ok(u.text.includes('未找到') && u.text.includes('/app.css'), u.text);
    expectReason(await call('GET', `/api/v1/verify/${bad}`), 404, 'not_found', 'document_code_unknown');
  }
});

test('documents: an organisation\'s name is shown whole, its credit code masked; a party named <b> is escaped', async () => {
  const org = { kind: 'organisation', name: '<b>包头运输&有限公司</b>', id_number: '91150200MA0N2JQX6F' };
  const c = await onSiteCase(2000, { party: org });
  const r = await pdfOk('officer', c.id, 'opening');
  const text = textOf(r.buf);
  assert.ok(text.includes('<b>包头运输&'), `printed as typed (a narrow cell wraps it): ${text}`);
  const code = qrOf(r.buf).split('/').pop();
  const page = (await call('GET', `/verify/${code}`)).text;
  assert.ok(page.includes('&lt;b&gt;包头运输&amp;有限公司&lt;/b&gt;'), page);
  assert.ok(!page.includes('<b>'), 'escaped');
  assert.ok(page.includes('91150200********6F') && !page.includes(org.id_number), 'the credit code masked');
});

test('documents: another unit\'s officer gets 404, the other roles of the scope get the PDF', async () => {
  const { c } = await walk();
  const tag = Date.now() % 100000;
  const outsider = { login: `doc-b02-${tag}`, name: '外队办案人员', role: 'officer', unit: 'B02', badge: `B02D${tag}`, password: `Doc-outsider-${tag}-1` };
  await addUser(outsider);
  const { r, session } = await login(outsider.login, outsider.password);
  assert.ok(session, show(r));
  expectReason(await call('GET', `/api/v1/cases/${c.id}/documents/decision.pdf`, { session }), 404, 'not_found', 'case_unknown');
  for (const who of ['chief', 'inspector', 'admin']) await pdfOk(who, c.id, 'notice');
  const anonymous = await call('GET', `/api/v1/cases/${c.id}/documents/decision.pdf`);
  assert.equal(anonymous.status, 401, show(anonymous));
});

// SUNROAD_API_KEEP=1 keeps the PDFs and renders (sunroad-t55-* in the temporary directory).
test.after(() => { if (!process.env.SUNROAD_API_KEEP) fs.rmSync(tmp, { recursive: true, force: true }); });
