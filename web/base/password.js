// #/password: POST /api/v1/session/password {old, new}. Forced after the
// first login (must_change_password); reachable from the nav otherwise.
import { post } from './api.js';
import { t } from './i18n.js';
import { h, field, errorNotice, notice } from './dom.js';
import { session } from './session.js';

const MIN_LENGTH = 10; // the server's rule; checked here only to answer sooner

export function render(view, ctx) {
  const forced = session.user && session.user.must_change_password;
  const oldPw = h('input', { type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'password-old' });
  const newPw = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_LENGTH, 'data-testid': 'password-new' });
  const repeat = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_LENGTH, 'data-testid': 'password-repeat' });
  const message = h('div', { class: 'form-message' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'password-submit' }, t('password.submit'));

  const form = h('form', { class: 'card form narrow', 'data-testid': 'password-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    message.replaceChildren();
    if (newPw.value.length < MIN_LENGTH) { message.append(notice('error', t('password.too_short'))); return; }
    if (newPw.value !== repeat.value) { message.append(notice('error', t('password.mismatch'))); return; }
    submit.disabled = true;
    try {
      await post('/api/v1/session/password', { old: oldPw.value, new: newPw.value });
      session.user.must_change_password = false;
      // What a user may call can change with it (the first-login limit ends).
      await ctx.reloadAccess();
      ctx.flash(t('password.done'));
      ctx.navigate(forced ? ctx.home() : '#/password');
    } catch (err) {
      message.append(errorNotice(err));
    } finally {
      submit.disabled = false;
    }
  } },
  h('h1', null, t('password.title')),
  forced ? notice('info', t('password.must_change'), 'must-change') : null,
  field('password-old', t('password.old'), oldPw),
  field('password-new', t('password.new'), newPw, t('password.rule')),
  field('password-repeat', t('password.repeat'), repeat),
  message,
  h('div', { class: 'actions' }, submit));

  view.append(form);
  oldPw.focus();
}
