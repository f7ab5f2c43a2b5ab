// #/quarantine?kind&state&sort&page: 异常数据, the records the imports and the devices
// sent that were not accepted (GET /api/v1/quarantine, paginated): the
// reason in the user's language (its reason_code and reason_args worded by
// the 'qr.<code>' strings; the server's English text is for the CLI), the
// site (from the raw line when the record could not be read), the file's
// name, and what was done. Whoever may call the actions (the server says
// who) can mark a record handled with a note, or correct its text and
// import it again (POST /api/v1/quarantine/{id}/handled and /reimport).
import { get, post } from '../base/api.js';
import { t, tv, hasString } from '../base/i18n.js';
import { h, table, field, errorNotice, notice } from '../base/dom.js';
import * as fmt from '../base/format.js';
import { pager } from '../base/pager.js';
import { allowed } from '../base/session.js';

const KINDS = ['detection', 'unload'];
const STATES = ['open', 'handled', 'all'];
const COLUMNS = {
  detection: 'site,seq,passed_at,plate,plate_color,kind,axles,gross_kg,axle_kg,single_drive,single_tire_axles,length_mm,width_mm,height_mm,speed_kmh,lane,photos',
  unload: 'site,seq,unloaded_kg,unloaded_at,badge',
};
const HANDLE = { method: 'POST', path: '/api/v1/quarantine/{}/handled' };
const REIMPORT = { method: 'POST', path: '/api/v1/quarantine/{}/reimport' };

// A reason code and its arguments in the user's words.
export function reasonText(code, args) {
  const key = `qr.${code}`;
  const words = { ...(args || {}) };
  if (words.field && hasString(`qf.${words.field}`)) words.field = t(`qf.${words.field}`);
  return hasString(key) ? t(key, words) : t('qr.q_other');
}

// A refusal from the server: a refused re-import says why, in words.
function refusalNotice(err) {
  if (err && err.reason === 'reimport_refused' && err.args && err.args.why) {
    const el = notice('error', `${t('error.reimport_refused')} ${reasonText(err.args.why, err.args)}`, 'error');
    el.dataset.reason = 'reimport_refused';
    el.dataset.why = err.args.why;
    return el;
  }
  return errorNotice(err);
}

