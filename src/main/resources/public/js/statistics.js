// The statistics page of one mechanism (docs/webapp.md, "Statistics"): the series of
// GET /api/v1/statistics as charts with the change on the period before, breakdown tables
// whose numbers open the incidents counted, the workflow figures, the incidents by zone on a
// map and the mechanism's issued reports. Every figure is the API's: the access policy decides
// which the user gets (a delegate's sensitive categories as counts, a public cell suppressed).
// With audience=public in the address the page is what a public release would say: the API's
// public figures, no workflow, no link to an incident, the public copies of the issued reports.
import { api, ApiError, session } from './api.js';
import { h } from './dom.js';
import { label, t } from './i18n.js';
import { protocol } from './mechanisms.js';
import { categories, categoryLabel, loadTaxonomy } from './taxonomy.js';
import { failed } from './ui.js';
import { findingLabel, loadVocabulary, statusLabel } from './vocabulary.js';
import { cellText, hashQuery, listHash, number, readHash, statsHash } from './statquery.js';
import { drawSeries, drawZoneMap } from './statcharts.js';
import { issuedReports } from './statreports.js';
import { countListed, showList } from './statlist.js';

const UNITS = ['day', 'week', 'month', 'quarter'];
const BREAKDOWNS = ['category', 'zone', 'party', 'status', 'finding'];
const MEASURES = ['incidents', 'events', 'killed', 'injured'];
const ROLES = new Set(['chair', 'party_delegate', 'gis_analyst']);

/** The mechanisms whose statistics the user may read (the API decides; this only offers them). */
export function statisticsMechanisms() {
  return [...new Set((session.user?.grants || []).filter((g) => ROLES.has(g.role)).map((g) => g.mechanism))];
}

export async function show(root, args) {
  const mechanisms = statisticsMechanisms();
  const [code, sub] = [(args[0] || '').split('?')[0], (args[1] || '').split('?')[0]];
  if (!code) {
    if (mechanisms.length) location.replace(statsHash(mechanisms[0], readHash()));
    else root.append(h('p', { class: 'muted', id: 'stats-none' }, t('stats.noMechanism')));
    return null;
  }
  await Promise.all([loadTaxonomy(), loadVocabulary()]);
  if (sub === 'incidents') return showList(root, code, hashQuery());
  const q = readHash();
  const p = await protocol(code);
  root.append(h('section', { class: 'stats-view' },
    h('h1', {}, t('stats.title'), ' — ', p ? label(p.name, code) : code),
    controls(code, q, mechanisms, p),
    h('div', { id: 'stats-body' }, h('p', { class: 'muted', role: 'status' }, t('stats.loading')))));
  const body = root.querySelector('#stats-body');
  const leave = [];
  try {
    const answers = await Promise.all(BREAKDOWNS.map((dim) => api(`/api/v1/statistics?${params(code, q, dim)}`)));
    const [first] = answers;
    const zones = await zonesAt(first.periods.at(-1)?.end).catch(() => ({ features: [] }));
    const zoneNames = new Map((zones.features || []).map((f) => [f.properties.code, f.properties.name || f.properties.code]));
    const names = { category: categoryLabel, zone: (c) => zoneNames.get(c) || c, party: (c) => partyLabel(p, c),
      status: statusLabel, finding: findingLabel };
    const mayLink = await linkable(code, q, first);
    const reports = await issuedReports(code, p, q.audience);
    const mapEl = h('div', { id: 'stats-map', class: 'stats-map', role: 'region', 'aria-label': t('stats.map') });
    const forPublic = first.audience === 'public';
    // (replaceChildren would write a null as the text "null": the sections a view lacks are left out.)
    body.replaceChildren(...[
      h('p', { class: 'muted', id: 'stats-scope' }, t('stats.scope', { audience: t(`stats.audience.${first.audience}`), zone: first.timeZone })),
      forPublic ? h('p', { class: 'muted', id: 'stats-public' }, t('stats.publicNote', { n: first.smallCellThreshold })) : null,
      h('h2', {}, t('stats.series')),
      drawSeries(first, q.period),
      h('h2', {}, t('stats.breakdowns')),
      h('p', { class: 'muted' }, t(forPublic ? 'stats.breakdownNotePublic' : 'stats.breakdownNote')),
      h('div', { class: 'stats-tables' }, answers.map((a, i) => breakdown(code, q, a, BREAKDOWNS[i], names[BREAKDOWNS[i]], mayLink))),
      workflow(first, p),
      h('h2', {}, t('stats.map')), h('p', { class: 'muted' }, t('stats.mapHint')), mapEl,
      h('h2', {}, t('stats.reports')), reports].filter((x) => x !== null));
    leave.push(drawZoneMap(mapEl, zones, answers[1], names.zone));
  } catch (e) {
    body.replaceChildren(h('p', { class: 'error', id: 'stats-error', role: 'alert' },
      e instanceof ApiError && e.status === 404 ? t('stats.notFound') : e instanceof ApiError ? e.describe() : t('error.network')));
    if (!(e instanceof ApiError)) failed(e);
  }
  return () => leave.forEach((f) => f && f());
}

