// The incidents behind one number of the statistics page: the incidents layer of the OGC API
// (the same access policy and redaction as the map and QGIS) filtered the way the number was
// counted, with CQL2: observed from the first period's start to the last one's end, the cell's
// category, status, finding, level or zone, and the parties alleged (the cell's and the page's
// filter: each of them, A_CONTAINS over the layer's array of codes). The statistics page links
// here only where the list holds exactly the incidents counted.
import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { label, t, when } from './i18n.js';
import { protocol } from './mechanisms.js';
import { categoryLabel } from './taxonomy.js';
import { findingLabel, statusLabel } from './vocabulary.js';
import { number, statsHash } from './statquery.js';

const LIMIT = 1000;
const CODE = /^[A-Za-z0-9_.-]+$/;
/** The list's parameter → the layer's queryable; zones and allegedParties are arrays of codes. */
const FIELDS = { category: 'category', status: 'status', finding: 'finding', level: 'level', zone: 'zones', party: 'allegedParties' };
const ARRAYS = new Set(['zone', 'party']);

/**
 * A CQL2 text filter from the list's query. Codes are checked to be codes, so nothing else
 * reaches the filter; a value that is not one matches nothing (FALSE), never everything.
 */
export function cql(q) {
  const instant = (v) => (Number.isNaN(Date.parse(v)) ? null : new Date(v).toISOString());
  const parts = [];
  if (instant(q.from)) parts.push(`NOT T_BEFORE(observedAt, TIMESTAMP('${instant(q.from)}'))`);
  if (instant(q.to)) parts.push(`T_BEFORE(observedAt, TIMESTAMP('${instant(q.to)}'))`);
  for (const [f, property] of Object.entries(FIELDS)) {
    if (q.none === f) parts.push(`${property} IS NULL`);
    if (!q[f]) continue;
    const codes = ARRAYS.has(f) ? q[f].split(',') : [q[f]];
    if (!codes.every((c) => CODE.test(c))) parts.push('FALSE');
    else if (ARRAYS.has(f)) parts.push(`A_CONTAINS(${property}, (${codes.map((c) => `'${c}'`).join(', ')}))`);
    else parts.push(`${property} = '${codes[0]}'`);
  }
  return parts.join(' AND ');
}

/** How many incidents the list of query q holds for this reader (the layer's numberMatched). */
export async function countListed(code, q) {
  const s = new URLSearchParams({ mechanism: code, limit: '1', filter: cql(q) });
  return (await api(`/ogc/collections/incidents/items?${s}`)).numberMatched;
}

export async function showList(root, code, q) {
  const back = statsHash(code, {});
  const p = await protocol(code);
  const partyName = (c) => label(p?.parties?.find((x) => x.code === c)?.name, c);
  const names = { category: categoryLabel, status: statusLabel, finding: findingLabel, level: (c) => c, zone: (c) => c,
    party: (codes) => codes.split(',').map(partyName).join(', ') };
  const filters = Object.keys(FIELDS).filter((f) => q[f] || q.none === f).map((f) => h('li', { dataset: { filter: f } },
    `${t(`stats.dim.${f}`)}: ${[q[f] ? names[f](q[f]) : null, q.none === f ? t('stats.none') : null].filter(Boolean).join(', ')}`));
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
