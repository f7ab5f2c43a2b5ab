// Opening a case (立案, POST /api/v1/cases): from a detection confirmed by
// screening and admissible (the detection's page opens openForm() with
// its id), or on the spot at #/cases/new (the act itself: violation, time,
// place, facts, vehicle, fine, procedure). Both take two officers by their
// badges, the party and the opening day. The browser checks what it can
// (a resident ID's GB 11643 check digit, a credit code's GB 32100 one, a
// phone number, an amount); the server's refusals are shown in words.
// Another module may open the on-spot form filled in from its own record
// and send the body its own way (a complaint ticket: web/tickets/ticket.js).
import { post } from '../base/api.js';
import { t } from '../base/i18n.js';
import { h, field, errorNotice } from '../base/dom.js';
import {
  VIOLATIONS, violationText, today, localInstant, toFen, residentIdOk, creditCodeOk, phoneOk,
  dayInput, checkDay, fieldError, clearErrors, escapeCloses, footageInput, footageOf,
} from './common.js';

const input = (name, props = {}) => h('input', { name, autocomplete: 'off', 'data-testid': `open-${name}`, ...props });

// The officers' and the party's fields, with their check and their body.
function partyAndOfficers() {
  const badge1 = input('badge1', { required: true, maxlength: 32, placeholder: t('case.badge_hint') });
  const badge2 = input('badge2', { required: true, maxlength: 32, placeholder: t('case.badge_hint') });
  const kind = h('select', { name: 'party_kind', 'data-testid': 'open-party-kind' },
    ['person', 'organisation'].map((k) => h('option', { value: k }, t(`case.party_kind.${k}`))));
  const name = input('party_name', { required: true, maxlength: 200 });
  const idNumber = input('id_number', { required: true, maxlength: 18, class: 'id-input' });
  const phone = input('phone', { type: 'tel', inputmode: 'tel', maxlength: 20 });
  const address = input('address', { maxlength: 200 });
  const idLabel = h('label', { for: 'open-id_number' }, t('case.id_number'));
  const nameLabel = h('label', { for: 'open-party_name' }, t('case.party_name.person'));
  kind.addEventListener('change', () => {
    idLabel.textContent = t(kind.value === 'person' ? 'case.id_number' : 'case.credit_code');
    nameLabel.textContent = t(`case.party_name.${kind.value}`);
  });
  idNumber.id = 'open-id_number';
  name.id = 'open-party_name';

  const fields = [
    h('fieldset', { class: 'open-group' }, h('legend', null, t('case.officers')),
      h('div', { class: 'form-grid' },
        field('open-badge1', t('case.officer_n', { n: 1 }), badge1),
        field('open-badge2', t('case.officer_n', { n: 2 }), badge2))),
    h('fieldset', { class: 'open-group' }, h('legend', null, t('case.party')),
      h('div', { class: 'form-grid' },
        field('open-party-kind', t('case.party_kind_label'), kind),
        h('div', { class: 'field' }, nameLabel, name),
        h('div', { class: 'field' }, idLabel, idNumber, h('small', { class: 'hint' }, t('case.id_hint'))),
        field('open-phone', t('case.phone'), phone, t('case.phone_hint')),
        field('open-address', t('case.address'), address))),
  ];

  const check = () => {
    const b1 = badge1.value.trim();
    const b2 = badge2.value.trim();
    if (!b1) return fieldError(badge1, t('case.v.badges'));
    if (!b2) return fieldError(badge2, t('case.v.badges'));
    if (b1 === b2) return fieldError(badge2, t('case.v.badge_same'));
    if (!name.value.trim()) return fieldError(name, t('case.v.required'));
    const id = idNumber.value.trim().toUpperCase();
    if (kind.value === 'person' && !residentIdOk(id)) return fieldError(idNumber, t('case.v.id_number'));
    if (kind.value === 'organisation' && !creditCodeOk(id)) return fieldError(idNumber, t('case.v.credit_code'));
    if (phone.value.trim() && !phoneOk(phone.value)) return fieldError(phone, t('case.v.phone'));
    return true;
  };
  const body = () => {
    const party = { kind: kind.value, name: name.value.trim(), id_number: idNumber.value.trim().toUpperCase() };
    if (phone.value.trim()) party.phone = phone.value.replace(/\s+/g, '');
    if (address.value.trim()) party.address = address.value.trim();
    return { officers: [badge1.value.trim(), badge2.value.trim()], party };
  };
  return { fields, check, body, first: badge1 };
}

