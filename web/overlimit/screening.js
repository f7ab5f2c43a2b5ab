// #/screening: the queue of over-limit, admissible detections not yet
// decided (GET /api/v1/screening) with its total, filters (site, brigade,
// 百吨王, period) and order. #/screening/ID?filters: the desk, one record
// at a time: its photos first and large, the verdict beside them, a
// decision bar that stays in view (at the bottom, under the thumb, on a
// phone). Opening a record claims it (POST .../claim) so that no one else
// screens it meanwhile; a decision (POST /api/v1/screening/{id}) releases
// it and the next record opens by itself; U undoes the last decision
// within the server's window (DELETE /api/v1/screening/{id}).
// Keys: Enter/Y confirm, 1-4 dismiss with that reason, J/K or the arrows
// next/previous, U undo, Z zoom on the plate.
import { get, post, del, query, ApiError } from '../base/api.js';
import { t, tv, lang } from '../base/i18n.js';
import { h, notice, errorNotice } from '../base/dom.js';
import { pager } from '../base/pager.js';
import * as fmt from '../base/format.js';
import { session } from '../base/session.js';
import { detectionsTable, plateCell } from './detections.js';
import { loadReasons, facts, money } from './detail.js';
import { units } from './units.js';

const PAGE_SIZE = 50;
const DESK_BATCH = 100;
const UNDO_MS = 10_000; // the server's screening_undo_s by default
const FILTERS = ['site', 'unit', 'ton100', 'from', 'to', 'sort'];

// The desk's own style sheet, linked once.
function linkStyle() {
  if (document.querySelector('link[data-desk]')) return;
  document.head.append(h('link', { rel: 'stylesheet', href: '/overlimit/desk.css', 'data-desk': '1' }));
}

function filtersOf(q) {
  const f = {};
  for (const k of FILTERS) if (q.get(k)) f[k] = q.get(k);
  return f;
}
const queryString = (f) => { const s = query(f); return s ? `?${s}` : ''; };

export async function render(view, ctx) {
  linkStyle();
  return ctx.params.length ? renderDesk(view, ctx, ctx.params[0]) : renderQueue(view, ctx);
}

// ---- the queue ----------------------------------------------------------------

async function filterForm(ctx, f) {
  const [sites, unitList] = await Promise.all([
    get('/api/v1/sites').then((r) => r.items).catch(() => []),
    units(),
  ]);
  const select = (name, options, value) => h('select', { name, 'data-testid': `scr-filter-${name}` },
    options.map(([v, label]) => h('option', { value: v, selected: v === (value || '') }, label)));
  const brigades = unitList.filter((u) => sites.some((s) => s.unit === u.code));
  const form = h('form', { class: 'scr-filters', 'data-testid': 'screening-filters' },
    h('label', null, t('scr.filter_site'), select('site', [['', t('scr.filter_all')], ...sites.map((s) => [s.code, s.name || s.code])], f.site)),
    h('label', null, t('scr.filter_unit'), select('unit', [['', t('scr.filter_all')], ...brigades.map((u) => [u.code, u.name || u.code])], f.unit)),
    h('label', null, t('period.from'), h('input', { type: 'date', name: 'from', value: f.from || '' })),
    h('label', null, t('period.to'), h('input', { type: 'date', name: 'to', value: f.to || '' })),
    h('label', null, t('scr.sort'), select('sort', ['oldest', 'newest', 'excess'].map((s) => [s, t(`scr.sort.${s}`)]), f.sort || 'oldest')),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'ton100', value: '1', checked: f.ton100 === '1', 'data-testid': 'scr-filter-ton100' }), t('scr.filter_ton100')),
    h('button', { type: 'submit', class: 'btn' }, t('period.apply')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const k of FILTERS) if (data.get(k)) next[k] = String(data.get(k));
    ctx.navigate(`#/screening${queryString(next)}`);
  });
  return form;
}

