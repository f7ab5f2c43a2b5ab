// An error in the user's language. The server answers an error as a code,
// a stable reason and its arguments (docs/api.md, Errors); the words are
// here, in the interface: 'error.<reason>' from the strings of the module
// that raises it ('error.login_failed': ['登录名或密码错误。', ...]), its
// {arguments} filled in, and a {field} named by its 'field.<name>' string.
// A reason without words (a newer server), or words whose arguments did
// not come, say what the code means ('error.<code>'): never the server's
// English message, which is for logs and scripts.
import { t, hasString } from './i18n.js';

// The arguments as the sentence shows them: a field by its label.
function wordArgs(args) {
  const out = {};
  for (const [name, value] of Object.entries(args || {})) {
    out[name] = name === 'field' && hasString(`field.${value}`) ? t(`field.${value}`) : value;
  }
  return out;
}

// The sentence of key when every {argument} it names is in args.
function sentence(key, args) {
  if (!hasString(key)) return null;
  const template = t(key);
  const missing = [...template.matchAll(/\{(\w+)\}/g)].some((m) => !(m[1] in args));
  return missing ? null : t(key, args);
}

// err: an ApiError (api.js) or anything with {code, reason, args}.
export function errorText(err) {
  const code = (err && err.code) || 'unknown';
  const args = wordArgs(err && err.args);
  return (err && err.reason && sentence(`error.${err.reason}`, args))
    || sentence(`error.${code}`, args)
    || t('error.unknown');
}