// The vehicle's permit and the people behind it (一超四罚: the driver,
// the carrier, the loading source), all optional: what the repeat-offender
// tally and the 抄告 read. Their body: the vehicle's extra members, or null.
function vehicleParties() {
  const permit = input('permit', { maxlength: 40 });
  const driver = input('driver_name', { maxlength: 60 });
  const licence = input('driver_licence', { maxlength: 32 });
  const carrier = input('carrier_name', { maxlength: 200 });
  const carrierCode = input('carrier_code', { maxlength: 18, class: 'id-input' });
  const fleet = input('carrier_fleet', { type: 'number', min: 1, max: 100000, inputmode: 'numeric' });
  const source = input('source_name', { maxlength: 200 });
  const fields = h('fieldset', { class: 'open-group' }, h('legend', null, t('case.vehicle_group')),
    h('div', { class: 'form-grid' },
      field('open-permit', t('case.permit'), permit),
      field('open-driver_name', t('case.driver'), driver),
      field('open-driver_licence', t('case.driver_licence'), licence),
      field('open-carrier_name', t('case.carrier'), carrier),
      field('open-carrier_code', t('case.credit_code'), carrierCode),
      field('open-carrier_fleet', t('case.fleet'), fleet, t('case.fleet_hint')),
      field('open-source_name', t('case.source'), source)));
  const check = () => {
    const code = carrierCode.value.trim().toUpperCase();
    if (code && !creditCodeOk(code)) return fieldError(carrierCode, t('case.v.credit_code'));
    if (fleet.value && !(Number.isInteger(Number(fleet.value)) && Number(fleet.value) >= 1)) return fieldError(fleet, t('case.v.fleet'));
    return true;
  };
  const body = () => {
    const v = {};
    if (permit.value.trim()) v.permit = permit.value.trim();
    if (driver.value.trim() || licence.value.trim()) v.driver = { name: driver.value.trim(), licence: licence.value.trim().toUpperCase() };
    if (carrier.value.trim() || carrierCode.value.trim()) {
      v.carrier = { name: carrier.value.trim(), credit_code: carrierCode.value.trim().toUpperCase() };
      if (fleet.value) v.carrier.fleet = Number(fleet.value);
    }
    if (source.value.trim()) v.source = { name: source.value.trim() };
    return Object.keys(v).length ? v : null;
  };
  return { fields, check, body };
}

// The act's own fields, for a case opened on the spot; prefill: the
// values to start from ({violation, occurred_at (a datetime-local value),
// place, facts, plate}), each optional.
function actFields(prefill) {
  const violation = h('select', { name: 'violation', required: true, 'data-testid': 'open-violation' },
    h('option', { value: '' }, t('case.choose')),
    VIOLATIONS.map((v) => h('option', { value: v }, violationText(v))));
  const occurred = input('occurred_at', { type: 'datetime-local', required: true, max: `${today()}T23:59` });
  const place = input('place', { required: true, maxlength: 200 });
  const facts = h('textarea', { name: 'facts', rows: 3, required: true, maxlength: 2000, 'data-testid': 'open-facts' });
  const plate = input('plate', { maxlength: 16, placeholder: t('case.plate_hint') });
  const fine = input('fine_yuan', { inputmode: 'decimal', required: true });
  const footage = footageInput('open-footage');
  const procedure = h('select', { name: 'procedure', 'data-testid': 'open-procedure' },
    ['standard', 'summary'].map((p) => h('option', { value: p }, t(`case.procedure.${p}`))));
  const fields = h('fieldset', { class: 'open-group' }, h('legend', null, t('case.act')),
    h('div', { class: 'form-grid' },
      field('open-violation', t('case.violation'), violation),
      field('open-occurred_at', t('case.occurred_at'), occurred),
      field('open-place', t('case.place'), place),
      field('open-plate', t('case.plate'), plate),
      field('open-fine_yuan', t('case.f.fine_yuan'), fine),
      field('open-procedure', t('case.procedure_label'), procedure, t('case.procedure_hint')),
      field('open-footage', t('case.f.footage'), footage, t('case.f.footage_hint'))),
    field('open-facts', t('case.facts'), facts));
  if (prefill) {
    if (VIOLATIONS.includes(prefill.violation)) violation.value = prefill.violation;
    if (prefill.occurred_at) occurred.value = prefill.occurred_at;
    if (prefill.place) place.value = prefill.place;
    if (prefill.facts) facts.value = prefill.facts;
    if (prefill.plate) plate.value = prefill.plate;
  }
  const check = () => {
    if (!violation.value) return fieldError(violation, t('case.v.required'));
    if (!occurred.value) return fieldError(occurred, t('case.v.required'));
    if (occurred.value.slice(0, 10) > today()) return fieldError(occurred, t('case.v.future'));
    if (!place.value.trim()) return fieldError(place, t('case.v.required'));
    if (toFen(fine.value) === null) return fieldError(fine, t('case.v.amount'));
    if (!facts.value.trim()) return fieldError(facts, t('case.v.required'));
    if (footageOf(footage) === null) return fieldError(footage, t('error.footage_invalid', { max: 8 }));
    return true;
  };
  const body = () => {
    const b = { violation: violation.value, occurred_at: localInstant(occurred.value), place: place.value.trim(), facts: facts.value.trim(),
      fine_yuan: fine.value.trim(), procedure: procedure.value };
    if (plate.value.trim()) b.vehicle = { plate: plate.value.trim().toUpperCase() };
    if (footageOf(footage)) b.footage = footageOf(footage);
    return b;
  };
  return { fields, check, body, first: violation, occurred };
}

