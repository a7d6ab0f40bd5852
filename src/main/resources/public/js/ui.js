// Messages to the user: a toast for outcomes, problem+json details for refusals.
import { ApiError, NetworkError } from './api.js';
import { t } from './i18n.js';

export function toast(message, kind = 'error') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = `toast ${kind}`;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 8000 : 4000);
}

/** Shows an API failure as the user should read it: the problem's field and reason. */
export function failed(e) {
  if (e instanceof ApiError) toast(`${t('error.prefix')} ${e.describe()}`);
  else if (e instanceof NetworkError) toast(t('error.network'));
  else {
    console.error(e);
    toast(t('error.unexpected'));
  }
}
