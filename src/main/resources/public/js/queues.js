// The user's queues with open and overdue counts, and the items of one queue, filtered,
// searched and sorted by the server a page at a time (a queue may hold thousands); both
// refresh when the live stream says an incident changed.
import { api } from './api.js';
import { h } from './dom.js';
import { label, metres, t, when } from './i18n.js';
import { queueParts } from './mechanisms.js';
import { categoryLabel, loadTaxonomy } from './taxonomy.js';
import { failed, toast } from './ui.js';
import { loadVocabulary, statuses, statusLabel } from './vocabulary.js';

const SORTS = ['severity', 'deadline', 'observed'];
// The columns of a queue, by label key; the wide ones give way on a phone.
const COLUMNS = [['incident.reference'], ['incident.category'], ['incident.place'], ['incident.zones', true],
  ['incident.status'], ['incident.severity'], ['incident.observedAt', true], ['incident.deadline'], ['incident.claimedBy', true]];
const PAGE = 100;

export async function show(root, [selected]) {
  await Promise.all([loadTaxonomy(), loadVocabulary()]);
  const queueList = h('ul', { id: 'queue-list', class: 'queue-list' });
  const items = h('div', { id: 'queue-items' });
  const statusFilter = h('select', { id: 'filter-status' }, h('option', { value: '' }, t('queues.allStatuses')));
  const textFilter = h('input', { id: 'filter-text', type: 'search', dir: 'auto', placeholder: t('queues.filterPlaceholder') });
  const sort = h('select', { id: 'sort' }, SORTS.map((k) => h('option', { value: k }, t(`queues.sort.${k}`))));
  statusFilter.append(...statuses().filter((s) => s.open).map((s) => h('option', { value: s.code }, statusLabel(s.code))));
  // Saved filters (the server keeps them per user: GET/POST/DELETE /api/v1/me/filters).
  const savedPick = h('select', { id: 'saved-filter' });
  const savedName = h('input', { id: 'saved-name', dir: 'auto', maxlength: 100, autocomplete: 'off' });
  const savedStatus = h('span', { id: 'saved-status', role: 'status', class: 'muted' });
  const savedBar = h('form', { class: 'filters saved', id: 'saved-filters' },
    h('label', { for: 'saved-filter' }, t('queues.savedFilters')), savedPick,
    h('button', { type: 'button', id: 'saved-delete', class: 'secondary' }, t('queues.savedDelete')),
    h('label', { for: 'saved-name' }, t('queues.savedName')), savedName,
    h('button', { type: 'submit', id: 'saved-save' }, t('queues.savedSave')), savedStatus);
  root.append(h('section', { class: 'queues-view' },
    h('h1', {}, t('queues.title')),
    h('div', { class: 'split' },
      h('nav', { class: 'queues', 'aria-label': t('queues.title') }, queueList),
      h('div', { class: 'items' },
        h('div', { class: 'filters' },
          h('label', { for: 'filter-status' }, t('queues.status')), statusFilter,
          h('label', { for: 'filter-text' }, t('queues.filter')), textFilter,
          h('label', { for: 'sort' }, t('queues.sort')), sort),
        savedBar,
        items))));

  let queues = [];
  let current = [];
  let next = null; // the next page's URL (the Link header), while more follow
  const picked = new Set(); // incidents chosen for a bulk action, kept across reloads
  const bulkStatus = h('p', { id: 'bulk-status', role: 'status', class: 'muted' });
  let staff = [];
  let asked = 0; // a newer request makes an older answer stale

  async function loadQueues() {
    queues = await api('/api/v1/queues');
    if (!selected) {
      const first = queues.find((q) => q.open > 0) || queues[0];
      selected = first?.id;
    }
    // Grouped by mechanism: a Colombian chair follows ten queues of one mechanism.
    const named = await Promise.all(queues.map(async (q) => ({ q, ...(await queueParts(q.id)) })));
    const groups = new Map();
    named.forEach((n) => groups.set(n.mechanism, [...(groups.get(n.mechanism) || []), n]));
    queueList.replaceChildren(...[...groups].map(([mechanism, list]) => h('li', { class: 'mechanism' },
      h('h2', {}, mechanism),
      h('ul', {}, list.map(({ q, place }) => h('li', {},
        h('a', { href: `#/queues/${encodeURIComponent(q.id)}`, 'aria-current': q.id === selected ? 'page' : null,
          dataset: { queue: q.id, open: q.open, overdue: q.overdue } },
        h('span', { class: 'name' }, place || mechanism),
        h('span', { class: 'count' }, t('queues.openCount', { n: q.open })),
        q.overdue > 0 ? h('span', { class: 'badge overdue' }, t('queues.overdueCount', { n: q.overdue })) : null)))))));
    if (!queues.length) queueList.append(h('li', { class: 'muted' }, t('queues.none')));
  }

  function itemsPath() {
    const params = new URLSearchParams({ limit: String(Math.min(1000, Math.max(PAGE, current.length))), sort: sort.value });
    if (statusFilter.value) params.set('status', statusFilter.value);
    if (textFilter.value.trim()) params.set('q', textFilter.value.trim());
    return `/api/v1/queues/${encodeURIComponent(selected)}/items?${params}`;
  }

  /** The first pages again (as many items as are shown), e.g. after a change or a new filter. */
  async function loadItems() {
    if (!selected) { items.replaceChildren(); return; }
    const mine = ++asked;
    const res = await api(itemsPath(), { raw: true });
    const page = await res.json();
    if (mine !== asked) return;
    current = page;
    next = nextLink(res);
    if (!staff.length) await loadStaff();
    render();
  }

  async function loadMore() {
    if (!next) return;
    const mine = asked;
    const res = await api(next, { raw: true });
    const page = await res.json();
    if (mine !== asked) return;
    current = current.concat(page);
    next = nextLink(res);
    render();
    items.querySelector(`tr[data-incident="${page[0]?.id}"] a`)?.focus();
  }

  function render() {
    if (!current.length) {
      items.replaceChildren(h('p', { class: 'muted', id: 'queue-empty' }, t('queues.empty')));
      return;
    }
    for (const id of [...picked]) if (!current.some((i) => i.id === id && mayBulk(i))) picked.delete(id);
    items.replaceChildren(bulkBar(), h('table', { class: 'items-table' },
      h('caption', { class: 'visually-hidden' }, t('queues.items')),
      h('thead', {}, h('tr', {}, COLUMNS.map(([k, wide]) => h('th', { scope: 'col', class: wide ? 'wide' : null }, t(k))))),
      h('tbody', {}, current.map((i) => h('tr', { dataset: { incident: i.id, status: i.status } },
        h('td', { class: 'reference' }, mayBulk(i) ? h('input', {
          type: 'checkbox', class: 'pick', id: `pick-${i.id}`, checked: picked.has(i.id),
          'aria-label': t('queues.pick', { incident: i.reference || categoryLabel(i.category) }),
          onchange: (ev) => { if (ev.target.checked) picked.add(i.id); else picked.delete(i.id); bar(); },
        }) : null, ' ', i.reference || ''),
        h('td', {}, h('a', { href: `#/incidents/${i.id}` }, categoryLabel(i.category)),
          i.snippet ? h('span', { class: 'snippet', dir: 'auto' }, i.snippet) : null),
        h('td', { class: 'place' }, place(i.place)),
        h('td', { class: 'wide' }, (i.zones || []).join(', ')),
        h('td', {}, h('span', { class: `badge status-${i.status}` }, statusLabel(i.status))),
        h('td', {}, String(i.severity)),
        h('td', { class: 'wide' }, when(i.observedAt)),
        h('td', {}, i.deadline ? when(i.deadline) : '', i.overdue ? h('span', { class: 'badge overdue' }, t('queues.overdue')) : null),
        h('td', { class: 'wide' }, i.claimedBy || ''))))),
    next ? h('button', { type: 'button', id: 'queue-more', onclick: () => loadMore().catch(failed) }, t('queues.more')) : null);
  }

  /** What the reader may do to an item in bulk: what the server offers for it alone. */
  function mayBulk(i) {
    return (i.actions || []).some((a) => a === 'transition' || a === 'assign' || a === 'claim');
  }

  function bulkBar() {
    if (!current.some(mayBulk)) return bulkStatus;
    const assignee = h('select', { id: 'bulk-assignee', 'aria-label': t('queues.bulkAssignee') },
      h('option', { value: '' }, t('queues.bulkAssignee')),
      ...staff.map((m) => h('option', { value: m.username }, m.displayName || m.username)));
    return h('div', { class: 'bulk', id: 'bulk' },
      h('span', { id: 'bulk-count' }, t('queues.picked', { n: picked.size })),
      h('button', { type: 'button', id: 'bulk-triage', disabled: !picked.size,
        onclick: () => bulk({ action: 'triage' }, t('queues.confirmTriage', { n: picked.size })) },
      t('queues.bulkTriage')),
      assignee,
      h('button', { type: 'button', id: 'bulk-assign', disabled: !picked.size,
        onclick: () => assignee.value && bulk({ action: 'assign', assignee: assignee.value },
          t('queues.confirmAssign', { n: picked.size, user: assignee.value })) },
      t('queues.bulkAssign')),
      bulkStatus);
  }

  function bar() {
    const count = items.querySelector('#bulk-count');
    if (count) count.textContent = t('queues.picked', { n: picked.size });
    items.querySelectorAll('#bulk-triage, #bulk-assign').forEach((b) => { b.disabled = !picked.size; });
  }

  /** One confirmation, one request; each incident done or refused on its own (docs/mechanisms.md). */
  async function bulk(command, question) {
    if (!picked.size || !confirm(question)) return;
    try {
      const answer = await api('/api/v1/incidents/bulk', { method: 'POST', body: { ...command, incidents: [...picked] } });
      picked.clear();
      const refused = answer.outcomes.filter((o) => o.status !== 200);
      await loadItems();
      bulkStatus.textContent = [t('queues.bulkDone', { done: answer.done, refused: answer.refused }),
        ...refused.map((o) => `${current.find((i) => i.id === o.incident)?.reference || o.incident}: ${o.problem?.detail || o.status}`)]
        .join(' — ');
      toast(bulkStatus.textContent, refused.length ? 'error' : 'ok');
      items.querySelector('#bulk-count')?.setAttribute('tabindex', '-1');
      items.querySelector('#bulk-count')?.focus();
    } catch (e) {
      failed(e);
    }
  }

  async function loadStaff() {
    const q = queues.find((x) => x.id === selected);
    if (!q || !current.some(mayBulk)) { staff = []; return; }
    try {
      const members = await api(`/api/v1/mechanisms/${encodeURIComponent(q.mechanism)}/staff?queue=${encodeURIComponent(q.id)}`);
      staff = members.filter((m, k) => members.findIndex((x) => x.username === m.username) === k);
    } catch {
      staff = []; // assigning in bulk waits; the rest works
    }
  }

  let saved = [];
  async function loadSaved(chosen = '') {
    saved = await api('/api/v1/me/filters?page=queue');
    savedPick.replaceChildren(h('option', { value: '' }, t('queues.savedNone')),
      ...saved.map((f) => h('option', { value: String(f.id), selected: String(f.id) === chosen }, f.name)));
  }
  /** The filter on screen, as the query text a saved filter keeps. */
  function filterText() {
    const p = new URLSearchParams();
    if (selected) p.set('queue', selected);
    if (statusFilter.value) p.set('status', statusFilter.value);
    if (textFilter.value.trim()) p.set('q', textFilter.value.trim());
    p.set('sort', sort.value);
    return p.toString();
  }
  savedPick.addEventListener('change', () => {
    const f = saved.find((x) => String(x.id) === savedPick.value);
    if (!f) return;
    const p = new URLSearchParams(f.query);
    statusFilter.value = [...statusFilter.options].some((o) => o.value === p.get('status')) ? p.get('status') : '';
    textFilter.value = p.get('q') || '';
    sort.value = SORTS.includes(p.get('sort')) ? p.get('sort') : SORTS[0];
    savedName.value = f.name;
    if (p.get('queue') && p.get('queue') !== selected) {
      selected = p.get('queue');
      history.replaceState(null, '', `#/queues/${encodeURIComponent(selected)}`);
      loadQueues().catch(failed);
    }
    reload();
  });
  savedBar.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!savedName.value.trim()) { savedName.focus(); return; }
    try {
      const f = await api('/api/v1/me/filters', { method: 'POST', body: { page: 'queue', name: savedName.value.trim(), query: filterText() } });
      await loadSaved(String(f.id));
      savedStatus.textContent = t('queues.savedDone', { name: f.name });
      savedPick.focus();
    } catch (e) {
      failed(e);
    }
  });
  savedBar.querySelector('#saved-delete').addEventListener('click', async () => {
    if (!savedPick.value) return;
    try {
      await api(`/api/v1/me/filters/${encodeURIComponent(savedPick.value)}`, { method: 'DELETE' });
      await loadSaved();
      savedStatus.textContent = t('queues.savedDeleted');
      savedPick.focus();
    } catch (e) {
      failed(e);
    }
  });

  const reload = () => { current = []; loadItems().catch(failed); };
  let typing;
  statusFilter.addEventListener('change', reload);
  textFilter.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(reload, 300); });
  sort.addEventListener('change', reload);
  let timer;
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => Promise.all([loadQueues(), loadItems()]).catch(failed), 200);
  };
  window.addEventListener('trucewatch:queue-change', onChange);
  try {
    await loadQueues();
    await Promise.all([loadItems(), loadSaved()]);
  } catch (e) {
    failed(e);
  }
  return () => window.removeEventListener('trucewatch:queue-change', onChange);
}

/** Where an incident lies, in words: the zone it is inside, or how far it is from the nearest one. */
function place(p) {
  if (!p) return '';
  const zone = label(p.name, p.zone);
  return p.relation === 'inside' ? zone : t('incident.placeNear', { distance: metres(p.distanceM), zone });
}

/** The URL of rel="next" in a response's Link header (RFC 8288), or null. */
function nextLink(res) {
  const link = res.headers.get('Link') || '';
  const m = link.match(/<([^>]*)>\s*;\s*rel="?next"?/);
  return m ? m[1] : null;
}