// The form: from a detection ({detection: ID}) or on the spot (no
// detection). ctx: the page's, to go to the new case; onCancel: closes it
// (none on the page of its own). On the spot, prefill starts the act's
// fields from the caller's values (actFields), and submit(body), when
// given, sends the body the form builds in place of POST /api/v1/cases
// and goes on from there itself; what it throws (an ApiError) is shown in
// the form.
export function openForm(ctx, { detection = null, onCancel = null, prefill = null, submit: send = null } = {}) {
  const people = partyAndOfficers();
  const act = detection ? null : actFields(prefill);
  const vehicle = vehicleParties();
  const on = dayInput('open-on');
  const message = h('div', { class: 'form-message', 'data-testid': 'open-message' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'open-submit' }, t('case.open_submit'));
  const form = h('form', { class: 'card open-form form', novalidate: true, 'data-testid': 'open-form', onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    message.replaceChildren();
    if (act && !act.check()) return;
    if (!people.check() || !vehicle.check() || !checkDay(on)) return;
    if (act && act.occurred.value && on.value < act.occurred.value.slice(0, 10)) return fieldError(on, t('error.opened_before_act'));
    const body = { ...(act ? act.body() : { detection }), ...people.body(), on: on.value };
    // The plate of a detection's case is the detection's: the rest joins it.
    if (vehicle.body()) body.vehicle = { ...(body.vehicle || {}), ...vehicle.body() };
    submit.disabled = true;
    try {
      if (send) {
        await send(body);
      } else {
        const c = await post('/api/v1/cases', body);
        ctx.flash(t('case.opened', { number: c.number }));
        ctx.navigate(`#/cases/${encodeURIComponent(c.id)}`);
      }
    } catch (err) {
      message.append(errorNotice(err));
      submit.disabled = false;
    }
  } },
  detection ? h('h2', null, t('case.open_title'), ' ', h('span', { class: 'muted', 'data-raw': '' }, String(detection))) : null,
  act ? act.fields : null,
  people.fields,
  vehicle.fields,
  h('div', { class: 'form-grid open-on' }, field('open-on', t('case.open_on'), on, t('case.f.on_hint'))),
  h('div', { class: 'actions' },
    submit,
    onCancel ? h('button', { type: 'button', class: 'btn', 'data-testid': 'open-cancel', onclick: onCancel }, t('common.cancel')) : null,
    h('small', { class: 'hint' }, t(onCancel ? 'case.f.keys' : 'case.f.keys_enter'))),
  message);
  if (onCancel) escapeCloses(form, onCancel);
  // Filled in from elsewhere, the officers come first (their badges).
  form.first = act && !(prefill && act.first.value) ? act.first : people.first;
  return form;
}

// The 立案 button of a detection's page (web/overlimit/detail.js): opens
// the form for detection in panel; Esc or cancel closes it.
export function openCaseButton(ctx, detection, panel) {
  const button = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'open-case', onclick: () => {
    const close = () => { panel.replaceChildren(); button.focus(); };
    const form = openForm(ctx, { detection, onCancel: close });
    panel.replaceChildren(form);
    form.scrollIntoView({ block: 'nearest' });
    form.first.focus();
  } }, t('case.open'));
  return button;
}

// #/cases/new: a case opened on the spot.
export async function render(view, ctx) {
  const form = openForm(ctx);
  view.append(
    h('div', { class: 'page-head' },
      h('h1', null, t('case.new_title')),
      h('a', { class: 'btn', href: '#/cases', 'data-testid': 'case-back' }, t('case.back'))),
    h('p', { class: 'hint' }, t('case.new_hint')),
    form);
  form.first.focus();
}
