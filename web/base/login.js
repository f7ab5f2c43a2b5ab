// #/login: POST /api/v1/session {login, password}. A user whose password
// must change goes to #/password first; others to the page they asked for.
import { post } from './api.js';
import { t } from './i18n.js';
import { h, field, errorNotice } from './dom.js';

export function render(view, ctx) {
  const login = h('input', { name: 'login', autocomplete: 'username', required: true, 'data-testid': 'login-login', autocapitalize: 'off', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password' });
  const message = h('div', { class: 'form-message' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'login-submit' }, t('login.submit'));

  const form = h('form', { class: 'card form narrow', id: 'login-form', 'data-testid': 'login-form', onsubmit: async (e) => {
    e.preventDefault();
    message.replaceChildren();
    submit.disabled = true;
    try {
      const data = await post('/api/v1/session', { login: login.value.trim(), password: password.value }, { quiet401: true });
      await ctx.onLogin(data);
      const next = data.user.must_change_password ? '#/password' : ctx.afterLogin() || ctx.home();
      ctx.navigate(next);
    } catch (err) {
      message.replaceChildren(errorNotice(err));
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  } },
  h('h1', null, t('login.title')),
  field('login-login', t('login.login'), login),
  field('login-password', t('login.password'), password),
  message,
  h('div', { class: 'actions' }, submit),
  h('p', { class: 'hint' }, t('login.hint')));

  view.append(h('section', { class: 'login-page' }, form));
  login.focus();
}
