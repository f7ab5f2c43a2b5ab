// #/taxi/driver?id=ID: a driver's profile (GET /api/v1/taxi/drivers/{id}):
// who, the company, the certificate's validity, the vehicle; the service
// reputation of the current cycle as a gauge coloured by its grade (the
// measure at the bottom: retraining), the deductions newest first (a
// decided case, linked to #/cases/{id}, or one an officer recorded, with
// its reason), the earlier cycles, the training and the cases. Officers,
// chiefs and admins record a deduction (POST .../deductions).
import { get, post } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h, table, field, errorNotice } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { allowed } from '../base/session.js';
import { raw, gauge, tone, certBadge, violationText } from './common.js';
import { companyLink } from './registry.js';

const DEDUCT = { method: 'POST', path: '/api/v1/taxi/drivers/{}/deductions' };
const VIOLATIONS = ['taxi_refuse', 'taxi_bargain', 'taxi_dump', 'taxi_detour', 'taxi_extra_passenger', 'taxi_meter',
  'taxi_receipt', 'taxi_equipment', 'taxi_dispatch', 'taxi_courtesy', 'taxi_touting', 'taxi_ticket_fraud'];
const POINTS = [1, 3, 5, 10, 20];

function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function facts(rows, testid) {
  return h('dl', { class: 'facts', 'data-testid': testid }, rows.filter(Boolean).map(([label, value, id]) => [h('dt', null, label), h('dd', { 'data-testid': id }, value)]));
}

function reputationCard(r) {
  const g = r.grade;
  return h('section', { class: 'card taxi-reputation', 'data-testid': 'reputation', dataset: { score: r.score, grade: g.grade } },
    h('h2', null, t('taxi.reputation')),
    h('div', { class: 'reputation-head' },
      gauge(r.score, r.full_points, g.grade),
      h('div', { class: 'reputation-words' },
        h('p', { class: 'reputation-score' }, h('span', { class: `badge badge-${tone(g.grade)}`, 'data-testid': 'grade' }, raw(g.name)), ' ',
          h('span', { 'data-testid': 'points-of' }, t('taxi.points_of', { score: r.score, full: r.full_points }))),
        g.measure ? h('p', { class: 'notice notice-error', 'data-testid': 'measure' }, tv('taxi.measure', g.measure), '：', raw(g.measure_name)) : null,
        h('p', { class: 'muted', 'data-testid': 'cycle' }, t('taxi.cycle', { from: r.cycle.from, to: r.cycle.to })),
        h('p', { class: 'muted' }, t('taxi.deducted', { n: r.deducted })),
        h('small', { class: 'citation muted', 'data-raw': '' }, r.cycle_citation))));
}

function deductionItem(d) {
  const source = d.source === 'case'
    ? h('a', { href: `#/cases/${encodeURIComponent(d.case_id)}`, 'data-testid': 'deduction-case', 'data-raw': '' }, d.case_number)
    : h('span', null, h('span', { 'data-raw': '' }, d.reason), ' ', h('small', { class: 'muted', 'data-raw': '' }, d.by));
  return h('li', { class: `deduction${d.in_cycle ? '' : ' deduction-old'}`, 'data-testid': 'deduction', dataset: { source: d.source, points: d.points } },
    h('div', { class: 'deduction-line' },
      h('span', { class: 'deduction-day' }, fmt.date(d.day)), ' ',
      h('span', { class: 'badge badge-bad deduction-points' }, t('taxi.points', { n: d.points })), ' ',
      h('span', { class: 'badge badge-muted' }, tv('taxi.source', d.source)), ' ',
      d.in_cycle ? null : h('span', { class: 'badge badge-muted' }, t('taxi.earlier_cycle'))),
    h('div', { class: 'deduction-what' }, d.violation ? h('strong', null, violationText(d.violation), ' ') : null, source),
    d.citation ? h('small', { class: 'citation muted', 'data-raw': '' }, d.citation) : null);
}

function deductionForm(p, ctx) {
  const violation = h('select', { name: 'violation', 'data-testid': 'deduct-violation' },
    h('option', { value: '' }, t('taxi.deduct_other')), VIOLATIONS.map((v) => h('option', { value: v }, violationText(v))));
  const points = h('select', { name: 'points', 'data-testid': 'deduct-points' }, POINTS.map((n) => h('option', { value: n }, t('taxi.points_n', { n }))));
  const day = h('input', { type: 'date', name: 'day', value: today(), max: today(), min: p.first_qualified, 'data-testid': 'deduct-day' });
  const reason = h('textarea', { name: 'reason', rows: 3, maxlength: 1000, 'data-testid': 'deduct-reason' });
  const message = h('div', { 'data-testid': 'deduct-message' });
  const form = h('form', { class: 'form taxi-deduct', 'data-testid': 'deduct-form', onsubmit: async (e) => {
    e.preventDefault();
    message.replaceChildren();
    const body = { reason: reason.value, day: day.value || undefined };
    if (violation.value) body.violation = violation.value;
    else body.points = Number(points.value);
    try {
      const r = await post(`/api/v1/taxi/drivers/${encodeURIComponent(p.id)}/deductions`, body);
      ctx.flash(t('taxi.deducted_ok', { score: r.reputation.score }));
      ctx.rerender();
    } catch (err) {
      message.replaceChildren(errorNotice(err));
    }
  } },
  h('div', { class: 'form-grid' },
    field('deduct-violation', t('taxi.deduct_violation'), violation),
    field('deduct-points', t('taxi.deduct_points'), points),
    field('deduct-day', t('taxi.deduct_day'), day)),
  field('deduct-reason', t('taxi.deduct_reason'), reason, t('taxi.deduct_reason_hint')),
  message,
  h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'deduct-submit' }, t('taxi.deduct_submit')));
  violation.addEventListener('change', () => { points.disabled = Boolean(violation.value); });
  return h('section', { class: 'card taxi-form' }, h('h2', null, t('taxi.deduct')), form);
}

