// What the cases tests share: officers with badges (the set-up's users have
// none), a detection confirmed by screening, and posting a case's acts.
import assert from 'node:assert/strict';
import { addUser, post, getOk, expectStatus, show } from '../../lib/http.mjs';
import { B01, overlimitDetections } from '../overlimit/data.mjs';

let made = null;

// Three B01 officers and a B02 one, with badges, made once.
export async function officers() {
  if (made) return made;
  const tag = Date.now() % 100000;
  made = { b01: [], b02: null };
  for (let i = 1; i <= 3; i++) {
    const badge = `B01${tag}${i}`;
    await addUser({ login: `case-o${tag}-${i}`, name: `办案人员${i}`, role: 'officer', unit: 'B01', badge, password: `Case-officer-${tag}-${i}` });
    made.b01.push(badge);
  }
  made.b02 = `B02${tag}9`;
  await addUser({ login: `case-o${tag}-9`, name: '外队人员', role: 'officer', unit: 'B02', badge: made.b02, password: `Case-officer-${tag}-9` });
  return made;
}

// A B01 over-limit detection of 2024-01-20, confirmed by the B01 officer.
export async function confirmedDetection() {
  const [id] = await overlimitDetections(B01, 1);
  const r = await post('officer', `/api/v1/screening/${id}`, { decision: 'confirm' });
  assert.equal(r.status, 200, show(r));
  return id;
}

export const PERSON = { kind: 'person', name: '张三', id_number: '11010519491231002X', phone: '13912345678', address: '内蒙古包头市昆都仑区' };

// Opens a case as who (the B01 officer by default) → CASE.
export async function openCase(body, who = 'officer') {
  const o = await officers();
  const r = await post(who, '/api/v1/cases', { officers: [o.b01[0], o.b01[1]], party: PERSON, ...body });
  return expectStatus(r, 201).json;
}

// An act of the case as who → the answer (the CASE when 200).
export async function act(id, type, on, extra = {}, who = 'officer') {
  return post(who, `/api/v1/cases/${id}/events`, { type, on, ...extra });
}

// An act that must be taken → CASE.
export async function actOk(id, type, on, extra = {}, who = 'officer') {
  return expectStatus(await act(id, type, on, extra, who), 200).json;
}

export const caseOf = (id, who = 'officer') => getOk(who, `/api/v1/cases/${id}`);

// An act on the spot: a case of the B01 officer's unit from an act, not a detection.
export const onSiteCase = (fineYuan, extra = {}, who = 'officer') => openCase({
  violation: 'overlimit_mass', occurred_at: '2024-03-01T10:00:00+08:00', place: 'G210 线 K100', facts: '车货总质量超过限定标准',
  vehicle: { plate: '蒙K55555', color: 'yellow' }, fine_yuan: fineYuan, on: '2024-03-01', ...extra,
}, who);
