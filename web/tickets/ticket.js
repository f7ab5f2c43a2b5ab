// #/tickets/ID: one ticket (GET /api/v1/tickets/{id}): its facts, the three
// clocks of "137" with the time left (live), the days of the urging notice
// and of the circular of an overdue one, the acts allowed now
// (TICKET.allowed, less those the caller's roles do not record: a ruling
// and an extension are a chief's), each a small form posted to
// /api/v1/tickets/{id}/events (Enter submits, Esc closes; a refusal in
// words), the timeline of the acts, the tickets merged into this one and
// those it may repeat. A ticket with no case yet may open one (立案: the
// cases module's form, filled in from the ticket, sent as the ticket's
// link_case act so that the case and its link come together).
import { get, post, items } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h, errorNotice, field } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { session, allowed } from '../base/session.js';
import {
  CLOCKS, stateBadge, codeNames, clockLeft, tickAll, nowLocal, localInstant, localValue, placeOf, fieldError,
  clearErrors, escapeCloses, atInput, checkAt,
} from './common.js';

const EVENTS = { method: 'POST', path: '/api/v1/tickets/{}/events' };
const OPEN_CASE = { method: 'POST', path: '/api/v1/cases' };
const ROLES_OF = { rule: ['chief', 'admin'], extend: ['chief', 'admin'] };
const ORDER = ['assign', 'contact', 'resolve', 'callback', 'close', 'rule', 'return', 'reopen', 'extend', 'merge'];
const raw = (text) => h('span', { 'data-raw': '' }, text);

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

const satisfactionText = (n) => (n ? `${n} · ${t(`ticket.sat.${n}`)}` : t('common.none'));

// caseNumber: the linked case's number, when it could be read.
function header(x, names, unitName, caseNumber) {
  const subject = x.subject || {};
  const where = placeOf(x.location);
  return h('section', { class: 'card ticket-head', 'data-testid': 'ticket-head' },
    h('div', { class: 'ticket-title' },
      h('span', { class: 'ticket-number', 'data-testid': 'ticket-number', 'data-raw': '' }, x.number), ' ', stateBadge(x.state),
      x.reopened ? h('span', { class: 'badge badge-warn' }, t('ticket.reopened')) : null),
    facts([
      [t('ticket.channel'), names.channels.get(x.channel) || x.channel, 'ticket-channel'],
      x.source_no ? [t('ticket.source_no'), raw(x.source_no)] : null,
      [t('ticket.kind'), names.kinds.get(x.kind) || x.kind],
      [t('ticket.category'), x.category_name || x.category, 'ticket-category'],
      [t('ticket.received_at'), raw(fmt.instant(x.received_at))],
      [t('ticket.caller'), raw([x.caller && x.caller.name, x.caller && x.caller.phone].filter(Boolean).join(' ') || t('common.none')), 'ticket-caller'],
      subject.plate ? [t('ticket.plate'), h('span', { class: 'plate', 'data-raw': '' }, subject.plate)] : null,
      where ? [t('ticket.location'), raw(where)] : null,
      [t('ticket.text'), h('span', { class: 'ticket-text', 'data-raw': '' }, x.text), 'ticket-text'],
      [t('ticket.unit'), x.unit ? raw(unitName(x.unit)) : h('span', { class: 'muted' }, t('ticket.unassigned')), 'ticket-unit'],
      x.officer ? [t('ticket.officer'), raw(x.officer)] : null,
      x.satisfaction ? [t('ticket.satisfaction'), satisfactionText(x.satisfaction), 'ticket-satisfaction'] : null,
      x.returns ? [t('ticket.returns'), fmt.int(x.returns)] : null,
      x.merged_into ? [t('ticket.merged_into'), h('a', { href: `#/tickets/${x.merged_into}`, 'data-testid': 'ticket-merged-into', 'data-raw': '' }, String(x.merged_into))] : null,
      x.case ? [t('ticket.case'), h('a', { href: `#/cases/${x.case}`, 'data-testid': 'ticket-case', 'data-raw': '', dataset: { id: x.case } }, caseNumber || String(x.case))] : null,
    ], 'ticket-facts'));
}

