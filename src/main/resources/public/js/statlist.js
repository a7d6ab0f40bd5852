// The incidents behind one number of the statistics page: the incidents layer of the OGC API
// (the same access policy and redaction as the map and QGIS) filtered the way the number was
// counted, with CQL2: observed from the first period's start to the last one's end, and the
// cell's category, status, finding or level. The statistics page links here only where the
// layer can be filtered the same way.
import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { t, when } from './i18n.js';
import { categoryLabel } from './taxonomy.js';
import { findingLabel, statusLabel } from './vocabulary.js';
import { number, statsHash } from './statquery.js';

const LIMIT = 1000;
const CODE = /^[A-Za-z0-9_.-]+$/;
const FIELDS = ['category', 'status', 'finding', 'level'];

/** A CQL2 text filter from the list's query; codes are checked to be codes, so nothing else reaches the filter. */
export function cql(q) {
  const instant = (v) => (Number.isNaN(Date.parse(v)) ? null : new Date(v).toISOString());
  const parts = [];
  if (instant(q.from)) parts.push(`NOT T_BEFORE(observedAt, TIMESTAMP('${instant(q.from)}'))`);
  if (instant(q.to)) parts.push(`T_BEFORE(observedAt, TIMESTAMP('${instant(q.to)}'))`);
  for (const f of FIELDS) {
    if (q.none === f) parts.push(`${f} IS NULL`);
    else if (CODE.test(q[f] || '')) parts.push(`${f} = '${q[f]}'`);
  }
  return parts.join(' AND ');
}

export async function showList(root, code, q) {
  const back = statsHash(code, {});
  const filters = FIELDS.filter((f) => q[f] || q.none === f).map((f) => {
    const name = { category: categoryLabel, status: statusLabel, finding: findingLabel, level: (c) => c }[f];
    return h('li', { dataset: { filter: f } }, `${t(`stats.dim.${f}`)}: ${q.none === f ? t('stats.none') : name(q[f])}`);
  });
  const items = h('div', { id: 'stats-list' }, h('p', { class: 'muted' }, t('stats.loading')));
  root.append(h('section', { class: 'stats-list-view' },
    h('p', {}, h('a', { href: back, id: 'stats-back' }, t('stats.back'))),
    h('h1', {}, t('stats.listTitle')),
    h('p', { class: 'muted' }, when(q.from), ' – ', when(q.to)),
    h('ul', { class: 'stats-filters', id: 'stats-filters' }, filters),
    items));
  const s = new URLSearchParams({ mechanism: code, limit: String(LIMIT), filter: cql(q) });
  try {
    const fc = await api(`/ogc/collections/incidents/items?${s}`);
    const features = fc.features || [];
    const redacted = !features.some((f) => 'claimedBy' in f.properties);
    items.replaceChildren(
      h('p', { id: 'stats-list-count', role: 'status' }, t('stats.listCount', { n: number(fc.numberMatched ?? features.length) })),
      features.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'items-table', id: 'stats-list-table' },
        h('caption', { class: 'visually-hidden' }, t('stats.listTitle')),
        h('thead', {}, h('tr', {}, ['incident.category', 'incident.status', 'incident.finding', 'incident.level', 'incident.observedAt',
          'incident.severity', ...(redacted ? [] : ['incident.claimedBy'])].map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, features.map((f) => {
          const p = f.properties;
          return h('tr', { dataset: { incident: f.id, category: p.category, status: p.status } },
            h('td', {}, h('a', { href: `#/incidents/${f.id}` }, categoryLabel(p.category))),
            h('td', {}, h('span', { class: `badge status-${p.status}` }, statusLabel(p.status))),
            h('td', {}, p.finding ? findingLabel(p.finding) : ''),
            h('td', {}, p.level || ''),
            h('td', {}, when(p.observedAt)),
            h('td', {}, String(p.severity)),
            redacted ? null : h('td', {}, p.claimedBy || ''));
        }))))
        : h('p', { class: 'muted', id: 'stats-list-empty' }, t('stats.listEmpty')),
      features.length >= LIMIT ? h('p', { class: 'muted' }, t('stats.listMore', { n: number(LIMIT) })) : null);
  } catch (e) {
    items.replaceChildren(h('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.describe() : t('error.network')));
  }
  return null;
}
