// 案卷评查: #/reviews draws closed case files (all of a period, or a
// sample by a seed that is recorded) and lists the reviews with the grades
// by unit and by officer; #/reviews/{id} is one file's score sheet
// (rules/review.json): each item with what sunroad checked itself and its
// evidence, the reviewer's pass or deduction with a note, the score so far,
// and finishing it with its grade.
import { get, post, items } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h, table, field, errorNotice, notice } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { allowed } from '../base/session.js';
import { sortTable } from '../base/sorttable.js';

const DRAW = { method: 'POST', path: '/api/v1/reviews' };
const MARK = { method: 'POST', path: '/api/v1/reviews/{}/items' };

const gradeBadge = (grade) => (grade
  ? h('span', { class: `badge badge-${{ excellent: 'ok', pass: 'info', fail: 'bad' }[grade] || 'muted'}`, 'data-testid': 'review-grade', dataset: { grade } }, tv('review.grade', grade))
  : h('span', { class: 'muted' }, t('review.state.open')));

function summaryTable(rows, key, testid) {
  const columns = [
    key === 'unit'
      ? { key: 'unit', label: t('review.unit'), cell: (r) => h('span', { 'data-raw': '' }, r.unit) }
      : { key: 'name', label: t('review.officer'), cell: (r) => h('span', null, h('span', { 'data-raw': '' }, r.name || ''), ' ', h('small', { class: 'muted', 'data-raw': '' }, r.badge)) },
    { key: 'files', label: t('review.files'), class: 'num', cell: (r) => fmt.int(r.files), value: (r) => r.files },
    { key: 'average', label: t('review.average'), class: 'num', cell: (r) => r.average.toFixed(1), value: (r) => r.average },
    ...['excellent', 'pass', 'fail'].map((g) => ({ key: g, label: tv('review.grade', g), class: 'num', cell: (r) => fmt.int(r.grades[g] || 0), value: (r) => r.grades[g] || 0 })),
  ];
  return rows.length ? sortTable(columns, rows, { testid, sortKey: 'average', cards: true }) : h('p', { class: 'empty' }, t('review.none'));
}

export async function render(view, ctx) {
  if (ctx.params && ctx.params[0]) return renderSheet(view, ctx, ctx.params[0]);
  view.append(h('h1', null, t('review.title')), h('p', { class: 'hint' }, t('review.hint')));
  const message = h('div', { class: 'form-message', 'data-testid': 'review-message' });
  if (allowed(DRAW)) {
    const sample = h('input', { type: 'number', min: 1, max: 10000, value: 10, name: 'sample', 'data-testid': 'draw-sample', required: true });
    const seed = h('input', { type: 'number', min: 0, name: 'seed', 'data-testid': 'draw-seed', placeholder: t('review.seed_hint') });
    const from = h('input', { type: 'date', name: 'from', 'data-testid': 'draw-from' });
    const to = h('input', { type: 'date', name: 'to', 'data-testid': 'draw-to' });
    const form = h('form', { class: 'card filters', 'data-testid': 'draw-form', onsubmit: async (e) => {
      e.preventDefault();
      message.replaceChildren();
      if (from.value && to.value && to.value < from.value) {
        message.append(errorNotice({ code: 'invalid', reason: 'range_reversed', args: { from: from.value, to: to.value } }));
        return;
      }
      try {
        const body = { sample: Number(sample.value), from: from.value || undefined, to: to.value || undefined };
        if (seed.value !== '') body.seed = Number(seed.value);
        const d = await post('/api/v1/reviews', body);
        ctx.flash(t('review.drawn', { n: d.reviews.length, population: d.population, seed: d.seed }));
        ctx.navigate(`#/reviews?draw=${d.draw}`);
      } catch (err) {
        message.append(errorNotice(err));
      }
    } },
    h('h2', null, t('review.draw')),
    h('div', { class: 'filter-fields' },
      field('draw-sample', t('review.sample'), sample), field('draw-seed', t('review.seed'), seed),
      field('draw-from', t('review.from'), from), field('draw-to', t('review.to'), to)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'draw-submit' }, t('review.draw_submit'))));
    view.append(form);
  }
  view.append(message);
  const draw = ctx.query.get('draw') || '';
  const [list, summary] = await Promise.all([get('/api/v1/reviews', draw ? { draw } : {}), get('/api/v1/reviews/summary')]);
  const rows = items(list);
  const columns = [
    { key: 'number', label: t('review.number'), cell: (r) => h('a', { href: `#/reviews/${r.id}`, 'data-testid': 'open-review' }, r.number) },
    { key: 'unit', label: t('review.unit'), cell: (r) => h('span', { 'data-raw': '' }, r.unit) },
    { key: 'state', label: t('review.state'), cell: (r) => t(`review.state.${r.state}`) },
    { key: 'score', label: t('review.score'), class: 'num', cell: (r) => (r.score === null ? t('common.none') : String(r.score)) },
    { key: 'grade', label: t('review.grade'), cell: (r) => gradeBadge(r.grade) },
  ];
  view.append(h('section', { class: 'card' },
    h('h2', null, draw ? t('review.of_draw', { draw }) : t('review.list')),
    h('p', { class: 'page-total', 'data-testid': 'list-total', dataset: { total: rows.length } }, t('page.total', { n: rows.length })),
    rows.length ? table(columns, rows, { testid: 'reviews-table', cards: true, rowProps: (r) => ({ dataset: { id: r.id } }) }) : h('p', { class: 'empty' }, t('review.none'))),
  h('section', { class: 'card' }, h('h2', null, t('review.by_unit')), summaryTable(summary.units, 'unit', 'review-units')),
  h('section', { class: 'card' }, h('h2', null, t('review.by_officer')), summaryTable(summary.officers, 'officer', 'review-officers')));
}