// The three clocks: each deadline, the time left or how it was met, and
// an overdue one's escalation days.
function clocksView(x) {
  const d = x.deadlines || {};
  return h('ul', { class: 'deadlines ticket-clocks', 'data-testid': 'ticket-clocks' }, CLOCKS.map((c) => {
    const v = (x.clocks || {})[c] || {};
    const done = v.state === 'done' || v.state === 'done_late';
    const due = c === 'contact' ? d.contact : d[c];
    return h('li', { class: `clock-${v.state}`, dataset: { clock: c, state: v.state || '' } },
      h('span', { class: 'deadline-name' }, t(`ticket.clock.${c}`)), ' ',
      h('strong', { 'data-raw': '' }, c === 'contact' ? fmt.instant(due) : fmt.date(due)), ' ',
      c !== 'contact' && d.provisional ? h('span', { class: 'badge badge-warn', title: t('ticket.provisional_hint') }, t('ticket.provisional')) : null, ' ',
      c === 'close' && d.close_by_category ? h('small', { class: 'muted' }, t('ticket.by_category')) : null, ' ',
      clockLeft(c, due, done, v.state === 'done_late'),
      v.done_at ? h('small', { class: 'muted clock-done' }, t('ticket.done_at', { at: fmt.instant(v.done_at) })) : null,
      v.urge_on ? h('small', { class: 'clock-urge', 'data-testid': 'urge-on' }, t('ticket.urge_on', { day: fmt.date(v.urge_on) })) : null,
      v.circular_on ? h('small', { class: 'clock-urge', 'data-testid': 'circular-on' }, t('ticket.circular_on', { day: fmt.date(v.circular_on) })) : null);
  }),
  x.citation ? h('li', { class: 'citation-line' }, h('small', { class: 'citation', 'data-raw': '' }, x.citation)) : null);
}

// caseNumber: the linked case's number, when it could be read.
function timeline(x, unitName, caseNumber) {
  const clockName = (c) => t(`ticket.clock.${c}`);
  const received = h('li', { class: 'event', dataset: { type: 'receive' }, 'data-testid': 'ticket-event' },
    h('div', { class: 'event-head' }, h('strong', null, t('ticket.event.receive')), ' ', h('span', { class: 'muted', 'data-raw': '' }, fmt.instant(x.received_at)),
      x.created_by ? [' · ', raw(x.created_by)] : null));
  return h('ol', { class: 'timeline', 'data-testid': 'ticket-timeline' }, received, (x.events || []).map((ev) => {
    const b = ev.body || {};
    const lines = [
      b.unit ? [`${t('ticket.ev.unit')}: `, raw(unitName(b.unit))] : null,
      b.officer ? [`${t('ticket.ev.officer')}: `, raw(b.officer)] : null,
      ev.type === 'rule' ? t(b.accept ? 'ticket.ev.accept' : 'ticket.ev.reject') : null,
      ev.type === 'extend' ? t('ticket.ev.extend', { clock: clockName(b.clock || 'resolve'), days: b.days }) : null,
      b.reason ? [`${t('ticket.ev.reason')}: `, raw(b.reason)] : null,
      b.result ? [`${t('ticket.ev.result')}: `, raw(b.result)] : null,
      b.summary ? [`${t('ticket.ev.summary')}: `, raw(b.summary)] : null,
      b.satisfaction ? `${t('ticket.ev.satisfaction')}: ${satisfactionText(b.satisfaction)}` : null,
      b.into ? [`${t('ticket.ev.into')}: `, h('a', { href: `#/tickets/${b.into}`, 'data-raw': '' }, b.into_number || String(b.into))] : null,
      b.from ? [`${t('ticket.ev.from')}: `, h('a', { href: `#/tickets/${b.from}`, 'data-raw': '' }, b.from_number || String(b.from))] : null,
      b.case ? [`${t('ticket.ev.case')}: `, h('a', { href: `#/cases/${b.case}`, 'data-raw': '' }, (b.case === x.case && caseNumber) || String(b.case))] : null,
      b.note ? [`${t('ticket.ev.note')}: `, raw(b.note)] : null,
    ].filter(Boolean);
    return h('li', { class: 'event', dataset: { type: ev.type, seq: ev.seq }, 'data-testid': 'ticket-event' },
      h('div', { class: 'event-head' },
        h('strong', { class: 'event-type' }, tv('ticket.event', ev.type)), ' ',
        h('span', { class: 'muted event-at', 'data-raw': '' }, fmt.instant(ev.at)),
        ev.actor ? [' · ', raw(ev.actor)] : null),
      lines.map((l) => h('div', { class: 'event-line' }, l)));
  }));
}