function controls(code, q, mechanisms, p) {
  const select = (id, options, value) => h('select', { id, name: id },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  const all = ['', t('stats.all')];
  const form = h('form', { class: 'stats-controls', id: 'stats-form' },
    mechanisms.length > 1 ? [h('label', { for: 'stats-mechanism' }, t('stats.mechanism')),
      select('stats-mechanism', mechanisms.map((m) => [m, m]), code)] : null,
    h('label', { for: 'stats-period' }, t('stats.period')),
    select('stats-period', UNITS.map((u) => [u, t(`stats.unit.${u}`)]), q.period),
    h('label', { for: 'stats-from' }, t('stats.from')),
    h('input', { id: 'stats-from', name: 'from', type: 'date', value: q.from, required: true }),
    h('label', { for: 'stats-to' }, t('stats.to')),
    h('input', { id: 'stats-to', name: 'to', type: 'date', value: q.to, required: true }),
    h('label', { for: 'stats-level' }, t('incident.level')),
    select('stats-level', [all, ...(p?.levels || []).map((l) => [l.code, label(l.name, l.code)])], q.level),
    h('label', { for: 'stats-category' }, t('incident.category')),
    select('stats-category', [all, ...categories().map((c) => [c.code, categoryLabel(c.code)])], q.category),
    h('label', { for: 'stats-party' }, t('stats.party')),
    select('stats-party', [all, ...(p?.parties || []).map((x) => [x.code, label(x.name, x.code)])], q.party),
    h('label', { for: 'stats-audience' }, t('stats.audience')),
    select('stats-audience', [['', t('stats.audience.yours')], ['public', t('stats.audience.publicRelease')]], q.audience),
    h('button', { type: 'submit' }, t('stats.show')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = (id) => form.querySelector(`#${id}`)?.value || '';
    location.hash = statsHash(v('stats-mechanism') || code, { period: v('stats-period'), from: v('stats-from'),
      to: v('stats-to'), level: v('stats-level'), category: v('stats-category'), party: v('stats-party'),
      audience: v('stats-audience') });
  });
  return form;
}

/** The query of one breakdown: the series' periods, grouped by dim, with the page's filters. */
function params(code, q, dim) {
  // Noon UTC of each date lies within that date in every time zone from UTC−11 to UTC+11, so the
  // periods asked for are those holding the chosen dates in the mechanism's calendar (a bare
  // date's end would be midnight UTC, the next day in Beirut).
  const s = new URLSearchParams({ mechanism: code, period: q.period, datetime: `${q.from}T12:00:00Z/${q.to}T12:00:00Z`, groupBy: dim });
  for (const k of ['level', 'category', 'party', 'audience']) if (q[k]) s.set(k, q[k]);
  return s;
}

/**
 * Which counts may link to the incidents counted: a function of the dimension and the group's
 * value. The list is what the incidents layer gives the reader. When it holds every incident the
 * page counts (the layer's count of the page's whole query equals the total), every count links.
 * Otherwise the reader counts incidents they may not list: the sensitive categories, for delegates,
 * GIS staff and a chair of one level beyond their queues (docs/security.md, "Numbers"); then a
 * count links only where it holds none of those, which the same breakdown of the sensitive
 * categories alone tells. The public's figures never link: a public release names no incident.
 */
async function linkable(code, q, first) {
  if (first.audience === 'public') return () => false;
  const range = { from: first.periods[0]?.start, to: first.periods.at(-1)?.end };
  if (await countListed(code, { ...range, level: q.level, category: q.category, party: q.party })
    === (first.total?.values?.incidents?.value ?? 0)) return () => true;
  // With a category filter, that category is what the reader may not list (a sensitive one).
  if (q.category) return () => false;
  const sensitive = new Set(categories().filter((c) => c.sensitive).map((c) => c.code));
  const dims = BREAKDOWNS.filter((d) => d !== 'category');
  const only = { ...q, category: [...sensitive].join(',') };
  const answers = await Promise.all(dims.map((dim) => api(`/api/v1/statistics?${params(code, only, dim)}`)));
  const held = new Map(dims.map((dim, i) => [dim, new Set((answers[i].bySecond || [])
    .filter((r) => r.values.incidents?.value > 0).map((r) => r.key?.[dim] ?? null))]));
  return (dim, value) => (dim === 'category' ? !sensitive.has(value) : !held.get(dim).has(value));
}

function partyLabel(p, c) {
  const party = p?.parties?.find((x) => x.code === c);
  return party ? label(party.name, c) : c;
}

/**
 * One breakdown (the answer's bySecond: each group over all the periods, a true count). A
 * number links to the incidents counted where mayLink says the list holds exactly those: the
 * list is filtered as the cell was counted (its group, the page's level, category and alleged
 * party, the periods' span).
 */
function breakdown(code, q, answer, dim, name, mayLink) {
  const range = { from: answer.periods[0]?.start, to: answer.periods.at(-1)?.end };
  const rows = (answer.bySecond || []).map((r) => {
    // A group whose value is null (no zone, no finding yet) comes without the key.
    const value = r.key?.[dim] ?? null;
    const incidents = cellText(r.values.incidents);
    const parties = [...new Set([q.party, dim === 'party' ? value : null].filter(Boolean))].join(',');
    const group = value === null ? { none: dim } : dim === 'party' ? {} : { [dim]: value };
    return h('tr', { dataset: { key: value ?? '' } },
      h('th', { scope: 'row' }, value === null ? t('stats.none') : name(value)),
      h('td', { class: 'num', dataset: { measure: 'incidents' } }, mayLink(dim, value) && !r.values.incidents.suppressed
        ? h('a', { href: listHash(code, { ...range, level: q.level, category: q.category, party: parties, ...group }) }, incidents)
        : incidents),
      MEASURES.slice(1).map((m) => h('td', { class: 'num', dataset: { measure: m } }, cellText(r.values[m]))));
  });
  return h('table', { class: 'stats-table', id: `stats-by-${dim}` },
    h('caption', {}, t(`stats.by.${dim}`)),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t(`stats.dim.${dim}`)),
      MEASURES.map((m) => h('th', { scope: 'col', class: 'num' }, t(`stats.measure.${m}`))))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, t('stats.empty')))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('stats.total')),
      MEASURES.map((m) => h('td', { class: 'num', dataset: { measure: m } }, cellText(answer.total?.values?.[m]))))));
}