async function renderQueue(view, ctx) {
  const f = filtersOf(ctx.query);
  const first = await get('/api/v1/screening', { ...f, limit: 1 });
  const start = h('a', {
    class: 'btn btn-primary', 'data-testid': 'screening-start',
    href: first.items.length ? `#/screening/${first.items[0].id}${queryString(f)}` : '#/screening',
  }, t('scr.start'));
  view.append(
    h('div', { class: 'page-head' },
      h('h1', null, t('scr.title'), ' ', h('span', { class: 'muted', 'data-testid': 'screening-total' }, t('scr.pending', { n: fmt.int(first.total ?? 0) }))),
      first.items.length ? start : null),
    // The order said as it is: the sort chosen in the filter.
    h('p', { class: 'hint', 'data-testid': 'screening-hint' }, t('scr.hint', { order: t(`scr.order.${['newest', 'excess'].includes(f.sort) ? f.sort : 'oldest'}`) }), ' ', t('scr.keys')),
    h('section', { class: 'card' }, await filterForm(ctx, f)));
  const list = pager(
    ({ after }) => get('/api/v1/screening', { ...f, limit: PAGE_SIZE, after }),
    (rows) => (rows.length
      ? detectionsTable(rows, { linkTo: (d) => `#/screening/${encodeURIComponent(d.id)}${queryString(f)}`, testid: 'screening-table', navigate: ctx.navigate })
      : h('p', { class: 'empty', 'data-testid': 'screening-empty' }, t('scr.empty'))),
    { testid: 'screening-list' });
  view.append(h('section', { class: 'card' }, list));
  await list.ready;
}

// ---- the desk -------------------------------------------------------------------

const reasonLabel = (r) => (lang() === 'en' ? r.en : r.zh);
const plateOf = (d) => d.plate || t('plate.unread');
const mass = (kg) => `${fmt.int(kg)} kg`;

// Who decided, by name and badge number (the server adds them to the
// decision), the login when the user is gone.
function reviewer(dec) {
  const name = dec.by_name || dec.by;
  return dec.by_badge ? `${name}(${t('scr.badge_no', { badge: dec.by_badge })})` : name;
}

function decidedNotice(d, reasons) {
  const dec = d.decision;
  if (!dec) return null;
  const r = reasons.find((x) => x.code === dec.reason);
  const what = `${tv('screen', dec.decision)}${r ? `(${reasonLabel(r)})` : ''}`;
  const mine = session.user && dec.by === session.user.login;
  return notice('info', mine
    ? t('scr.by_you', { at: fmt.instant(dec.at), decision: what })
    : t('scr.by_other', { by: reviewer(dec), at: fmt.instant(dec.at), decision: what }), 'screening-decided');
}

function photosPanel(d) {
  const photos = d.photos || [];
  if (!photos.length) return h('div', { class: 'desk-photos empty', 'data-testid': 'desk-photos' }, notice('warn', t('scr.no_photos')));
  const plate = photos.find((p) => p.kind === 'plate');
  const main = h('img', { class: 'desk-main', src: photos[0].url, alt: tv('photo.kind', photos[0].kind || 'none'), 'data-testid': 'desk-photo' });
  const frame = h('div', { class: 'desk-frame', title: t('scr.zoom_hint') }, main);
  let current = photos[0];
  const showPhoto = (p) => {
    current = p;
    main.src = p.url;
    main.alt = tv('photo.kind', p.kind || 'none');
    frame.classList.remove('zoomed');
    thumbs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(Number(b.dataset.index) === p.index)));
  };
  frame.addEventListener('click', (e) => {
    if (frame.classList.toggle('zoomed')) {
      const r = frame.getBoundingClientRect();
      main.style.transformOrigin = `${((e.clientX - r.left) / r.width) * 100}% ${((e.clientY - r.top) / r.height) * 100}%`;
    }
  });
  const thumbs = h('div', { class: 'desk-thumbs' }, photos.map((p) => h('button', {
    type: 'button', 'aria-pressed': String(p === current), dataset: { index: p.index },
    onclick: () => showPhoto(p),
  }, h('img', { src: p.url, alt: '', loading: 'lazy' }), h('span', null, tv('photo.kind', p.kind || 'none')))));
  const panel = h('div', { class: 'desk-photos', 'data-testid': 'desk-photos' }, frame, thumbs);
  // Z: the plate close-up when there is one, else the front zoomed where
  // the plate sits (the lower middle of a front view).
  panel.zoomPlate = () => {
    if (plate && current !== plate) { showPhoto(plate); return; }
    if (frame.classList.toggle('zoomed')) main.style.transformOrigin = '50% 78%';
  };
  return panel;
}