// The unit picker: the units the caller may see (GET /api/v1/units), or a
// text field when they cannot be listed.
function unitControl(units, testid, { optional = false } = {}) {
  if (!units.length) return h('input', { name: 'unit', maxlength: 32, autocomplete: 'off', 'data-testid': testid });
  return h('select', { name: 'unit', 'data-testid': testid },
    h('option', { value: '' }, optional ? t('ticket.f.unit_keep') : t('ticket.f.unit_choose')),
    units.map((u) => h('option', { value: u.code }, `${u.name} (${u.code})`)));
}

// Merge into: a ticket's number (2024-000123) or its id.
async function ticketIdOf(text) {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const found = items(await get('/api/v1/tickets', { q: s, limit: 1 }));
  return found.length && found[0].number === s ? found[0].id : null;
}

// The form of one act: when, the act's own fields, a note.
function actForm(x, type, ctx, close, units) {
  const at = atInput('act-at');
  const initial = at.value;
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 1300, 'data-testid': 'act-note' });
  const message = h('div', { class: 'form-message', 'data-testid': 'act-message' });
  const extra = {};
  const fields = [];
  const text = (name, label) => {
    extra[name] = h('textarea', { name, rows: 2, maxlength: 1300, required: true, 'data-testid': `act-${name}` });
    fields.push(field(`act-${name}`, label, extra[name]));
  };
  if (type === 'assign' || type === 'rule') {
    if (type === 'rule') {
      extra.decision = h('select', { name: 'decision', 'data-testid': 'act-decision' },
        h('option', { value: 'accept' }, t('ticket.f.accept')), h('option', { value: 'reject' }, t('ticket.f.reject')));
      fields.push(field('act-decision', t('ticket.f.decision'), extra.decision));
    }
    extra.unit = unitControl(units, 'act-unit', { optional: type === 'rule' });
    fields.push(field('act-unit', t('ticket.f.unit'), extra.unit));
    extra.officer = h('input', { name: 'officer', maxlength: 64, autocomplete: 'off', 'data-testid': 'act-officer' });
    fields.push(field('act-officer', t('ticket.f.officer'), extra.officer));
  }
  if (type === 'return' || type === 'reopen') text('reason', t('ticket.f.reason'));
  if (type === 'extend') {
    extra.clock = h('select', { name: 'clock', 'data-testid': 'act-clock' },
      ['resolve', 'close'].map((c) => h('option', { value: c }, t(`ticket.clock.${c}`))));
    fields.push(field('act-clock', t('ticket.f.clock'), extra.clock));
    extra.days = h('input', { name: 'days', type: 'number', min: 1, max: 30, inputmode: 'numeric', required: true, 'data-testid': 'act-days' });
    fields.push(field('act-days', t('ticket.f.days'), extra.days, t('ticket.f.days_hint')));
    text('reason', t('ticket.f.reason'));
  }
  if (type === 'resolve') text('result', t('ticket.f.result'));
  if (type === 'close') text('summary', t('ticket.f.summary'));
  if (type === 'callback') {
    // The five levels as a row of radio buttons: 1 very unsatisfied … 5 very satisfied.
    extra.satisfaction = h('div', { class: 'sat-picker', role: 'radiogroup', 'data-testid': 'act-satisfaction', tabindex: '-1' },
      [1, 2, 3, 4, 5].map((n) => h('label', { class: `sat sat-${n}` },
        h('input', { type: 'radio', name: 'satisfaction', value: n, 'data-testid': `sat-${n}` }),
        h('span', { class: 'sat-n' }, String(n)), h('span', { class: 'sat-word' }, t(`ticket.sat.${n}`)))));
    fields.push(h('div', { class: 'field sat-field' }, h('span', { class: 'label' }, t('ticket.f.satisfaction')), extra.satisfaction));
  }
  if (type === 'merge') {
    extra.into = h('input', { name: 'into', required: true, autocomplete: 'off', placeholder: t('ticket.f.into_hint'), 'data-testid': 'act-into' });
    fields.push(field('act-into', t('ticket.f.into'), extra.into));
  }
  if (type === 'link_case') {
    extra.case = h('input', { name: 'case', required: true, inputmode: 'numeric', autocomplete: 'off', 'data-testid': 'act-case' });
    fields.push(field('act-case', t('ticket.f.case'), extra.case));
  }

  const check = () => {
    if (!checkAt(at)) return false;
    if (type === 'assign' && !extra.unit.value.trim()) return fieldError(extra.unit, t('ticket.v.required'));
    for (const name of ['reason', 'result', 'summary', 'into']) {
      if (extra[name] && !extra[name].value.trim()) return fieldError(extra[name], t('ticket.v.required'));
    }
    if (extra.days) {
      const n = Number(extra.days.value);
      if (!Number.isInteger(n) || n < 1 || n > 30) return fieldError(extra.days, t('ticket.v.days'));
    }
    if (extra.satisfaction && !extra.satisfaction.querySelector('input:checked')) {
      return fieldError(extra.satisfaction.querySelector('input'), t('ticket.v.satisfaction'));
    }
    if (extra.case && !/^\d+$/.test(extra.case.value.trim())) return fieldError(extra.case, t('ticket.v.case'));
    return true;
  };

  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'act-submit' }, t('ticket.f.submit'));
  const form = h('form', { class: 'card act-form form', novalidate: true, 'data-testid': `act-form-${type}`, onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    message.replaceChildren();
    if (!check()) return;
    const body = { type };
    // Left as it was: now, as the server counts it (never before the last act).
    if (at.value && at.value !== initial) body.at = localInstant(at.value);
    if (note.value.trim()) body.note = note.value.trim();
    if (extra.decision) body.decision = extra.decision.value;
    if (extra.unit && extra.unit.value.trim()) body.unit = extra.unit.value.trim();
    if (extra.officer && extra.officer.value.trim()) body.officer = extra.officer.value.trim();
    for (const name of ['reason', 'result', 'summary']) if (extra[name]) body[name] = extra[name].value.trim();
    if (extra.clock) body.clock = extra.clock.value;
    if (extra.days) body.days = Number(extra.days.value);
    if (extra.satisfaction) body.satisfaction = Number(extra.satisfaction.querySelector('input:checked').value);
    if (extra.case) body.case = Number(extra.case.value.trim());
    submit.disabled = true;
    try {
      if (extra.into) {
        body.into = await ticketIdOf(extra.into.value);
        if (!body.into) { submit.disabled = false; return fieldError(extra.into, t('ticket.v.into')); }
      }
      await post(`/api/v1/tickets/${encodeURIComponent(x.id)}/events`, body);
      ctx.flash(t('ticket.act_done', { act: tv('ticket.event', type) }));
      ctx.navigate(location.hash);
    } catch (err) {
      message.append(errorNotice(err));
      submit.disabled = false;
    }
    return undefined;
  } },
  h('h3', null, tv('ticket.event', type)),
  h('div', { class: 'act-fields' },
    fields,
    field('act-at', t('ticket.f.at'), at, t('ticket.f.at_hint')),
    field('act-note', t('ticket.f.note'), note)),
  h('div', { class: 'actions' },
    submit,
    h('button', { type: 'button', class: 'btn', 'data-testid': 'act-cancel', onclick: close }, t('common.cancel')),
    h('small', { class: 'hint' }, t('ticket.f.keys'))),
  message);
  // Enter submits from a field or a radio (a textarea keeps its new line).
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing && (e.target.tagName === 'SELECT' || e.target.type === 'radio' || (e.target.tagName === 'TEXTAREA' && !e.shiftKey))) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  escapeCloses(form, close);
  return form;
}

