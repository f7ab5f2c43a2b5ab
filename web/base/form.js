// What the modules' forms share: a phone number's form checked in the
// browser before the server checks it, a field marked in error, and Esc
// closing a form.
import { h } from './dom.js';

// A mobile (11 digits from 1) or a landline with its area code.
export function phoneOk(phone) {
  const s = String(phone || '').replace(/\s+/g, '');
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}-?\d{7,8}$/.test(s);
}

// A form's field in error: marked, its message beside it, focused.
export function fieldError(input, message) {
  input.setAttribute('aria-invalid', 'true');
  const box = input.closest('.field');
  let small = box && box.querySelector('.field-error');
  if (box && !small) { small = h('small', { class: 'field-error', role: 'alert', 'data-testid': 'field-error' }); box.append(small); }
  if (small) small.textContent = message;
  // Mended as soon as it is edited.
  const mend = () => { input.removeAttribute('aria-invalid'); if (small) small.remove(); };
  input.addEventListener('input', mend, { once: true });
  input.addEventListener('change', mend, { once: true });
  input.focus();
  return false;
}

export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach((el) => el.remove());
}

// Esc closes a form (its cancel), wherever the focus is inside it.
export function escapeCloses(form, close) {
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); close(); }
  });
}