export async function render(view, ctx) {
  const id = ctx.query.get('id') || '';
  view.append(h('p', null, h('a', { href: '#/taxi/drivers', 'data-testid': 'taxi-back' }, `← ${t('taxi.back')}`)));
  if (!id) {
    view.append(h('h1', null, t('taxi.driver_title')), h('p', { class: 'empty' }, t('taxi.drivers_none')));
    return;
  }
  const p = await get(`/api/v1/taxi/drivers/${encodeURIComponent(id)}`);
  const r = p.reputation;
  view.append(h('h1', { 'data-testid': 'driver-name' }, t('taxi.driver_title'), '：', raw(p.name)));
  const who = h('section', { class: 'card taxi-who' },
    facts([
      [t('taxi.company'), h('a', { href: companyLink(p.company), 'data-raw': '' }, p.company.name), 'driver-company'],
      [t('taxi.certificate'), raw(p.certificate_no), 'driver-certificate'],
      [t('taxi.validity'), h('span', null, t('taxi.valid_range', { from: p.valid_from, to: p.valid_to }), ' ', certBadge(p.certificate_state)), 'driver-validity'],
      [t('taxi.first_qualified'), fmt.date(p.first_qualified), 'driver-first'],
      [t('taxi.id_number'), raw(p.id_number), 'driver-id-number'],
      [t('taxi.phone'), raw(p.phone), 'driver-phone'],
      [t('taxi.vehicles'), p.vehicles.length ? h('span', null, p.vehicles.map((v) => h('span', { class: 'taxi-vehicle' },
        h('span', { class: 'plate', 'data-raw': '' }, v.plate), ' ', h('small', { class: 'muted' }, `${t('taxi.permit')} `), raw(v.permit_no)))) : t('taxi.vehicles_none'), 'driver-vehicles'],
    ], 'driver-facts'),
    p.masked ? h('p', { class: 'hint', 'data-testid': 'driver-masked' }, t('taxi.masked')) : null);
  const deductions = h('section', { class: 'card taxi-deductions' }, h('h2', null, t('taxi.deductions')),
    r.deductions.length ? h('ol', { class: 'deductions', 'data-testid': 'deductions' }, r.deductions.map(deductionItem))
      : h('p', { class: 'empty', 'data-testid': 'deductions-none' }, t('taxi.deductions_none')));
  const cycles = h('section', { class: 'card taxi-cycles' }, h('h2', null, t('taxi.cycles')),
    table([
      { key: 'range', label: t('taxi.cycle_range'), cell: (c) => t('taxi.valid_range', { from: c.from, to: c.to }) },
      { key: 'score', label: t('taxi.score'), class: 'num', cell: (c) => fmt.int(c.score) },
      { key: 'grade', label: t('taxi.grade'), cell: (c) => h('span', { class: `badge badge-${tone(c.grade)}`, 'data-raw': '' }, c.grade) },
    ], r.cycles, { testid: 'cycles-table', cards: true }));
  const training = h('section', { class: 'card taxi-training' }, h('h2', null, t('taxi.training')),
    p.training.length ? table([
      { key: 'day', label: t('taxi.training_day'), cell: (x) => fmt.date(x.day) },
      { key: 'hours', label: t('taxi.hours'), class: 'num', cell: (x) => t('taxi.hours_n', { n: x.hours }) },
      { key: 'topic', label: t('taxi.topic'), class: 'wrap', cell: (x) => raw(x.topic) },
    ], p.training, { testid: 'training-table', cards: true }) : h('p', { class: 'empty' }, t('taxi.training_none')));
  const cases = h('section', { class: 'card taxi-cases' }, h('h2', null, t('taxi.cases')),
    p.cases.length ? table([
      { key: 'number', label: t('taxi.case_number'), cell: (c) => h('a', { href: `#/cases/${encodeURIComponent(c.id)}`, 'data-testid': 'driver-case', 'data-raw': '' }, c.number) },
      { key: 'violation', label: t('taxi.case_violation'), class: 'wrap', cell: (c) => violationText(c.violation) },
      { key: 'state', label: t('taxi.case_state'), cell: (c) => tv('case.state', c.state) },
      { key: 'decided_on', label: t('taxi.decided_on'), cell: (c) => (c.decided_on ? fmt.date(c.decided_on) : h('span', { class: 'muted' }, t('taxi.not_decided'))) },
    ], p.cases, { testid: 'driver-cases', cards: true }) : h('p', { class: 'empty' }, t('taxi.cases_none')));
  // The complaint tickets about the driver's vehicle (接诉即办).
  const complaints = p.complaints || { total: 0, items: [] };
  const tickets = h('section', { class: 'card taxi-complaints', 'data-testid': 'driver-complaints' },
    h('h2', null, t('taxi.driver_complaints'), ' ', h('small', { class: 'muted' }, fmt.int(complaints.total))),
    complaints.items.length ? h('ul', { class: 'documents' }, complaints.items.map((x) => h('li', null,
      h('a', { href: `#/tickets/${encodeURIComponent(x.id)}`, 'data-raw': '' }, x.number), ' ',
      h('small', { class: 'muted' }, `${x.category_name} · ${fmt.date(x.received_at.slice(0, 10))}`))))
      : h('p', { class: 'empty' }, t('taxi.no_complaints')));
  view.append(h('div', { class: 'taxi-grid' },
    h('div', { class: 'taxi-main' }, reputationCard(r), deductions, allowed(DEDUCT) ? deductionForm(p, ctx) : null),
    h('div', { class: 'taxi-side' }, who, cycles, training, cases, tickets)));
}