// What the case form starts from: the ticket's category as a violation
// (GET /api/v1/tickets/codes), its receipt, location, text and plate.
function casePrefill(x, codes) {
  const category = (codes.categories || []).find((c) => c.code === x.category);
  return {
    violation: category ? category.violation : null,
    occurred_at: localValue(x.received_at),
    place: placeOf(x.location),
    facts: x.text || '',
    plate: (x.subject && x.subject.plate) || '',
  };
}

// 立案: the cases module's form in the panel, filled in from the ticket;
// the case it builds is opened and linked by the ticket's link_case act
// (POST /api/v1/tickets/{id}/events with "open"), then the ticket shows
// its case.
async function openCaseForm(x, ctx, codes, panel, close) {
  const { openForm } = await import('../cases/open.js');
  const form = openForm(ctx, {
    prefill: casePrefill(x, codes),
    onCancel: close,
    submit: async (body) => {
      const linked = await post(`/api/v1/tickets/${encodeURIComponent(x.id)}/events`, { type: 'link_case', open: body });
      const c = await get(`/api/v1/cases/${encodeURIComponent(linked.case)}`).catch(() => null);
      ctx.flash(t('ticket.case_opened', { number: c ? c.number : String(linked.case) }));
      ctx.navigate(location.hash);
    },
  });
  panel.replaceChildren(h('p', { class: 'hint open-case-hint', 'data-testid': 'open-case-hint' }, t('ticket.open_case_hint', { number: x.number })), form);
  form.scrollIntoView({ block: 'nearest' });
  form.first.focus();
}

