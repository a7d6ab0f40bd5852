// The chair's notices (docs/notifications.md): a button in the header with the number unread,
// a panel listing them (each a link to its incident), "mark all read", the settings (e-mail,
// lowest severity, language of the e-mails) and the browser's own notifications when allowed.
// The list is asked again whenever the live queue stream reports a change, so a notice shows
// within a second or two of the event; what a notice says is the service's.
import { api } from './api.js';
import { h } from './dom.js';
import { t, when } from './i18n.js';
import { categoryLabel } from './taxonomy.js';
import { failed, toast } from './ui.js';

let button = null;
let live = null;
let panel = null;
let seen = new Set();
let first = true;
let timers = [];
let every = null;

// A change in a queue: ask at once, and again once the service's notifications job (every
// second) has had time to write the notice the change may bring; and every 30 s regardless.
const onChange = () => {
  timers.forEach(clearTimeout);
  timers = [setTimeout(refresh, 300), setTimeout(refresh, 2500)];
};

export function start() {
  if (button) return;
  button = h('button', { id: 'notices', type: 'button', class: 'notices', 'aria-expanded': 'false',
    'aria-controls': 'notices-panel', onclick: toggle }, t('notices.title'));
  panel = h('section', { id: 'notices-panel', class: 'card notices-panel', hidden: true, 'aria-labelledby': 'notices-heading' });
  // Read out by screen readers; not the page's toast, which tells of the user's own actions.
  live = h('span', { id: 'notices-live', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const who = document.getElementById('who');
  who.parentNode.insertBefore(button, who);
  who.parentNode.insertBefore(live, who);
  document.body.insertBefore(panel, document.getElementById('main'));
  window.addEventListener('trucewatch:queue-change', onChange);
  every = setInterval(refresh, 30000);
  refresh();
}

export function stop() {
  window.removeEventListener('trucewatch:queue-change', onChange);
  timers.forEach(clearTimeout);
  clearInterval(every);
  button?.remove();
  live?.remove();
  panel?.remove();
  button = null;
  live = null;
  panel = null;
  seen = new Set();
  first = true;
}

function toggle() {
  const open = panel.hidden;
  panel.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  if (open) render();
}

async function refresh() {
  if (!button) return;
  let unread;
  try {
    unread = await api('/api/v1/notifications?unread=true');
  } catch (e) {
    return; // a dropped link or an ended session: the next change asks again
  }
  button.textContent = unread.length ? t('notices.count', { n: unread.length }) : t('notices.title');
  button.classList.toggle('has-unread', unread.length > 0);
  for (const n of unread) {
    if (!seen.has(n.id) && !first) announce(n);
    seen.add(n.id);
  }
  first = false;
  if (!panel.hidden) render(unread);
}

function text(n) {
  return `${t(`notices.kind.${n.kind}`)}: ${n.reference || n.incidentId} · ${categoryLabel(n.category)} · ${t('notices.severity', { n: n.severity })}`;
}

// A new notice while the page is open: said in the header's live region and, when the user
// allowed it, shown as the browser's own notification.
function announce(n) {
  live.textContent = text(n);
  if ('Notification' in window && Notification.permission === 'granted') {
    const note = new Notification('TruceWatch', { body: text(n), tag: `trucewatch-${n.id}` });
    note.onclick = () => { location.hash = `#/incidents/${n.incidentId}`; };
  }
}

async function render(given) {
  const unread = given || await api('/api/v1/notifications?unread=true').catch(() => []);
  const prefs = await api('/api/v1/notifications/preferences').catch(() => null);
  const list = unread.length
    ? h('ul', { id: 'notices-list' }, unread.map((n) => h('li', { dataset: { kind: n.kind, incident: n.incidentId } },
      h('a', { href: `#/incidents/${n.incidentId}` }, text(n)), ' ', h('small', {}, when(n.createdAt)))))
    : h('p', { id: 'notices-none' }, t('notices.none'));
  const markRead = h('button', { id: 'notices-read', type: 'button', class: 'secondary', disabled: !unread.length,
    onclick: async () => {
      try {
        await api('/api/v1/notifications/read', { method: 'POST', body: {} });
        await refresh();
        render([]);
      } catch (e) { failed(e); }
    } }, t('notices.markRead'));
  const parts = [h('h2', { id: 'notices-heading' }, t('notices.title')), list, markRead];
  if ('Notification' in window && Notification.permission === 'default') {
    parts.push(h('button', { id: 'notices-browser', type: 'button', class: 'secondary',
      onclick: () => Notification.requestPermission().then(() => render()) }, t('notices.allowBrowser')));
  }
  if (prefs) parts.push(settings(prefs));
  panel.replaceChildren(...parts);
}

function settings(prefs) {
  const form = h('form', { id: 'notices-settings', class: 'stack' },
    h('h3', {}, t('notices.settings')),
    h('label', { for: 'notices-email' }, t('notices.email')),
    h('input', { id: 'notices-email', name: 'email', type: 'email', autocomplete: 'email', value: prefs.email || '',
      disabled: !prefs.emailAvailable }),
    prefs.emailAvailable ? null : h('p', { class: 'hint' }, t('notices.noEmail')),
    h('label', { for: 'notices-severity' }, t('notices.minSeverity')),
    h('select', { id: 'notices-severity', name: 'minSeverity' }, [1, 2, 3, 4, 5].map((s) =>
      h('option', { value: String(s), selected: s === prefs.minSeverity }, String(s)))),
    h('label', { for: 'notices-language' }, t('notices.language')),
    h('select', { id: 'notices-language', name: 'language' }, [['en', 'English'], ['fr', 'Français'], ['es', 'Español'],
      ['ar', 'العربية']].map(([code, name]) => h('option', { value: code, selected: code === prefs.language }, name))),
    h('label', { for: 'notices-digest', class: 'check' },
      h('input', { id: 'notices-digest', name: 'digest', type: 'checkbox', checked: Boolean(prefs.digest),
        disabled: !prefs.emailAvailable }), ' ', t('notices.digest')),
    h('button', { type: 'submit' }, t('notices.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('/api/v1/notifications/preferences', { method: 'PUT', body: { email: form.email.value.trim() || null,
        minSeverity: Number(form.minSeverity.value), language: form.language.value, digest: form.digest.checked } });
      toast(t('notices.saved'), 'ok');
    } catch (e) { failed(e); }
  });
  return form;
}
