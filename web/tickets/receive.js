// #/tickets/new: receive a ticket (POST /api/v1/tickets): how it came
// (channel, source number), what it is (kind, category: GET
// /api/v1/tickets/codes), when (now by default, never later), who called,
// about which vehicle, and the request itself, checked here first. The
// answer proposes the open tickets it may repeat (the same phone, or the
// same plate and category, within 7 days): each with a one-click merge of
// the new ticket into it; without any, the new ticket's page opens.
import { get, post } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h, errorNotice, field, notice } from '../base/dom.js';
import {
  nowLocal, localInstant, phoneOk, plateOk, fieldError, clearErrors, escapeCloses, stateBadge,
} from './common.js';

// The duplicates of a new ticket, each with its merge.
function duplicatesView(ticket, ctx) {
  const message = h('div', { class: 'form-message', 'data-testid': 'dup-message' });
  return h('section', { class: 'card dup-card', 'data-testid': 'receive-duplicates' },
    notice('ok', t('ticket.received_dups', { number: ticket.number }), 'receive-done'),
    h('ul', { class: 'dup-list' }, ticket.duplicates.map((d) => {
      const merge = h('button', { type: 'button', class: 'btn btn-primary btn-small', 'data-testid': `merge-into-${d.id}`, onclick: async () => {
        merge.disabled = true;
        message.replaceChildren();
        try {
          await post(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/events`, { type: 'merge', into: d.id });
          ctx.flash(t('ticket.merged', { number: d.number }));
          ctx.navigate(`#/tickets/${encodeURIComponent(d.id)}`);
        } catch (err) {
          message.append(errorNotice(err));
          merge.disabled = false;
        }
      } }, t('ticket.merge_into_this'));
      return h('li', { class: 'dup', dataset: { id: d.id } },
        h('a', { href: `#/tickets/${encodeURIComponent(d.id)}`, 'data-raw': '' }, d.number), ' ',
        h('span', { class: 'badge badge-warn' }, t(`ticket.same.${d.same === 'plate' ? 'plate' : 'caller'}`)), ' ',
        merge);
    })),
    h('div', { class: 'actions' },
      h('a', { class: 'btn', href: `#/tickets/${encodeURIComponent(ticket.id)}`, 'data-testid': 'go-ticket' }, t('ticket.go_ticket')), ' ',
      stateBadge(ticket.state)),
    message);
}

export async function render(view, ctx) {
  const codes = await get('/api/v1/tickets/codes');
  const options = (list) => [h('option', { value: '' }, t('ticket.f.choose')), ...(list || []).map((c) => h('option', { value: c.code }, c.name))];
  const channel = h('select', { name: 'channel', required: true, 'data-testid': 'receive-channel' }, options(codes.channels));
  const kind = h('select', { name: 'kind', required: true, 'data-testid': 'receive-kind' }, options(codes.kinds));
  const category = h('select', { name: 'category', required: true, 'data-testid': 'receive-category' }, options(codes.categories));
  const initial = nowLocal();
  const receivedAt = h('input', { type: 'datetime-local', name: 'received_at', value: initial, max: initial, required: true, 'data-testid': 'receive-received_at' });
  const sourceNo = h('input', { name: 'source_no', maxlength: 64, autocomplete: 'off', 'data-testid': 'receive-source_no' });
  const callerName = h('input', { name: 'caller_name', maxlength: 100, autocomplete: 'off', 'data-testid': 'receive-caller_name' });
  const phone = h('input', { name: 'phone', type: 'tel', inputmode: 'tel', maxlength: 20, autocomplete: 'off', 'data-testid': 'receive-phone' });
  const plate = h('input', { name: 'plate', maxlength: 10, autocomplete: 'off', class: 'plate-input', 'data-testid': 'receive-plate' });
  const text = h('textarea', { name: 'text', rows: 4, maxlength: 1300, required: true, 'data-testid': 'receive-text' });
  const message = h('div', { class: 'form-message', 'data-testid': 'receive-message' });
  const result = h('div', { 'data-testid': 'receive-result' });

  const check = () => {
    for (const sel of [channel, kind, category]) if (!sel.value) return fieldError(sel, t('ticket.v.required'));
    if (!receivedAt.value) return fieldError(receivedAt, t('ticket.v.required'));
    if (receivedAt.value > nowLocal()) return fieldError(receivedAt, t('ticket.v.future'));
    if (phone.value.trim() && !phoneOk(phone.value)) return fieldError(phone, t('ticket.v.phone'));
    if (plate.value.trim() && !plateOk(plate.value)) return fieldError(plate, t('ticket.v.plate'));
    if (!text.value.trim()) return fieldError(text, t('ticket.v.required'));
    return true;
  };

  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'receive-submit' }, t('ticket.f.receive'));
  const form = h('form', { class: 'card form receive-form', novalidate: true, 'data-testid': 'receive-form', onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    message.replaceChildren();
    if (!check()) return;
    const body = { channel: channel.value, kind: kind.value, category: category.value, text: text.value.trim() };
    // Left as it was: now, as the server counts it.
    if (receivedAt.value !== initial) body.received_at = localInstant(receivedAt.value);
    if (sourceNo.value.trim()) body.source_no = sourceNo.value.trim();
    if (callerName.value.trim() || phone.value.trim()) body.caller = { name: callerName.value.trim(), phone: phone.value.replace(/\s+/g, '') };
    if (plate.value.trim()) body.subject = { plate: plate.value.trim().toUpperCase() };
    submit.disabled = true;
    try {
      const ticket = await post('/api/v1/tickets', body);
      if (ticket.duplicates && ticket.duplicates.length) {
        form.remove();
        result.replaceChildren(duplicatesView(ticket, ctx));
        result.querySelector('button').focus();
      } else {
        ctx.flash(t('ticket.received', { number: ticket.number }));
        ctx.navigate(`#/tickets/${encodeURIComponent(ticket.id)}`);
      }
    } catch (err) {
      message.append(errorNotice(err));
      submit.disabled = false;
    }
  } },
  h('div', { class: 'form-grid' },
    field('receive-channel', t('ticket.channel'), channel),
    field('receive-source_no', t('ticket.source_no'), sourceNo, t('ticket.source_no_hint')),
    field('receive-kind', t('ticket.kind'), kind),
    field('receive-category', t('ticket.category'), category),
    field('receive-received_at', t('ticket.received_at'), receivedAt),
    field('receive-caller_name', t('ticket.caller_name'), callerName),
    field('receive-phone', t('ticket.phone'), phone),
    field('receive-plate', t('ticket.plate'), plate)),
  field('receive-text', t('ticket.text'), text),
  h('div', { class: 'actions' },
    submit,
    h('a', { class: 'btn', href: '#/tickets', 'data-testid': 'receive-cancel' }, t('common.cancel')),
    h('small', { class: 'hint' }, t('ticket.f.keys'))),
  message);
  // Enter submits from a field (not from the request's text, where it is a new line).
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.tagName === 'SELECT') { e.preventDefault(); form.requestSubmit(); }
  });
  escapeCloses(form, () => ctx.navigate('#/tickets'));

  view.append(
    h('div', { class: 'page-head' },
      h('h1', null, t('ticket.new_title')),
      h('a', { class: 'btn', href: '#/tickets', 'data-testid': 'ticket-back' }, t('ticket.back'))),
    h('p', { class: 'hint' }, t('ticket.new_hint')),
    form, result);
  channel.focus();
}