function actions(x, ctx, units, codes) {
  const panel = h('div', { class: 'act-panel', 'data-testid': 'act-panel' });
  const may = allowed(EVENTS);
  // The desk's next step first (the primary button), then the others.
  const acts = may ? ORDER.filter((a) => (x.allowed || []).includes(a) && mayRecord(a)) : [];
  if (may && x.state !== 'merged' && !x.case) acts.push('link_case');
  let opener = null;
  const close = () => { panel.replaceChildren(); if (opener) opener.focus(); };
  const buttons = acts.map((type) => {
    const b = h('button', { type: 'button', class: `btn${type === acts[0] ? ' btn-primary' : ''}`, 'data-testid': `act-${type}`, dataset: { act: type }, onclick: () => {
      opener = b;
      const form = actForm(x, type, ctx, close, units);
      panel.replaceChildren(form);
      form.scrollIntoView({ block: 'nearest' });
      form.querySelector('select, input, textarea').focus();
    } }, tv('ticket.event', type));
    return b;
  });
  if (may && allowed(OPEN_CASE) && x.state !== 'merged' && !x.case) {
    const b = h('button', { type: 'button', class: `btn${buttons.length ? '' : ' btn-primary'}`, 'data-testid': 'act-open_case', dataset: { act: 'open_case' }, onclick: () => {
      opener = b;
      return openCaseForm(x, ctx, codes, panel, close);
    } }, t('ticket.open_case'));
    buttons.push(b);
  }
  return h('section', { class: 'card ticket-actions', 'data-testid': 'ticket-actions' },
    h('h2', null, t('ticket.actions')),
    buttons.length ? h('div', { class: 'actions act-buttons' }, buttons) : h('p', { class: 'muted', 'data-testid': 'no-actions' }, t('ticket.no_actions')),
    panel);
}

