// The app shell: sign-in, the hash router, the live queue stream and the service worker.
import { login, logout, me, roles, session, ApiError, NetworkError } from './api.js';
import { h, clear } from './dom.js';
import { initialLanguage, setLanguage, t, translate } from './i18n.js';
import { subscribe } from './sse.js';
import { start as startNotices, stop as stopNotices } from './notices.js';
import { flushOutbox, openOutbox, outboxOpen, pending } from './outbox.js';
import { lock } from './vault.js';
import { loadTaxonomy } from './taxonomy.js';

const main = document.getElementById('main');
const views = {
  map: () => import('./map.js'),
  queues: () => import('./queues.js'),
  incidents: () => import('./incident.js'),
  agenda: () => import('./agenda.js'),
  report: () => import('./report.js'),
  admin: () => import('./admin.js'),
  statistics: () => import('./statistics.js'),
};
let leaveView = null;
let stopStream = null;
let live = 'off';

let routing = 0;

async function route() {
  const mine = ++routing;
  if (leaveView) { leaveView(); leaveView = null; }
  const [name = '', ...args] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  // Offline, a monitor whose token is kept still gets the report form: the outbox sends later.
  if (!session.token || !session.user) return showLogin();
  // A monitor's outbox key lives only in the page's memory: after a reload, sign in again (also offline).
  if (roles().has('monitor') && !outboxOpen()) return showLogin(t('login.unlock'));
  showChrome();
  if (!views[name]) { location.replace(`#/${home()}`); return; }
  document.querySelectorAll('#nav a').forEach((a) => a.toggleAttribute('aria-current', a.getAttribute('href') === `#/${name}`));
  // Each view renders into a container of its own: a slower view that finishes after the
  // user has moved on renders into a detached node and is torn down at once.
  const container = h('div', { class: 'view', dataset: { view: name } });
  main.replaceChildren(container);
  const module = await views[name]();
  const leave = mine === routing ? await module.show(container, args) : null;
  if (mine !== routing) { if (typeof leave === 'function') leave(); return; }
  leaveView = leave || null;
  restoreDrafts();
  main.focus({ preventScroll: true });
}

// What the user was typing when the session ended (a finding, an escalation reason, a
// comment) is kept for this tab only (sessionStorage) and put back when the same user signs
// in again and the same page is drawn. Passwords and files are never kept.
const DRAFTS = 'trucewatch.drafts';

function keepDrafts() {
  const fields = [...main.querySelectorAll('input[id], textarea[id], select[id]')]
    .filter((el) => el.value && !['password', 'file', 'checkbox', 'radio', 'hidden'].includes(el.type))
    .map((el) => [el.id, el.value]);
  if (fields.length) {
    sessionStorage.setItem(DRAFTS, JSON.stringify({ hash: location.hash, user: session.user?.username, fields }));
  }
}

function restoreDrafts() {
  const drafts = JSON.parse(sessionStorage.getItem(DRAFTS) || 'null');
  if (!drafts || drafts.hash !== location.hash) return;
  sessionStorage.removeItem(DRAFTS);
  if (drafts.user !== session.user?.username) return; // another user's words are not theirs to see
  for (const [id, value] of drafts.fields) {
    const el = document.getElementById(id);
    if (el && !el.value && el.tagName !== 'SELECT') el.value = value;
    else if (el && el.tagName === 'SELECT' && [...el.options].some((o) => o.value === value)) el.value = value;
  }
}

function home() {
  const r = roles();
  if (r.has('chair') || r.has('party_delegate')) return 'queues';
  if (r.has('monitor')) return 'report';
  if (r.has('admin')) return 'admin';
  return 'map';
}

function showChrome() {
  const r = roles();
  const nav = document.getElementById('nav');
  nav.hidden = false;
  const reviewer = r.has('chair') || r.has('party_delegate') || r.has('gis_analyst') || r.has('admin');
  nav.querySelector('[href="#/queues"]').hidden = !(r.has('chair') || r.has('party_delegate') || r.has('gis_analyst'));
  nav.querySelector('[href="#/agenda"]').hidden = !(r.has('chair') || r.has('party_delegate') || r.has('gis_analyst'));
  nav.querySelector('[href="#/map"]').hidden = !reviewer && !r.has('monitor');
  nav.querySelector('[href="#/statistics"]').hidden = !(r.has('chair') || r.has('party_delegate') || r.has('gis_analyst'));
  nav.querySelector('[href="#/report"]').hidden = !r.has('monitor');
  nav.querySelector('[href="#/admin"]').hidden = !r.has('admin');
  document.getElementById('who').textContent = session.user.username;
  document.getElementById('logout').hidden = false;
  if (!stopStream && (r.has('chair') || r.has('party_delegate') || r.has('gis_analyst'))) startStream();
  // The chair's notices (notifications.md): told of what needs them in the queues they chair.
  if (r.has('chair')) startNotices();
}

