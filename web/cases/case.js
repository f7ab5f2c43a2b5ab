// #/cases/ID: one case (GET /api/v1/cases/{id}): who, what and how much,
// its deadlines with the rule each comes from, the acts the procedure
// allows now (CASE.allowed, less those the caller's roles do not record:
// the legal review is the legal reviewers', an extension the chiefs'), each
// a small form posted to /api/v1/cases/{id}/events, the timeline of what
// was done, and the case's documents once their act has happened.
import { get, post } from '../base/api.js';
import { t, tv, hasString } from '../base/i18n.js';
import { h, errorNotice, field } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { session, allowed } from '../base/session.js';
import {
  today, stateBadge, violationText, money, yuanInput, toFen, daysLeft, dayInput, checkDay,
  fieldError, clearErrors, escapeCloses, footageInput, footageOf, footageView,
} from './common.js';

const EVENTS = { method: 'POST', path: '/api/v1/cases/{}/events' };
// Acts only some roles record (the server refuses the others: event_role).
const ROLES_OF = { review: ['legal', 'admin'], extend: ['chief', 'admin'], approve: ['chief', 'admin'] };
// A document, and the act after which it exists (null: always).
const DOCUMENTS = [['opening', null], ['notice', 'notify'], ['decision', 'decide'], ['receipt', 'decide'], ['demand', 'demand'], ['closing', 'close']];
const DEADLINES = ['decision', 'statement', 'hearing_request', 'service', 'payment', 'report_home'];

function mayRecord(type) {
  const need = ROLES_OF[type];
  if (!need) return true;
  const roles = (session.user && session.user.roles) || [];
  return roles.some((r) => need.includes(r));
}

function facts(rows, testid) {
  return h('dl', { class: 'facts', 'data-testid': testid },
    rows.filter(Boolean).map(([label, value, id]) => [h('dt', null, label), h('dd', { 'data-testid': id }, value)]));
}

const raw = (text) => h('span', { 'data-raw': '' }, text);

function partyView(p, kind) {
  if (!p || !p.name) return h('span', { class: 'muted' }, t('case.party_none'));
  return h('span', { class: 'party' },
    h('span', { class: 'badge badge-muted' }, tv('case.party_kind', p.kind || kind)), ' ', raw(p.name),
    p.id_number ? [h('br'), h('small', { class: 'muted' }, `${t((p.kind || kind) === 'organisation' ? 'case.credit_code' : 'case.id_number')}: `), raw(p.id_number)] : null,
    p.phone ? [h('br'), h('small', { class: 'muted' }, `${t('case.phone')}: `), raw(p.phone)] : null,
    p.address ? [h('br'), h('small', { class: 'muted' }, `${t('case.address')}: `), raw(p.address)] : null);
}

function vehicleView(v) {
  if (!v || !v.plate) return t('common.none');
  return h('span', { class: 'plate' },
    v.color && hasString(`color.${v.color}`) ? h('span', { class: `plate-color plate-${v.color}` }, t(`color.${v.color}`)) : null, ' ', raw(v.plate));
}

// 一超四罚: the vehicle's permit, its driver, carrier and loading source.
function vehicleParties(v) {
  if (!v) return [];
  const named = (x, code) => h('span', null, raw(x.name || ''), code ? [' ', h('small', { class: 'muted', 'data-raw': '' }, code)] : null);
  return [
    v.permit ? [t('case.permit'), raw(v.permit), 'case-permit'] : null,
    v.driver ? [t('case.driver'), named(v.driver, v.driver.licence), 'case-driver'] : null,
    v.carrier ? [t('case.carrier'), named(v.carrier, v.carrier.credit_code), 'case-carrier'] : null,
    v.source ? [t('case.source'), named(v.source, v.source.credit_code), 'case-source'] : null,
  ];
}

function officersView(list) {
  return h('ul', { class: 'officers', 'data-testid': 'case-officers' }, (list || []).map((o) =>
    h('li', null, raw(o.name || o.login || ''), ' ', h('small', { class: 'muted' }, t('case.badge_no'), ' '), h('code', null, o.badge))));
}