function sourcesView(x, names) {
  if (!x.sources || !x.sources.length) return null;
  return h('section', { class: 'card' }, h('h2', null, t('ticket.sources')),
    h('ul', { class: 'ticket-links', 'data-testid': 'ticket-sources' }, x.sources.map((s) => h('li', { dataset: { id: s.id } },
      h('a', { href: `#/tickets/${s.id}`, 'data-raw': '' }, s.number), ' ',
      h('small', { class: 'muted', 'data-raw': '' }, [names.channels.get(s.channel) || s.channel, s.source_no, fmt.instant(s.received_at)].filter(Boolean).join(' · '))))));
}

function duplicatesView(x, ctx) {
  if (!x.duplicates || !x.duplicates.length) return null;
  const may = allowed(EVENTS) && (x.allowed || []).includes('merge');
  const message = h('div', { class: 'form-message' });
  return h('section', { class: 'card' }, h('h2', null, t('ticket.duplicates')),
    h('p', { class: 'hint' }, t('ticket.duplicates_hint')),
    h('ul', { class: 'ticket-links dup-list', 'data-testid': 'ticket-duplicates' }, x.duplicates.map((d) => {
      const merge = may ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `merge-into-${d.id}`, onclick: async () => {
        merge.disabled = true;
        message.replaceChildren();
        try {
          await post(`/api/v1/tickets/${encodeURIComponent(x.id)}/events`, { type: 'merge', into: d.id });
          ctx.flash(t('ticket.merged', { number: d.number }));
          ctx.navigate(`#/tickets/${encodeURIComponent(d.id)}`);
        } catch (err) {
          message.append(errorNotice(err));
          merge.disabled = false;
        }
      } }, t('ticket.merge_into_this')) : null;
      return h('li', { class: 'dup', dataset: { id: d.id } },
        h('a', { href: `#/tickets/${d.id}`, 'data-raw': '' }, d.number), ' ',
        h('span', { class: 'badge badge-warn' }, t(`ticket.same.${d.same === 'plate' ? 'plate' : 'caller'}`)), ' ', merge);
    })),
    message);
}

export async function render(view, ctx) {
  const id = ctx.params[0];
  const [x, codes, units] = await Promise.all([
    get(`/api/v1/tickets/${encodeURIComponent(id)}`),
    get('/api/v1/tickets/codes').catch(() => ({})),
    get('/api/v1/units').then(items).catch(() => []),
  ]);
  const names = codeNames(codes);
  const unitNames = new Map(units.map((u) => [u.code, u.name]));
  const unitName = (code) => unitNames.get(code) || code;
  const linked = x.case && allowed({ method: 'GET', path: '/api/v1/cases/{}' })
    ? await get(`/api/v1/cases/${encodeURIComponent(x.case)}`).catch(() => null) : null;
  const back = ctx.previous && ctx.previous.startsWith('#/tickets') && !/^#\/tickets\/(\d|new)/.test(ctx.previous) ? ctx.previous : '#/tickets';
  view.append(
    h('div', { class: 'page-head' },
      h('h1', null, t('ticket.title'), ' ', h('span', { class: 'muted', 'data-raw': '' }, x.number)),
      h('a', { class: 'btn', href: back, 'data-testid': 'ticket-back' }, t(back.startsWith('#/tickets/escalations') ? 'ticket.e.back' : 'ticket.back'))),
    h('div', { class: 'ticket-grid', 'data-testid': 'ticket-page', dataset: { id: x.id, state: x.state } },
      h('div', { class: 'ticket-main' },
        header(x, names, unitName, linked && linked.number),
        actions(x, ctx, units, codes),
        h('section', { class: 'card' }, h('h2', null, t('ticket.timeline')), timeline(x, unitName, linked && linked.number))),
      h('div', { class: 'ticket-side' },
        h('section', { class: 'card ticket-clocks-card' }, h('h2', null, t('ticket.clocks')), clocksView(x)),
        sourcesView(x, names),
        duplicatesView(x, ctx))));
  // The time left, again every 30 seconds.
  const timer = setInterval(() => tickAll(view), 30 * 1000);
  return () => clearInterval(timer);
}