async function renderSheet(view, ctx, id) {
  const sheet = await get(`/api/v1/reviews/${encodeURIComponent(id)}`);
  const open = sheet.state === 'open';
  const canMark = open && allowed(MARK);
  const message = h('div', { class: 'form-message', 'data-testid': 'review-message' });
  const mark = async (item, body) => {
    message.replaceChildren();
    try {
      await post(`/api/v1/reviews/${sheet.id}/items`, { item: item.item, ...body });
      ctx.navigate(location.hash);
    } catch (err) {
      message.append(errorNotice(err));
    }
  };
  // A deduction: how many points, and why.
  const failForm = (item, cell) => {
    const points = h('input', { type: 'number', min: 1, max: item.points, value: item.points, 'data-testid': 'deduct-points', disabled: item.veto });
    const note = h('input', { name: 'note', required: true, 'data-testid': 'deduct-note', placeholder: t('review.note_hint') });
    const form = h('form', { class: 'deduct-form', onsubmit: (e) => { e.preventDefault(); mark(item, { result: 'fail', deducted: Number(points.value), note: note.value.trim() }); } },
      field(`deduct-${item.item}`, t('review.deducted'), points), field(`note-${item.item}`, t('review.note'), note),
      h('button', { type: 'submit', class: 'btn btn-small btn-danger', 'data-testid': 'deduct-submit' }, t('review.deduct')));
    cell.replaceChildren(form);
    note.focus();
  };
  const result = (it) => {
    const kind = { pass: 'ok', fail: 'bad', unknown: 'muted' }[it.result];
    return h('span', null, h('span', { class: `badge badge-${kind}`, 'data-testid': 'item-result', dataset: { result: it.result } }, t(`review.result.${it.result}`)),
      it.auto ? h('small', { class: 'muted' }, ` ${t('review.auto')}`) : null);
  };
  const columns = [
    { key: 'block', label: t('review.block'), cell: (it) => it.block_name },
    { key: 'text', label: t('review.item'), class: 'wrap', cell: (it) => h('span', null, it.text, it.veto ? h('span', { class: 'badge badge-warn veto' }, ` ${t('review.veto')}`) : null) },
    { key: 'points', label: t('review.points'), class: 'num', cell: (it) => String(it.points) },
    { key: 'result', label: t('review.result'), cell: result },
    { key: 'deducted', label: t('review.deducted'), class: 'num', cell: (it) => (it.deducted ? `−${it.deducted}` : '0') },
    { key: 'evidence', label: t('review.evidence'), class: 'wrap', cell: (it) => h('span', null, it.evidence ? h('span', { 'data-raw': '' }, it.evidence) : '', it.note ? h('small', { class: 'review-note', 'data-raw': '' }, ` ${it.note}`) : null) },
    canMark && { key: 'actions', label: t('review.actions'), cell: (it) => {
      const cell = h('span', { class: 'row-actions' });
      cell.append(
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `pass-${it.item}`, onclick: () => mark(it, { result: 'pass' }) }, t('review.pass')),
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `fail-${it.item}`, onclick: () => failForm(it, cell) }, t('review.fail')));
      return cell;
    } },
  ].filter(Boolean);
  const unknown = sheet.items.filter((it) => it.result === 'unknown').length;
  view.append(
    h('h1', null, t('review.sheet'), ' ', h('a', { href: `#/cases/${sheet.case}`, 'data-raw': '' }, sheet.number)),
    h('section', { class: 'card review-head' },
      h('dl', { class: 'facts' },
        h('dt', null, t('review.state')), h('dd', { 'data-testid': 'review-state' }, t(`review.state.${sheet.state}`)),
        h('dt', null, t('review.score')), h('dd', { 'data-testid': 'review-score' }, String(open ? sheet.score_so_far : sheet.score)),
        h('dt', null, t('review.grade')), h('dd', null, gradeBadge(sheet.grade), sheet.vetoed ? h('small', { class: 'muted' }, ` ${t('review.vetoed')}`) : null))),
    message,
    h('section', { class: 'card' }, table(columns, sheet.items, { testid: 'review-sheet', cards: true, rowProps: (it) => ({ dataset: { item: it.item, result: it.result } }) })));
  if (canMark) {
    view.append(h('div', { class: 'actions' },
      unknown ? notice('info', t('review.to_do', { n: unknown }), 'review-todo') : null,
      h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'review-finish', disabled: unknown > 0, onclick: async () => {
        message.replaceChildren();
        try {
          const done = await post(`/api/v1/reviews/${sheet.id}/finish`, {});
          ctx.flash(t('review.finished', { score: done.score, grade: tv('review.grade', done.grade) }));
          ctx.navigate(location.hash);
        } catch (err) {
          message.append(errorNotice(err));
        }
      } }, t('review.finish'))));
  }
}
