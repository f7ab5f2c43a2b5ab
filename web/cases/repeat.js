// #/repeat-offenders?on=DAY: 条例 Art.66 — the vehicles and drivers with
// more than three punished over-limit acts in the 365 days ending DAY
// (default today), and the carriers whose vehicles with such acts exceed
// 10 % of their fleet (GET /api/v1/repeat-offenders), each with the
// measure the article names and links to its cases. The day is in the
// hash, so that reload and Back show the same page.
import { get, query } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h, field } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { sortTable } from '../base/sorttable.js';
import { today } from './common.js';

// The cases of a row, each a link to its page.
function caseLinks(r) {
  return h('span', { class: 'case-links' }, r.cases.map((number, i) => h('a', { href: `#/cases/${r.case_ids[i]}`, 'data-raw': '' }, number)));
}

const measure = (r) => h('span', { class: 'badge badge-warn', dataset: { measure: r.recommendation } }, tv('repeat.measure', r.recommendation));

function section(title, testid, rows, columns, sortKey) {
  return h('section', { class: 'card', 'data-testid': testid },
    h('h2', null, title, ' ', h('small', { class: 'muted', 'data-testid': `${testid}-count` }, t('page.total', { n: fmt.int(rows.length) }))),
    rows.length ? sortTable(columns, rows, { testid: `${testid}-table`, sortKey, cards: true }) : h('p', { class: 'empty' }, t('repeat.none')));
}

export async function render(view, ctx) {
  const on = ctx.query.get('on') || today();
  const day = h('input', { type: 'date', name: 'on', value: on, max: today(), 'data-testid': 'repeat-on', onchange: () => {
    if (day.value) ctx.navigate(`#/repeat-offenders?${query({ on: day.value })}`);
  } });
  view.append(h('h1', null, t('repeat.title')),
    h('form', { class: 'toolbar', onsubmit: (e) => e.preventDefault() }, field('repeat-on', t('repeat.on'), day)));
  const r = await get('/api/v1/repeat-offenders', { on });
  const count = { key: 'count', label: t('repeat.count'), class: 'num', cell: (x) => fmt.int(x.count), value: (x) => x.count };
  const cases = { key: 'cases', label: t('repeat.cases'), class: 'wrap', cell: caseLinks, sortable: false };
  const act = { key: 'recommendation', label: t('repeat.measure_title'), cell: measure, sortable: false };
  view.append(
    h('p', { class: 'hint', 'data-testid': 'repeat-window' }, t('repeat.window', { from: fmt.date(r.from), to: fmt.date(r.on) }),
      ' ', h('small', { class: 'muted', 'data-raw': '' }, r.citation)),
    section(t('repeat.vehicles'), 'repeat-vehicles', r.vehicles, [
      { key: 'plate', label: t('case.plate'), cell: (x) => h('span', { class: 'plate', 'data-raw': '' }, x.plate), value: (x) => x.plate },
      count, cases, act], 'count'),
    section(t('repeat.drivers'), 'repeat-drivers', r.drivers, [
      { key: 'name', label: t('repeat.driver'), cell: (x) => h('span', null, h('span', { 'data-raw': '' }, x.name || ''), ' ', h('small', { class: 'muted', 'data-raw': '' }, x.licence)), value: (x) => x.name },
      count, cases, act], 'count'),
    section(t('repeat.carriers'), 'repeat-carriers', r.carriers, [
      { key: 'name', label: t('repeat.carrier'), class: 'wrap', cell: (x) => h('span', null, h('span', { 'data-raw': '' }, x.name || ''), ' ', h('small', { class: 'muted', 'data-raw': '' }, x.credit_code)), value: (x) => x.name },
      { key: 'vehicles', label: t('repeat.carrier_vehicles'), class: 'num', cell: (x) => `${fmt.int(x.vehicles)} / ${fmt.int(x.fleet)}`, value: (x) => x.vehicles },
      { key: 'share_bp', label: t('repeat.share'), class: 'num', cell: (x) => `${(x.share_bp / 100).toFixed(1)}%`, value: (x) => x.share_bp },
      cases, act], 'share_bp'));
}