function startStream() {
  stopStream = subscribe('/api/v1/queues/events', () => session.token, (e) => {
    if (e.type === 'change') {
      window.dispatchEvent(new CustomEvent('trucewatch:queue-change', { detail: JSON.parse(e.data) }));
    } else if (e.type === 'reset') {
      // Away longer than the server keeps changes: every view reads its data again.
      window.dispatchEvent(new CustomEvent('trucewatch:queue-change', { detail: { reset: true } }));
    }
  }, (state) => { live = state; status(); });
}

function showLogin(notice = '') {
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  clear(main);
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' }, notice);
  const busy = h('p', { id: 'login-status', class: 'muted', role: 'status' });
  const form = h('form', { class: 'card login', id: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', 'data-i18n': 'login.title' }),
    h('label', { for: 'username', 'data-i18n': 'login.username' }),
    h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true }),
    h('label', { for: 'password', 'data-i18n': 'login.password' }),
    h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    error,
    busy,
    h('button', { type: 'submit', 'data-i18n': 'login.submit' }));
  const submit = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return; // a second Enter while the key is being derived
    error.textContent = '';
    // Deriving the outbox key (vault.js) takes a second or more on a slow phone: the form
    // says so and takes no second attempt meanwhile.
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    const wait = setTimeout(() => { busy.textContent = t('login.opening'); }, 300);
    try {
      await signIn(form.username.value, form.password.value);
      clearTimeout(wait);
      loadTaxonomy();
      flushOutbox().finally(status);
      route();
    } catch (e) {
      clearTimeout(wait);
      busy.textContent = '';
      submit.disabled = false;
      form.removeAttribute('aria-busy');
      error.textContent = e instanceof ApiError && e.status === 401 ? t('login.failed')
        : e instanceof ApiError ? e.describe() : e instanceof NetworkError ? t('login.offlineFailed') : t('error.network');
      if (!(e instanceof ApiError || e instanceof NetworkError)) console.error('sign-in failed', e);
    }
  });
  main.append(form);
  translate(form);
  form.username.focus();
}

/**
 * Signs in with the service; offline, the monitor last signed in on this device signs in
 * locally, the password checked by opening their outbox key. Either way a monitor's outbox
 * is opened with the password (vault.js). Rejects with ApiError(401) on a wrong password.
 */
async function signIn(username, password) {
  try {
    await login(username, password);
  } catch (e) {
    const kept = JSON.parse(localStorage.getItem('trucewatch.user') || 'null');
    if (!(e instanceof NetworkError) || !session.token || kept?.username !== username) throw e;
    if (!(await openOutbox(username, password))) throw new ApiError(401, {});
    session.user = kept;
    return;
  }
  localStorage.setItem('trucewatch.user', JSON.stringify(session.user));
  // The service has just checked the password: a key made here with an earlier one is replaced.
  if (roles().has('monitor')) await openOutbox(username, password, { replace: true });
}

async function status() {
  const el = document.getElementById('conn');
  const waiting = await pending().catch(() => 0);
  const parts = [navigator.onLine ? t('conn.online') : t('conn.offline')];
  if (live === 'live') parts.push(t('conn.live'));
  else if (live === 'reconnecting') parts.push(t('conn.reconnecting'));
  if (waiting > 0) parts.push(t('conn.waiting', { n: waiting }));
  el.textContent = parts.join(' · ');
  el.dataset.online = String(navigator.onLine);
  el.dataset.waiting = String(waiting);
}

async function start() {
  await setLanguage(initialLanguage());
  const select = document.getElementById('lang');
  select.value = document.documentElement.lang;
  select.addEventListener('change', async () => { await setLanguage(select.value); status(); route(); });
  document.getElementById('logout').addEventListener('click', () => {
    logout();
    lock();
    localStorage.removeItem('trucewatch.user');
    if (stopStream) { stopStream(); stopStream = null; }
    stopNotices();
    location.hash = '#/login';
    route();
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => { status(); flushOutbox().finally(status); });
  window.addEventListener('offline', status);
  window.addEventListener('trucewatch:outbox', status);
  // The token expired or was revoked: sign in again and come back to the same page.
  // Reports waiting on the device stay there.
  window.addEventListener('trucewatch:signed-out', () => {
    if (stopStream) { stopStream(); stopStream = null; }
    stopNotices();
    if (session.token) {
      keepDrafts();
      logout();
      if (leaveView) { leaveView(); leaveView = null; }
      showLogin(t('login.expired'));
    }
  });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => { /* the app works online without it */ });
  }
  if (session.token) {
    try {
      await me();
      localStorage.setItem('trucewatch.user', JSON.stringify(session.user));
    } catch (e) {
      if (e instanceof ApiError) logout();
      else session.user = JSON.parse(localStorage.getItem('trucewatch.user') || 'null'); // offline: keep working
    }
  }
  if (session.user) await loadTaxonomy();
  // Reports kept on the device go out whenever the app starts online, and every 30 s.
  flushOutbox().finally(status);
  setInterval(() => { if (navigator.onLine) flushOutbox().finally(status); }, 30000);
  status();
  route();
}

start();