// Who acted: the name the account has (CASE.people), its login as a hint.
function who(c, login) {
  const p = (c.people || {})[login];
  return p && p.name ? h('span', { 'data-raw': '', title: login }, p.name) : raw(login);
}

function header(c) {
  return h('section', { class: 'card case-head', 'data-testid': 'case-head' },
    h('div', { class: 'case-title' },
      h('span', { class: 'case-number', 'data-testid': 'case-number' }, c.number), ' ', stateBadge(c.state),
      c.procedure === 'summary' ? h('span', { class: 'badge badge-muted' }, tv('case.procedure', 'summary')) : null),
    facts([
      [t('case.party'), partyView(c.party, c.party_kind), 'case-party'],
      [t('case.vehicle'), vehicleView(c.vehicle), 'case-vehicle'],
      ...vehicleParties(c.vehicle),
      [t('case.violation'), violationText(c.violation), 'case-violation'],
      [t('case.occurred_at'), fmt.instant(c.occurred_at)],
      c.place ? [t('case.place'), c.place] : null,
      c.facts ? [t('case.facts'), c.facts, 'case-facts'] : null,
      [t('case.fine'), h('strong', null, money(c.fine_fen)), 'case-fine'],
      c.late_fine_fen ? [t('case.late_fine'), money(c.late_fine_fen), 'case-late-fine'] : null,
      c.paid_fen ? [t('case.paid'), money(c.paid_fen), 'case-paid'] : null,
      [t('case.hearing_offered'), fmt.yesNo(c.hearing_offered), 'case-hearing'],
      [t('case.procedure_label'), tv('case.procedure', c.procedure)],
      [t('case.officers'), officersView(c.officers)],
      [t('case.opened_on'), fmt.date(c.opened_on), 'case-opened-on'],
      [t('case.approved_by'), c.approved_by ? who(c, c.approved_by) : h('span', { class: 'badge badge-warn', 'data-testid': 'case-not-approved' }, t('case.not_approved'))],
      c.footage && c.footage.length ? [t('case.footage'), footageView(c.footage), 'case-footage'] : null,
      c.extension_days ? [t('case.extension_days'), t('case.n_days', { n: c.extension_days })] : null,
      c.detection ? [t('case.detection'), h('a', { href: `#/detections/${encodeURIComponent(c.detection)}`, 'data-testid': 'case-detection' }, raw(String(c.detection)))] : null,
    ], 'case-facts-list'));
}

// The deadlines set so far, the one the case waits on marked with its
// days left; each with the rule it comes from.
function deadlinesView(c) {
  const rules = c.deadline_rules || {};
  const next = c.next_due && c.next_due.name;
  const names = DEADLINES.filter((n) => (c.deadlines || {})[n]);
  if (!names.length) return h('p', { class: 'muted', 'data-testid': 'case-deadlines' }, t('case.no_deadlines'));
  return h('ul', { class: 'deadlines', 'data-testid': 'case-deadlines' }, names.map((n) => {
    const r = rules[n] || {};
    return h('li', { class: n === next ? 'deadline-next' : null, dataset: { deadline: n } },
      h('span', { class: 'deadline-name' }, tv('case.due', n)), ' ',
      h('strong', { 'data-raw': '' }, fmt.date(c.deadlines[n])), ' ',
      r.provisional ? h('span', { class: 'badge badge-warn', title: t('case.provisional_hint') }, t('case.provisional')) : null, ' ',
      // Counted again once its year's holidays were announced: the day it was.
      r.was ? h('span', { class: 'muted deadline-was', 'data-testid': 'deadline-was' }, t('case.was'), h('span', { 'data-raw': '' }, fmt.date(r.was))) : null, ' ',
      n === next ? daysLeft(c.next_due.days_left) : null,
      r.citation ? h('small', { class: 'citation', 'data-raw': '' }, r.citation) : null);
  }));
}