export async function render(view, ctx) {
  const kind = ctx.query.get('kind') || '';
  const state = STATES.includes(ctx.query.get('state')) ? ctx.query.get('state') : 'open';
  const go = (k, s) => ctx.navigate(`#/quarantine?state=${s}${k ? `&kind=${k}` : ''}`);
  const kindSelect = h('select', { name: 'kind', 'data-testid': 'quarantine-kind', onchange: () => go(kindSelect.value, state) },
    h('option', { value: '' }, t('q.kind_all')),
    KINDS.map((k) => h('option', { value: k, selected: k === kind }, t(`q.kind.${k}`))));
  const stateSelect = h('select', { name: 'state', 'data-testid': 'quarantine-state', onchange: () => go(kind, stateSelect.value) },
    STATES.map((s) => h('option', { value: s, selected: s === state }, t(`q.state.${s}`))));

  const panel = h('div', { class: 'q-panel', 'data-testid': 'quarantine-panel' });
  view.append(h('h1', null, t('q.title')), h('p', { class: 'hint' }, t('q.hint')),
    h('form', { class: 'toolbar', onsubmit: (e) => e.preventDefault() },
      field('quarantine-kind', t('q.kind'), kindSelect), field('quarantine-state', t('q.state'), stateSelect)),
    panel);

  // The form of one action on row q, shown above the list.
  function open(q, action) {
    const note = h('textarea', { name: 'note', rows: 2, maxlength: 2000, 'data-testid': 'q-note', required: action === 'mark' });
    const raw = action === 'fix' ? h('textarea', { name: 'raw', rows: 4, class: 'raw-edit', 'data-testid': 'q-raw', required: true }, q.raw) : null;
    const message = h('div', { class: 'form-message', 'data-testid': 'q-message' });
    const form = h('form', { class: 'card q-form', 'data-testid': `q-form-${action}`, onsubmit: async (e) => {
      e.preventDefault();
      message.replaceChildren();
      try {
        const body = { note: note.value };
        if (raw) body.raw = raw.value.replace(/\r?\n+$/, '');
        await post(`/api/v1/quarantine/${q.id}/${action === 'fix' ? 'reimport' : 'handled'}`, body);
        ctx.flash(t(action === 'fix' ? 'q.done_fix' : 'q.done_mark'));
        ctx.navigate(location.hash);
      } catch (err) {
        message.append(refusalNotice(err));
      }
    } },
    h('h2', null, `${t(action === 'fix' ? 'q.fix' : 'q.mark')} · #${q.id}`),
    h('p', { class: 'q-reason' }, reasonText(q.reason_code, q.reason_args)),
    raw ? field('q-raw', t('q.raw_edit'), raw, h('span', null, t('q.raw_hint'), ' ', h('code', null, COLUMNS[q.kind] || ''))) : null,
    field('q-note', t('q.note'), note, action === 'mark' ? t('q.note_hint') : null),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'q-submit' }, t(action === 'fix' ? 'q.submit_fix' : 'q.submit_mark')),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'q-cancel', onclick: () => panel.replaceChildren() }, t('q.cancel'))),
    message);
    panel.replaceChildren(form);
    form.scrollIntoView({ block: 'nearest' });
    (raw || note).focus();
  }

  const canMark = allowed(HANDLE);
  const canFix = allowed(REIMPORT);
  const columns = [
    { key: 'id', sortBy: 'id', label: t('q.id'), class: 'num', cell: (q) => String(q.id) },
    { key: 'kind', sortBy: 'kind', label: t('q.kind'), cell: (q) => tv('q.kind', q.kind) },
    { key: 'created_at', label: t('q.created_at'), cell: (q) => fmt.instant(q.created_at) },
    { key: 'source', sortBy: 'source', label: t('q.source'), cell: (q) => h('span', { 'data-raw': '' }, `${q.source ?? ''}${q.line ? `:${q.line}` : ''}`) },
    { key: 'site', sortBy: 'site', label: t('det.site'), cell: (q) => (q.site
      ? h('span', null, `${q.site}${q.seq !== null && q.seq !== undefined ? ` #${q.seq}` : ''}`, q.site_from_raw ? h('small', { class: 'muted' }, ` ${t('q.site_from_raw')}`) : null)
      : t('common.none')) },
    { key: 'reason', sortBy: 'reason', label: t('q.reason'), class: 'reason', cell: (q) => h('span', { 'data-code': q.reason_code }, reasonText(q.reason_code, q.reason_args)) },
    { key: 'raw', label: t('q.raw'), class: 'raw', cell: (q) => h('code', null, q.raw) },
    { key: 'handled', sortBy: 'handled_at', label: t('q.handled'), cell: (q) => (q.handled
      ? h('span', { class: 'q-handled' }, t('q.handled_by', { how: t(`q.how.${q.handled_how}`), by: q.handled_by, at: fmt.instant(q.handled_at) }),
        q.handled_note ? h('br') : null, q.handled_note ? h('small', null, q.handled_note) : null)
      : t('q.state.open')) },
    (canMark || canFix) && { key: 'actions', label: t('q.actions'), cell: (q) => (q.handled ? t('common.none') : h('span', { class: 'row-actions' },
      canFix ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `q-fix-${q.id}`, onclick: () => open(q, 'fix') }, t('q.fix')) : null,
      canMark ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `q-mark-${q.id}`, onclick: () => open(q, 'mark') }, t('q.mark')) : null)) },
  ].filter(Boolean);
  const list = pager(
    (params) => get('/api/v1/quarantine', { kind, state, limit: 50, ...params }),
    (rows, sorting) => (rows.length ? table(columns, rows, { testid: 'quarantine-table', cards: true, sorting, rowProps: (q) => ({ dataset: { id: q.id } }) })
      : h('p', { class: 'empty', 'data-testid': 'quarantine-empty' }, t('q.empty'))),
    { testid: 'quarantine-list', ctx, pageSize: 50 });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}
