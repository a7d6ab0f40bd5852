// The user's queues with open and overdue counts, and the items of one queue, filtered
// and sorted; both refresh when the live stream says an incident changed.
import { api } from './api.js';
import { h } from './dom.js';
import { t, when } from './i18n.js';
import { queueParts } from './mechanisms.js';
import { categoryLabel, loadTaxonomy } from './taxonomy.js';
import { failed } from './ui.js';
import { loadVocabulary, statusLabel } from './vocabulary.js';

const SORTS = {
  severity: (a, b) => b.severity - a.severity || cmp(a.deadline, b.deadline),
  deadline: (a, b) => cmp(a.deadline, b.deadline) || b.severity - a.severity,
  observed: (a, b) => cmp(b.observedAt, a.observedAt),
};

function cmp(x, y) {
  if (x === y) return 0;
  if (!x) return 1;
  if (!y) return -1;
  return x < y ? -1 : 1;
}

export async function show(root, [selected]) {
  await Promise.all([loadTaxonomy(), loadVocabulary()]);
  const queueList = h('ul', { id: 'queue-list', class: 'queue-list' });
  const items = h('div', { id: 'queue-items' });
  const statusFilter = h('select', { id: 'filter-status' }, h('option', { value: '' }, t('queues.allStatuses')));
  const textFilter = h('input', { id: 'filter-text', type: 'search', placeholder: t('queues.filterPlaceholder') });
  const sort = h('select', { id: 'sort' }, Object.keys(SORTS).map((k) => h('option', { value: k }, t(`queues.sort.${k}`))));
  root.append(h('section', { class: 'queues-view' },
    h('h1', {}, t('queues.title')),
    h('div', { class: 'split' },
      h('nav', { class: 'queues', 'aria-label': t('queues.title') }, queueList),
      h('div', { class: 'items' },
        h('div', { class: 'filters' },
          h('label', { for: 'filter-status' }, t('queues.status')), statusFilter,
          h('label', { for: 'filter-text' }, t('queues.filter')), textFilter,
          h('label', { for: 'sort' }, t('queues.sort')), sort),
        items))));

  let queues = [];
  let current = [];

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

  async function loadItems() {
    if (!selected) { items.replaceChildren(); return; }
    current = await api(`/api/v1/queues/${encodeURIComponent(selected)}/items?limit=500`);
    const statuses = [...new Set(current.map((i) => i.status))].sort();
    const keep = statusFilter.value;
    statusFilter.replaceChildren(h('option', { value: '' }, t('queues.allStatuses')),
      ...statuses.map((s) => h('option', { value: s }, statusLabel(s))));
    statusFilter.value = statuses.includes(keep) ? keep : '';
    render();
  }

  function render() {
    const text = textFilter.value.trim().toLowerCase();
    const shown = current.filter((i) => !statusFilter.value || i.status === statusFilter.value)
      .filter((i) => !text || `${i.reference || ''} ${categoryLabel(i.category)} ${i.category} ${i.id} ${i.claimedBy || ''}`.toLowerCase().includes(text))
      .sort(SORTS[sort.value]);
    if (!shown.length) {
      items.replaceChildren(h('p', { class: 'muted', id: 'queue-empty' }, t('queues.empty')));
      return;
    }
    items.replaceChildren(h('table', { class: 'items-table' },
      h('caption', { class: 'visually-hidden' }, t('queues.items')),
      h('thead', {}, h('tr', {}, ['incident.reference', 'incident.category', 'incident.status', 'incident.severity', 'incident.observedAt',
        'incident.deadline', 'incident.claimedBy'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, shown.map((i) => h('tr', { dataset: { incident: i.id, status: i.status } },
        h('td', { class: 'reference' }, i.reference || ''),
        h('td', {}, h('a', { href: `#/incidents/${i.id}` }, categoryLabel(i.category))),
        h('td', {}, h('span', { class: `badge status-${i.status}` }, statusLabel(i.status))),
        h('td', {}, String(i.severity)),
        h('td', {}, when(i.observedAt)),
        h('td', {}, i.deadline ? when(i.deadline) : '', i.overdue ? h('span', { class: 'badge overdue' }, t('queues.overdue')) : null),
        h('td', {}, i.claimedBy || ''))))));
  }

  statusFilter.addEventListener('change', render);
  textFilter.addEventListener('input', render);
  sort.addEventListener('change', render);
  let timer;
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => Promise.all([loadQueues(), loadItems()]).catch(failed), 200);
  };
  window.addEventListener('trucewatch:queue-change', onChange);
  try {
    await loadQueues();
    await loadItems();
  } catch (e) {
    failed(e);
  }
  return () => window.removeEventListener('trucewatch:queue-change', onChange);
}