// What one event set: its deadlines (with their rules) and flags.
function setsView(c, sets) {
  if (!sets) return null;
  const rules = c.deadline_rules || {};
  const parts = Object.entries(sets.deadlines || {}).map(([name, d]) =>
    h('li', { dataset: { sets: name } },
      t('case.sets_deadline', { name: tv('case.due', name) }), ' ',
      // The rule's citation (the server's text) on the day, as a tooltip.
      h('span', { 'data-raw': '', title: (rules[name] && rules[name].rule === d.rule && rules[name].citation) || null }, fmt.date(d.day)),
      d.provisional ? [' ', h('span', { class: 'badge badge-warn' }, t('case.provisional'))] : null));
  if (sets.hearing_offered) parts.push(h('li', null, t('case.sets_hearing')));
  if (sets.late) parts.push(h('li', { class: 'due-overdue' }, t('case.sets_late')));
  if (sets.late_fine_fen) parts.push(h('li', null, `${t('case.late_fine')}: ${money(sets.late_fine_fen)}`));
  return parts.length ? h('ul', { class: 'event-sets' }, parts) : null;
}

function timeline(c) {
  const events = c.events || [];
  const opened = h('li', { class: 'event', dataset: { type: 'open' } },
    h('div', { class: 'event-head' }, h('strong', null, t('case.event.open')), ' ', h('span', { class: 'muted' }, fmt.date(c.opened_on)),
      c.created_by ? [' · ', who(c, c.created_by)] : null));
  return h('ol', { class: 'timeline', 'data-testid': 'case-timeline' }, opened, events.map((ev) => {
    const b = ev.body || {};
    const lines = [
      b.fine_fen && (ev.type === 'notify' || ev.type === 'decide') ? `${t('case.ev.fine')}: ${money(b.fine_fen)}` : null,
      b.amount_fen ? `${t('case.ev.amount')}: ${money(b.amount_fen)}` : null,
      b.days ? `${t('case.ev.days')}: ${t('case.n_days', { n: b.days })}` : null,
      b.chair ? [`${t('case.ev.chair')}: `, h('code', null, b.chair)] : null,
      b.reason ? `${t('case.ev.reason')}: ${b.reason}` : null,
      b.note ? `${t('case.ev.note')}: ${b.note}` : null,
      b.footage ? [`${t('case.ev.footage')}: `, footageView(b.footage)] : null,
    ].filter(Boolean);
    return h('li', { class: 'event', dataset: { type: ev.type, seq: ev.seq }, 'data-testid': 'case-event' },
      h('div', { class: 'event-head' },
        h('strong', { class: 'event-type' }, tv('case.event', ev.type)), ' ',
        h('span', { class: 'muted event-day' }, fmt.date(ev.on)),
        ev.actor ? [' · ', who(c, ev.actor)] : null),
      lines.map((l) => h('div', { class: 'event-line' }, l)),
      setsView(c, ev.sets));
  }));
}

function documents(c) {
  const done = new Set((c.events || []).map((e) => e.type));
  const links = DOCUMENTS.filter(([, after]) => !after || done.has(after)).map(([name]) =>
    h('li', null, h('a', { href: `/api/v1/cases/${encodeURIComponent(c.id)}/documents/${name}.pdf`, target: '_blank', rel: 'noopener', 'data-testid': `doc-${name}` },
      tv('case.doc', name), ' ', h('small', { class: 'muted' }, 'PDF'))));
  return h('ul', { class: 'documents', 'data-testid': 'case-documents' }, links);
}

// The refusal in words, and the rule's citation when the case carries it.
function refusal(err, c) {
  const el = errorNotice(err);
  const rule = err && err.args && err.args.rule;
  if (rule) {
    const r = Object.entries(c.deadline_rules || {}).find(([name, x]) => name === rule || x.rule === rule);
    if (r && r[1].citation) el.append(h('small', { class: 'citation refusal-rule', 'data-testid': 'refusal-rule' }, t('case.rule'), h('span', { 'data-raw': '' }, r[1].citation)));
  }
  return el;
}

