// The statistics page's pictures: the series drawn by uPlot (canvas; from its webjar, served
// by the service like Leaflet), each with its latest figure and the change on the period
// before, the same numbers in a table; and the incidents of the periods by zone, shaded over
// the zones on the map (counted by the service, never binned here from a list of points).
import uPlot from '../lib/uplot/uPlot.esm.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { baseMap, dispose } from './mapkit.js';
import { cellText, changeText, number } from './statquery.js';

const CHARTS = [
  ['incidents', [['incidents', '#1f4e79']]],
  ['events', [['events', '#b35900']]],
  ['casualties', [['killed', '#a4000f'], ['injured', '#6a3d9a']]],
];

/** The series (the answer's byFirst: one row per period) as three charts and one table. */
export function drawSeries(answer, unit) {
  const periods = answer.periods || [];
  const rows = new Map((answer.byFirst || []).map((r) => [r.key?.period, r.values]));
  const values = periods.map((p) => rows.get(p.label) || {});
  const before = periods.length > 1 ? periods.at(-2).label : t('stats.previousPeriod');
  const last = values.at(-1) || {};
  const figures = CHARTS.map(([name, lines]) => {
    const plot = h('div', { class: 'chart', role: 'img', 'aria-label': t('stats.chartLabel', { measure: t(`stats.measure.${name}`) }),
      dataset: { chart: name } });
    const figure = h('figure', { class: 'stats-chart', id: `chart-${name}` },
      h('figcaption', {}, h('strong', {}, t(`stats.measure.${name}`)), ' ',
        lines.map(([m]) => h('span', { class: 'headline', dataset: { measure: m } },
          lines.length > 1 ? `${t(`stats.measure.${m}`)} ` : '',
          t('stats.latest', { label: periods.at(-1)?.label || '', value: cellText(last[m]) }),
          ' ', h('span', { class: 'change' }, changeText(last[m], before)), ' '))),
      plot);
    // Drawn once the figure is in the page, at its width (a phone's is narrower).
    requestAnimationFrame(() => plotInto(plot, periods, values, lines, unit));
    return figure;
  });
  return h('div', { class: 'stats-series' }, h('div', { class: 'stats-charts' }, figures), seriesTable(periods, values));
}

function plotInto(el, periods, values, lines, unit) {
  if (!el.isConnected) return;
  const labels = periods.map((p) => p.label);
  const data = [labels.map((_, i) => i), ...lines.map(([m]) => values.map((v) => (v[m]?.suppressed ? null : v[m]?.value ?? null)))];
  const width = Math.max(240, Math.min(560, el.clientWidth || 320));
  // eslint-disable-next-line no-new
  new uPlot({
    width, height: 200, legend: { show: false },
    scales: { x: { time: false }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{ incrs: [1, 2, 3, 4, 6, 12, 24, 52, 100, 200], values: (u, splits) => splits.map((i) => labels[i] ?? '') },
      { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] }],
    series: [{ label: t(`stats.unit.${unit}`) },
      ...lines.map(([m, colour]) => ({ label: t(`stats.measure.${m}`), stroke: colour, width: 2, points: { show: labels.length < 60 } }))],
  }, data, el);
}

function seriesTable(periods, values) {
  const cols = ['incidents', 'events', 'killed', 'injured'];
  return h('details', { class: 'series-table' }, h('summary', {}, t('stats.seriesTable')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'stats-table', id: 'stats-series' },
      h('caption', { class: 'visually-hidden' }, t('stats.seriesTable')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('stats.period')),
        cols.map((c) => h('th', { scope: 'col', class: 'num' }, t(`stats.measure.${c}`))),
        h('th', { scope: 'col', class: 'num' }, t('stats.previous')), h('th', { scope: 'col', class: 'num' }, t('stats.changePercent')))),
      h('tbody', {}, periods.map((p, i) => h('tr', { dataset: { period: p.label } }, h('th', { scope: 'row' }, p.label),
        cols.map((c) => h('td', { class: 'num', dataset: { measure: c } }, cellText(values[i][c]))),
        h('td', { class: 'num', dataset: { measure: 'previous' } }, values[i].incidents?.previousSuppressed ? t('stats.suppressed') : number(values[i].incidents?.previous ?? 0)),
        h('td', { class: 'num' }, values[i].incidents?.changePercent === undefined ? ''
          : `${values[i].incidents.changePercent > 0 ? '+' : ''}${number(values[i].incidents.changePercent, 1)} %`)))))));
}

/**
 * The zones shaded by the incidents that opened inside them (the zone breakdown's counts):
 * darker is more; a count the API withheld (the public's small cells) is shaded lightly and
 * says "fewer than N", like the table. Zones without a count are outlined only. Returns what
 * removes the map.
 */
export function drawZoneMap(el, zones, zoneAnswer, name) {
  const counts = new Map((zoneAnswer.bySecond || []).filter((r) => r.key?.zone).map((r) => [r.key.zone, r.values.incidents]));
  const shown = [...counts.values()].filter((c) => !c.suppressed);
  const max = Math.max(1, ...shown.map((c) => c.value || 0));
  const map = baseMap(el, { worldCopyJump: true });
  map.setView([20, 0], 2);
  const shaded = L.featureGroup().addTo(map);
  for (const f of zones.features || []) {
    const cell = counts.get(f.properties.code);
    if (!cell) continue;
    const share = cell.suppressed ? 0.15 : (cell.value || 0) / max;
    const layer = L.geoJSON(f, { style: { color: '#7a0010', weight: 1.5, fillColor: '#a4000f', fillOpacity: 0.1 + 0.6 * share,
      className: 'stats-zone' } });
    layer.bindTooltip(h('span', {}, `${name(f.properties.code)}: ${cellText(cell)}`));
    shaded.addLayer(layer);
  }
  const bounds = shaded.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 11, animate: false });
  // The public legend names no number of zones: only figures the table shows (a count of zones
  // with incidents could be below the threshold).
  const darkest = shown.length ? cellText(shown.reduce((a, c) => ((c.value || 0) > (a.value || 0) ? c : a)))
    : cellText([...counts.values()][0]);
  el.after(h('p', { class: 'muted', id: 'stats-map-legend' }, !counts.size ? t('stats.mapEmpty')
    : zoneAnswer.audience === 'public' ? t('stats.mapLegendPublic', { max: darkest })
      : t('stats.mapLegend', { n: counts.size, max: number(max) })));
  const sized = setTimeout(() => map.invalidateSize(), 0);
  return () => { clearTimeout(sized); dispose(map); };
}