function summaryPanel(d) {
  const e = d.explain || {};
  const lines = (lang() === 'en' && e.arithmetic_en) || e.arithmetic || [];
  return h('section', { class: 'desk-summary card', 'data-testid': 'desk-summary' },
    h('p', { class: 'desk-plate', 'data-testid': 'desk-plate' }, plateCell(d),
      d.ton100 ? h('span', { class: 'badge badge-bad' }, t('fig.ton100')) : null),
    facts([
      [t('scr.site'), d.site_name || d.site, 'desk-site'],
      [t('scr.time'), fmt.instant(d.passed_at), 'desk-time'],
      [t('scr.gross'), mass(d.gross_kg), 'desk-gross'],
      [t('scr.limit'), mass(e.limit_kg ?? d.limit_kg), 'desk-limit'],
      [t('scr.excess'), h('strong', null, mass(e.over_kg ?? d.over_kg)), 'desk-excess'],
      [t('scr.fine'), h('strong', null, d.penalty === 'warning' ? t('penalty.warning') : money(e.fine_fen ?? d.fine_fen)), 'desk-fine'],
    ]),
    h('ol', { class: 'arithmetic', 'data-testid': 'explain-arithmetic' }, lines.map((l) => h('li', null, l))),
    h('a', { href: `#/detections/${d.id}`, class: 'muted' }, t('detail.title')));
}