// The form of one act: the day and the note always, the act's own fields.
function actForm(c, type, ctx, close) {
  const on = dayInput('act-on');
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 2000, 'data-testid': 'act-note' });
  const footage = footageInput('act-footage');
  const message = h('div', { class: 'form-message', 'data-testid': 'act-message' });
  const extra = {};
  const fields = [];
  const yuanField = (name, value, hint) => {
    extra[name] = h('input', { name, inputmode: 'decimal', value, required: true, autocomplete: 'off', 'data-testid': `act-${name}` });
    fields.push(field(`act-${name}`, t(`case.f.${name}`), extra[name], hint));
  };
  const notified = c.notified_fine_fen ?? c.fine_fen;
  if (type === 'notify') yuanField('fine_yuan', yuanInput(c.proposed_fine_fen ?? c.fine_fen), t('case.f.fine_proposed', { yuan: money(c.proposed_fine_fen) }));
  if (type === 'decide') yuanField('fine_yuan', yuanInput(notified), t('case.f.fine_max', { yuan: money(notified) }));
  if (type === 'pay') {
    // The late fine is owed from the day after the payment deadline: none
    // for a day within it, today's (CASE.late_fine_fen) otherwise; the
    // server names the exact amount of another day when it refuses.
    const due = (c.deadlines || {}).payment;
    const late = () => (due && on.value && on.value <= due ? 0 : c.late_fine_fen || 0);
    const hint = h('span', null);
    const fill = () => {
      extra.amount_yuan.value = yuanInput((c.fine_fen || 0) + late());
      hint.textContent = t('case.f.amount_hint', { fine: money(c.fine_fen), late: money(late()) });
    };
    yuanField('amount_yuan', '', hint);
    on.addEventListener('change', fill);
    fill();
  }
  if (type === 'hearing') {
    extra.chair = h('input', { name: 'chair', required: true, autocomplete: 'off', maxlength: 32, 'data-testid': 'act-chair' });
    fields.push(field('act-chair', t('case.f.chair'), extra.chair, t('case.f.chair_hint')));
  }
  if (type === 'extend') {
    extra.days = h('input', { name: 'days', type: 'number', min: 1, max: 365, required: true, inputmode: 'numeric', 'data-testid': 'act-days' });
    fields.push(field('act-days', t('case.f.days'), extra.days));
  }
  if (['extend', 'refer', 'waive'].includes(type)) {
    extra.reason = h('textarea', { name: 'reason', rows: 2, required: true, maxlength: 2000, 'data-testid': 'act-reason' });
    fields.push(field('act-reason', t('case.f.reason'), extra.reason));
  }

  const check = () => {
    if (!checkDay(on)) return false;
    for (const name of ['fine_yuan', 'amount_yuan']) {
      const input = extra[name];
      if (!input) continue;
      const fen = toFen(input.value);
      if (fen === null) return fieldError(input, t('case.v.amount'));
      if (type === 'decide' && notified !== null && notified !== undefined && fen > notified) return fieldError(input, t('case.f.fine_max', { yuan: money(notified) }));
    }
    if (extra.chair && !extra.chair.value.trim()) return fieldError(extra.chair, t('case.v.required'));
    if (extra.chair && (c.officers || []).some((o) => o.badge === extra.chair.value.trim())) return fieldError(extra.chair, t('error.hearing_chair_investigated'));
    if (extra.days) {
      const n = Number(extra.days.value);
      if (!Number.isInteger(n) || n < 1 || n > 365) return fieldError(extra.days, t('case.v.days'));
    }
    if (extra.reason && !extra.reason.value.trim()) return fieldError(extra.reason, t('case.v.required'));
    if (footageOf(footage) === null) return fieldError(footage, t('error.footage_invalid', { max: 8 }));
    return true;
  };

  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'act-submit' }, t('case.f.submit'));
  const form = h('form', { class: 'card act-form form', novalidate: true, 'data-testid': `act-form-${type}`, onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    message.replaceChildren();
    if (!check()) return;
    const body = { type, on: on.value };
    if (note.value.trim()) body.note = note.value.trim();
    if (extra.fine_yuan) body.fine_yuan = extra.fine_yuan.value.trim();
    if (extra.amount_yuan) body.amount_yuan = extra.amount_yuan.value.trim();
    if (extra.chair) body.chair = extra.chair.value.trim();
    if (extra.days) body.days = Number(extra.days.value);
    if (extra.reason) body.reason = extra.reason.value.trim();
    if (footageOf(footage)) body.footage = footageOf(footage);
    submit.disabled = true;
    try {
      await post(`/api/v1/cases/${encodeURIComponent(c.id)}/events`, body);
      ctx.flash(t('case.done', { act: tv('case.event', type) }));
      ctx.navigate(location.hash);
    } catch (err) {
      message.append(refusal(err, c));
      // The amount due that day, as the server counts it, ready to record.
      if (err && err.reason === 'payment_amount' && extra.amount_yuan && err.args && err.args.yuan) extra.amount_yuan.value = String(err.args.yuan).replace(/,/g, '');
      submit.disabled = false;
    }
  } },
  h('h3', null, tv('case.event', type)),
  h('div', { class: 'act-fields' },
    field('act-on', t('case.f.on'), on, t('case.f.on_hint')),
    fields,
    field('act-footage', t('case.f.footage'), footage, t('case.f.footage_hint')),
    field('act-note', t('case.f.note'), note)),
  h('div', { class: 'actions' },
    submit,
    h('button', { type: 'button', class: 'btn', 'data-testid': 'act-cancel', onclick: close }, t('common.cancel')),
    h('small', { class: 'hint' }, t('case.f.keys'))),
  message);
  escapeCloses(form, close);
  return form;
}

