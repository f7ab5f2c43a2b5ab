// #/screening: the queue of over-limit, admissible detections not yet
// decided (GET /api/v1/screening, oldest first). #/screening/ID: one of
// them with the evidence, a confirm button and a dismiss form (reason from
// GET /api/v1/screening/reasons; a note is required for `other`).
// POST /api/v1/screening/{id}; a decided record leaves the queue.
import { get, post, ApiError } from '../base/api.js';
import { t, lang } from '../base/i18n.js';
import { h, field, errorNotice, notice } from '../base/dom.js';
import { pager } from '../base/pager.js';
import { detectionsTable } from './detections.js';
import { detectionView, loadReasons } from './detail.js';

const PAGE_SIZE = 50;

export async function render(view, ctx) {
  return ctx.params.length ? renderOne(view, ctx, ctx.params[0]) : renderQueue(view, ctx);
}

async function renderQueue(view, ctx) {
  view.append(h('h1', null, t('scr.title')), h('p', { class: 'hint' }, t('scr.hint')));
  const list = pager(
    (after) => get('/api/v1/screening', { limit: PAGE_SIZE, after }),
    (rows) => (rows.length
      ? detectionsTable(rows, { linkTo: (d) => `#/screening/${encodeURIComponent(d.id)}`, testid: 'screening-table', navigate: ctx.navigate })
      : h('p', { class: 'empty', 'data-testid': 'screening-empty' }, t('scr.empty'))),
    { testid: 'screening-list' });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}

async function renderOne(view, ctx, id) {
  const [d, reasons] = await Promise.all([get(`/api/v1/detections/${encodeURIComponent(id)}`), loadReasons()]);
  view.append(h('div', { class: 'page-head' },
    h('h1', null, t('scr.detail'), ' ', h('span', { class: 'muted' }, d.plate || t('plate.unread'))),
    h('a', { class: 'btn', href: '#/screening', 'data-testid': 'screening-back' }, t('scr.back'))));

  if (d.decision || (d.screening && d.screening !== 'pending')) {
    view.append(notice('info', t('scr.already'), 'screening-decided'), detectionView(d, reasons));
    return;
  }

  const message = h('div', { class: 'form-message', 'data-testid': 'screening-message' });

  async function decide(body, buttons) {
    message.replaceChildren();
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await post(`/api/v1/screening/${encodeURIComponent(id)}`, body);
      ctx.flash(t(body.decision === 'confirm' ? 'scr.done_confirm' : 'scr.done_dismiss', { id }));
      ctx.navigate('#/screening');
    } catch (err) {
      message.append(err instanceof ApiError && err.status === 409 ? notice('error', t('scr.already'), 'error') : errorNotice(err));
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  const reason = h('select', { name: 'reason', required: true, 'data-testid': 'dismiss-reason' },
    h('option', { value: '' }, t('scr.reason_pick')),
    reasons.map((r) => h('option', { value: r.code }, lang() === 'en' ? r.en : r.zh)));
  const note = h('textarea', { name: 'note', rows: 3, maxlength: 1000, 'data-testid': 'dismiss-note' });
  const noteHint = h('small', { class: 'hint' }, t('scr.note_required'));
  // The note is required for "other"; the browser enforces it, the server too.
  reason.addEventListener('change', () => { note.required = reason.value === 'other'; });

  const confirmButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'screening-confirm' }, t('scr.confirm'));
  const dismissButton = h('button', { type: 'submit', class: 'btn btn-danger', 'data-testid': 'screening-dismiss' }, t('scr.dismiss'));
  const buttons = [confirmButton, dismissButton];
  confirmButton.addEventListener('click', () => decide({ decision: 'confirm' }, buttons));

  const dismissForm = h('form', { class: 'dismiss-form', 'data-testid': 'dismiss-form', onsubmit: (e) => {
    e.preventDefault();
    if (reason.value === 'other' && !note.value.trim()) { message.replaceChildren(notice('error', t('scr.note_required'))); note.focus(); return; }
    decide({ decision: 'dismiss', reason: reason.value, note: note.value.trim() }, buttons);
  } },
  field('dismiss-reason', t('scr.reason'), reason),
  h('div', { class: 'field' }, h('label', { for: 'dismiss-note' }, t('scr.note')), note, noteHint),
  h('div', { class: 'actions' }, dismissButton));
  note.id = 'dismiss-note';

  view.append(
    h('section', { class: 'card decide', 'data-testid': 'screening-decide' },
      h('div', { class: 'decide-confirm' }, confirmButton, h('p', { class: 'hint' }, t('scr.confirm_hint'))),
      dismissForm,
      message),
    detectionView(d, reasons));
}