/** The workflow figures, when the API gives them to this user: per period (newest first) and level. */
function workflow(answer, p) {
  if (!answer.workflow) return null;
  const levelName = (c) => (c === null || c === undefined ? t('queues.triage')
    : label(p?.levels?.find((l) => l.code === c)?.name, c));
  const hours = (x) => (x === null || x === undefined ? '' : number(x, 1));
  const rows = answer.workflow.filter((w) => w.backlog || w.overdue || w.escalations || w.findings)
    .sort((a, b) => String(b.period).localeCompare(String(a.period)));
  const cols = ['backlog', 'overdue', 'escalations', 'findings', 'median', 'p90'];
  return h('section', { id: 'stats-flow' }, h('h2', {}, t('stats.workflow')), h('p', { class: 'muted' }, t('stats.workflowNote')),
    rows.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'stats-table', id: 'stats-workflow' },
      h('caption', { class: 'visually-hidden' }, t('stats.workflow')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('stats.period')), h('th', { scope: 'col' }, t('incident.level')),
        cols.map((c) => h('th', { scope: 'col', class: 'num' }, t(`stats.flow.${c}`))))),
      h('tbody', {}, rows.map((w) => h('tr', {},
        h('th', { scope: 'row' }, w.period || ''), h('td', {}, levelName(w.level)),
        [w.backlog, w.overdue, w.escalations, w.findings].map((n) => h('td', { class: 'num' }, number(n))),
        h('td', { class: 'num' }, hours(w.timeToFindingMedianHours)), h('td', { class: 'num' }, hours(w.timeToFindingP90Hours)))))))
      : h('p', { class: 'muted', id: 'stats-workflow-empty' }, t('stats.workflowEmpty')));
}

async function zonesAt(instant) {
  const at = instant && new Date(instant) < new Date() ? new Date(new Date(instant).getTime() - 1000).toISOString() : new Date().toISOString();
  return api(`/ogc/collections/zones/items?limit=2000&datetime=${at}`);
}