function actions(c, ctx) {
  const panel = h('div', { class: 'act-panel', 'data-testid': 'act-panel' });
  const acts = allowed(EVENTS) ? (c.allowed || []).filter(mayRecord) : [];
  let opener = null;
  const close = () => { panel.replaceChildren(); if (opener) opener.focus(); };
  const buttons = acts.map((type) => {
    const b = h('button', { type: 'button', class: `btn${type === acts[0] ? ' btn-primary' : ''}`, 'data-testid': `act-${type}`, dataset: { act: type }, onclick: () => {
      opener = b;
      const form = actForm(c, type, ctx, close);
      panel.replaceChildren(form);
      form.scrollIntoView({ block: 'nearest' });
      form.querySelector('input, textarea').focus();
    } }, tv('case.event', type));
    return b;
  });
  return h('section', { class: 'card case-actions', 'data-testid': 'case-actions' },
    h('h2', null, t('case.actions')),
    buttons.length ? h('div', { class: 'actions act-buttons' }, buttons) : h('p', { class: 'muted', 'data-testid': 'no-actions' }, t('case.no_actions')),
    panel);
}

export async function render(view, ctx) {
  const id = ctx.params[0];
  const c = await get(`/api/v1/cases/${encodeURIComponent(id)}`);
  const back = ctx.previous && ctx.previous.startsWith('#/cases') && !/^#\/cases\/\d/.test(ctx.previous) ? ctx.previous : '#/cases';
  view.dataset.today = today();
  view.append(
    h('div', { class: 'page-head' },
      h('h1', null, t('case.title'), ' ', h('span', { class: 'muted', 'data-raw': '' }, c.number)),
      h('a', { class: 'btn', href: back, 'data-testid': 'case-back' }, t('case.back'))),
    h('div', { class: 'case-grid', 'data-testid': 'case-page', dataset: { id: c.id, state: c.state } },
      h('div', { class: 'case-main' },
        header(c),
        actions(c, ctx),
        h('section', { class: 'card' }, h('h2', null, t('case.timeline')), timeline(c))),
      h('div', { class: 'case-side' },
        h('section', { class: 'card' }, h('h2', null, t('case.deadlines')), deadlinesView(c)),
        h('section', { class: 'card' }, h('h2', null, t('case.documents')), documents(c)),
        await linkedTickets(c))));
}

// The complaint tickets this case was opened from (the tickets module's
// list, when this build has it and the caller may read it).
async function linkedTickets(c) {
  const route = { method: 'GET', path: '/api/v1/tickets' };
  if (!allowed(route)) return null;
  let rows = [];
  try {
    rows = (await get('/api/v1/tickets', { case: c.id, limit: 20 })).items || [];
  } catch {
    return null;
  }
  if (!rows.length) return null;
  return h('section', { class: 'card', 'data-testid': 'case-tickets' }, h('h2', null, t('case.tickets')),
    h('ul', { class: 'documents' }, rows.map((x) => h('li', null,
      h('a', { href: `#/tickets/${encodeURIComponent(x.id)}`, 'data-raw': '' }, x.number), ' ',
      h('small', { class: 'muted' }, x.category_name || '')))));
}