async function renderDesk(view, ctx, firstId) {
  const f = filtersOf(ctx.query);
  const qs = queryString(f);
  const reasons = await loadReasons();
  const state = { list: [], next: null, index: 0, current: null, busy: false, last: null, cache: new Map(), photos: null };
  window.__deskTimes = window.__deskTimes || [];

  const head = h('div', { class: 'page-head' },
    h('h1', null, t('scr.detail'), ' ', h('span', { class: 'muted', 'data-testid': 'desk-position' })),
    h('a', { class: 'btn', href: `#/screening${qs}`, 'data-testid': 'screening-back' }, t('scr.back')));
  const message = h('div', { class: 'desk-message', 'data-testid': 'screening-message', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'desk-body', 'data-testid': 'desk-body' });
  const note = h('input', { type: 'text', maxlength: 1000, 'data-testid': 'dismiss-note', placeholder: t('scr.note_for_other') });
  const noteForm = h('form', { class: 'desk-note', hidden: true, 'data-testid': 'dismiss-note-form' },
    note,
    h('button', { type: 'submit', class: 'btn btn-danger', 'data-testid': 'screening-dismiss' }, t('scr.note_submit')),
    h('button', { type: 'button', class: 'btn', onclick: () => { noteForm.hidden = true; } }, t('scr.note_cancel')));
  const key = (k) => h('kbd', { 'aria-hidden': 'true' }, k);
  const confirmButton = h('button', { type: 'button', class: 'btn btn-primary desk-confirm', 'data-testid': 'screening-confirm' }, key('Y'), ' ', t('scr.confirm'));
  const dismissButtons = reasons.map((r, i) => h('button', {
    type: 'button', class: 'btn btn-danger desk-dismiss', dataset: { reason: r.code }, 'data-testid': `dismiss-${r.code}`,
  }, key(String(i + 1)), ' ', reasonLabel(r)));
  const prevButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'desk-prev' }, key('K'), ' ', t('scr.prev'));
  const nextButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'desk-next' }, key('J'), ' ', t('scr.next'));
  const undoButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'desk-undo' }, key('U'), ' ', t('scr.undo'));
  const bar = h('div', { class: 'desk-bar', 'data-testid': 'screening-decide' },
    noteForm,
    h('div', { class: 'desk-decide' }, confirmButton, h('div', { class: 'desk-reasons' }, dismissButtons)),
    h('div', { class: 'desk-move' }, prevButton, nextButton, undoButton));
  const desk = h('div', { class: 'desk', 'data-testid': 'desk' }, head, message, body, bar);
  view.append(desk);

  const say = (kind, text) => message.replaceChildren(notice(kind, text, 'flash'));
  const detail = (id) => {
    if (!state.cache.has(id)) {
      const p = get(`/api/v1/detections/${encodeURIComponent(id)}`);
      p.catch(() => state.cache.delete(id));
      state.cache.set(id, p);
    }
    return state.cache.get(id);
  };

  async function loadMore() {
    if (state.list.length && !state.next) return false;
    const page = await get('/api/v1/screening', { ...f, limit: DESK_BATCH, after: state.next || undefined });
    const known = new Set(state.list);
    for (const d of page.items) if (!known.has(String(d.id))) state.list.push(String(d.id));
    state.next = page.next;
    state.total = page.total;
    return page.items.length > 0;
  }

  function setPosition() {
    desk.querySelector('[data-testid="desk-position"]').textContent = t('scr.position', {
      i: fmt.int(state.index + 1), n: fmt.int(Math.max(state.total ?? 0, state.list.length)),
    });
  }

  // Shows list[index]: its detail (prefetched when possible) and a claim on
  // it; a record someone else claimed meanwhile is skipped.
  async function show(index, t0) {
    if (index >= state.list.length) await loadMore();
    if (index >= state.list.length) {
      state.current = null;
      body.replaceChildren(notice('ok', t('scr.done_all'), 'screening-empty'));
      bar.hidden = true;
      return;
    }
    bar.hidden = false;
    state.index = index;
    const id = state.list[index];
    let d;
    try {
      d = await detail(id);
      if (!d.decision) await post(`/api/v1/screening/${encodeURIComponent(id)}/claim`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.reason === 'claimed') {
        state.list.splice(index, 1);
        state.cache.delete(id);
        say('warn', t('scr.claimed_other', { plate: d ? plateOf(d) : id, by: err.args?.by ?? '' }));
        return show(index, t0);
      }
      throw err;
    }
    // The user may have left the desk while the record loaded: the page
    // it went to keeps its address.
    if (!desk.isConnected) {
      if (!d.decision) del(`/api/v1/screening/${encodeURIComponent(id)}/claim`).catch(() => {});
      return;
    }
    state.current = d;
    state.photos = photosPanel(d);
    body.replaceChildren(decidedNotice(d, reasons) || '', h('div', { class: 'desk-grid', 'data-testid': 'detection-detail', dataset: { id: d.id } }, state.photos, summaryPanel(d)));
    for (const b of [confirmButton, ...dismissButtons]) b.disabled = Boolean(d.decision);
    noteForm.hidden = true;
    setPosition();
    history.replaceState(null, '', `#/screening/${encodeURIComponent(id)}${qs}`);
    desk.dataset.id = id;
    if (t0 !== undefined) {
      requestAnimationFrame(() => {
        window.__deskTimes.push(performance.now() - t0);
        desk.dataset.shown = String(window.__deskTimes.length);
      });
    }
    // The next record's detail and photos, before they are asked for.
    const nextId = state.list[index + 1];
    if (nextId) {
      detail(nextId).then((n) => (n.photos || []).slice(0, 1).forEach((p) => { new Image().src = p.url; })).catch(() => {});
    }
  }

  async function decide(body) {
    const d = state.current;
    if (!d || d.decision || state.busy) return;
    const t0 = performance.now();
    state.busy = true;
    try {
      await post(`/api/v1/screening/${encodeURIComponent(d.id)}`, body);
      state.list.splice(state.index, 1);
      state.cache.delete(String(d.id));
      if (state.total) state.total -= 1;
      state.last = { id: String(d.id), plate: plateOf(d), at: Date.now(), index: state.index };
      const r = reasons.find((x) => x.code === body.reason);
      say('ok', body.decision === 'confirm'
        ? t('scr.confirmed_plate', { plate: plateOf(d) })
        : t('scr.dismissed_plate', { plate: plateOf(d), reason: r ? reasonLabel(r) : '' }));
      await show(state.index, t0);
    } catch (err) {
      message.replaceChildren(errorNotice(err));
    } finally {
      state.busy = false;
    }
  }

  function dismiss(code) {
    if (!state.current || state.current.decision) return;
    if (code === 'other') {
      noteForm.hidden = false;
      note.value = '';
      note.focus();
      return;
    }
    decide({ decision: 'dismiss', reason: code });
  }

  async function undo() {
    const last = state.last;
    if (!last || Date.now() - last.at > UNDO_MS) { say('info', t('scr.undo_nothing')); return; }
    try {
      await del(`/api/v1/screening/${encodeURIComponent(last.id)}`);
      state.last = null;
      state.cache.delete(last.id);
      state.list.splice(Math.min(last.index, state.list.length), 0, last.id);
      if (state.total !== undefined) state.total += 1;
      say('ok', t('scr.undone_plate', { plate: last.plate }));
      await show(Math.min(last.index, state.list.length - 1));
    } catch (err) {
      message.replaceChildren(errorNotice(err));
    }
  }

  const move = (step) => {
    if (state.busy) return;
    const i = state.index + step;
    if (i >= 0 && (i < state.list.length || state.next)) show(i, performance.now()).catch((err) => message.replaceChildren(errorNotice(err)));
  };

  confirmButton.addEventListener('click', () => decide({ decision: 'confirm' }));
  dismissButtons.forEach((b) => b.addEventListener('click', () => dismiss(b.dataset.reason)));
  prevButton.addEventListener('click', () => move(-1));
  nextButton.addEventListener('click', () => move(1));
  undoButton.addEventListener('click', undo);
  noteForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!note.value.trim()) { note.focus(); return; }
    decide({ decision: 'dismiss', reason: 'other', note: note.value.trim() });
  });

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
    if (typing) {
      if (e.key === 'Escape') { noteForm.hidden = true; e.target.blur(); }
      return;
    }
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    let handled = true;
    if (k === 'Enter' || k === 'y') decide({ decision: 'confirm' });
    else if (/^[1-9]$/.test(k) && reasons[Number(k) - 1]) dismiss(reasons[Number(k) - 1].code);
    else if (k === 'j' || k === 'ArrowRight' || k === 'ArrowDown') move(1);
    else if (k === 'k' || k === 'ArrowLeft' || k === 'ArrowUp') move(-1);
    else if (k === 'u') undo();
    else if (k === 'z') state.photos?.zoomPlate?.();
    else handled = false;
    if (handled) e.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  // The claim lasts the server's screening_claim_s (5 minutes by default):
  // renewed while the record stays open, so a long look keeps it.
  const renew = setInterval(() => {
    const d = state.current;
    if (d && !d.decision && !state.busy) post(`/api/v1/screening/${encodeURIComponent(d.id)}/claim`).catch(() => {});
  }, 120_000);

  await loadMore();
  let index = state.list.indexOf(String(firstId));
  if (index < 0) { state.list.unshift(String(firstId)); index = 0; }
  await show(index);

  // Leaving the desk: the keys stop, the claim is released.
  return () => {
    document.removeEventListener('keydown', onKey);
    clearInterval(renew);
    const d = state.current;
    if (d && !d.decision) del(`/api/v1/screening/${encodeURIComponent(d.id)}/claim`).catch(() => {});
  };
}
