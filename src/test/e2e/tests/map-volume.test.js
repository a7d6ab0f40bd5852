// The map at volume (docs/webapp.md, "The map at volume"): on the demo data set of at least
// 5,000 incidents (bin/trucewatch demo 5000, run by MapVolumeE2EIT in a database of its own),
// the map draws within 2 s of a change of the period, stays responsive while the user drags it
// (the drag moves the map, no frame waits a quarter of a second, and the view is redrawn within
// 2 s of the drag's end), shows the heat map, has no axe-core violation of any impact, exports
// the view, and zoomed in draws later workflow statuses above earlier ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { browser, context, screenshot, signIn, result } from '../support.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BUDGET_MS = 2000;
let b;

before(async () => { b = await browser(); });
after(async () => { await b?.close(); });

/** Waits until the map has drawn an answer newer than `since` (performance.now()); the time it took. */
async function drawnAfter(page, since) {
  await page.waitForFunction((t) => Number(document.querySelector('#map')?.dataset.drawn || 0) > t
    && document.querySelector('#map').dataset.loading === 'false', since, { timeout: 30000 });
  return page.evaluate((t) => Number(document.querySelector('#map').dataset.drawn) - t, since);
}

test('5,000 incidents: drawn within 2 s with a period filter, responsive while panning, heat map, axe clean', async (t) => {
  // axe is injected as an inline script, which the app's CSP forbids: this context alone bypasses it.
  const ctx = await context(b, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await ctx.newPage();
  // GIS staff of both sample mechanisms see every demo incident (none is of a sensitive category).
  await signIn(page, 'gis', 'demo-gis-analyst');
  // GIS staff land on the map. The measured opening is of an idle app: the landing draw (the first
  // request of a fresh server, its code not yet compiled; on a loaded CI machine it was still being
  // answered when the map was opened again, and the two shared the cores) is awaited first and
  // reported, not budgeted. Then the map is left, so that opening it again is a fresh draw
  // (setting the hash it already has would draw nothing).
  const landing = await drawnAfter(page, 0);
  t.diagnostic(`landing draw done ${Math.round(landing)} ms after the page's start`);
  await page.evaluate(() => { location.hash = '#/queues'; });
  await page.locator('.queues-view').waitFor();
  const opened = await page.evaluate(() => { const t = performance.now(); location.hash = '#/map'; return t; });
  const first = await drawnAfter(page, opened);
  const inView = Number((await page.locator('#map-count').innerText()).replace(/\D/g, ''));
  assert.ok(inView >= 5000, `at least 5,000 incidents in view, got ${inView}`);
  t.diagnostic(`first draw ${Math.round(first)} ms`);
  assert.ok(first < BUDGET_MS, `the map drew ${Math.round(first)} ms after it was opened (budget ${BUDGET_MS} ms)`);
  const clusters = await page.locator('#map .map-cluster').count();
  assert.ok(clusters > 0 && clusters < 1000, `drawn as clusters, not one marker each: ${clusters}`);

  // The period filter: the last 30 days.
  const changed = await page.evaluate(() => {
    const t = performance.now();
    const w = document.querySelector('#time-window');
    w.value = '30';
    w.dispatchEvent(new Event('change'));
    return t;
  });
  const filtered = await drawnAfter(page, changed);
  const inPeriod = Number((await page.locator('#map-count').innerText()).replace(/\D/g, ''));
  assert.ok(inPeriod > 0 && inPeriod < inView, `the period keeps some, not all: ${inPeriod} of ${inView}`);
  t.diagnostic(`redraw after the period changed ${Math.round(filtered)} ms`);
  assert.ok(filtered < BUDGET_MS, `drawn ${Math.round(filtered)} ms after the period changed (budget ${BUDGET_MS} ms)`);

  // Panning: a real mouse drag, while the page records every animation frame.
  await page.evaluate(() => {
    window.frames$ = [];
    const tick = (t) => { window.frames$.push(t); if (window.frames$.length < 100000) window.frameId$ = requestAnimationFrame(tick); };
    window.frameId$ = requestAnimationFrame(tick);
  });
  const pane = () => page.locator('#map .leaflet-map-pane').evaluate((e) => e.style.transform);
  const before = await pane();
  const box = await page.locator('#map').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(cx - i * 8, cy - i * 3);
  await page.mouse.up();
  const released = await page.evaluate(() => performance.now());
  const after = await pane();
  assert.notEqual(after, before, 'the drag moved the map');
  const panned = await drawnAfter(page, released);
  const gaps = await page.evaluate(() => {
    cancelAnimationFrame(window.frameId$);
    const f = window.frames$;
    return f.slice(1).map((t, i) => t - f[i]);
  });
  const longest = Math.max(...gaps);
  t.diagnostic(`redraw after the drag ${Math.round(panned)} ms; longest frame while dragging ${Math.round(longest)} ms`);
  assert.ok(gaps.length > 20, `frames kept coming while panning: ${gaps.length}`);
  assert.ok(longest < 250, `no frame waited a quarter of a second while panning: longest ${Math.round(longest)} ms`);
  assert.ok(panned < BUDGET_MS, `redrawn ${Math.round(panned)} ms after the drag (budget ${BUDGET_MS} ms)`);

  // The heat map of the same period.
  const heated = await page.evaluate(() => {
    const t = performance.now();
    document.querySelector('#map-heat').click();
    return t;
  });
  const heat = await drawnAfter(page, heated);
  t.diagnostic(`heat map ${Math.round(heat)} ms`);
  assert.ok(heat < BUDGET_MS, `heat map drawn in ${Math.round(heat)} ms`);
  assert.ok(await page.locator('#map path.heat-cell, #map canvas').count() > 0, 'heat cells drawn');
  const unheated = await page.evaluate(() => performance.now());
  await page.locator('#map-heat').click();
  await drawnAfter(page, unheated);

  // axe-core, every impact, on the map page as drawn.
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  })).violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, []);

  // "Export this view" asks the export API for the same box, period and filters.
  const severe = await page.evaluate(() => performance.now());
  await page.locator('#map-severity').selectOption('4');
  await drawnAfter(page, severe);
  await page.locator('#map-export-format').selectOption('csv');
  const download = page.waitForEvent('download');
  await page.locator('#map-export').click();
  const file = await download;
  const csv = readFileSync(await file.path(), 'utf8');
  const exportPath = await page.locator('#map-export').getAttribute('data-href');
  const unfiltered = await page.evaluate(() => performance.now());
  await page.locator('#map-severity').selectOption('');
  await drawnAfter(page, unfiltered);

  // Closer in: a click on the largest cluster zooms in on it, until incidents are drawn one by one.
  // Later workflow statuses are drawn above earlier ones (SVG paints in document order).
  for (let i = 0; i < 8 && await page.locator('#map path.incident-marker').count() < 20; i++) {
    const counts = await page.locator('#map .map-cluster').evaluateAll((d) => d.map((e) => Number(e.textContent)));
    const zoomed = await page.evaluate(() => performance.now());
    // A real click (Leaflet ignores a click without a mousedown after a drag); forced, as a smaller
    // cluster may overlap the edge of the largest.
    await page.locator('#map .map-cluster').nth(counts.indexOf(Math.max(...counts))).click({ force: true });
    await drawnAfter(page, zoomed);
  }
  const workflow = await page.evaluate(() => JSON.parse(localStorage.getItem('trucewatch.vocabulary')).statuses.map((x) => x.code));
  const drawn = await page.locator('#map path.incident-marker').evaluateAll((ps) => ps.map((p) =>
    [...p.classList].find((c) => c.startsWith('status-')).slice('status-'.length)));
  const ranks = drawn.map((code) => workflow.indexOf(code));
  assert.ok(new Set(drawn).size >= 2, `markers of more than one status to layer: ${[...new Set(drawn)]}`);
  assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y), 'later statuses drawn above earlier ones');
  await screenshot(page, 'map-volume');
  result('map-volume', { first, filtered, panned, heat, longestFrame: longest, frames: gaps.length, inView, inPeriod,
    exportPath, exportedRows: csv.trim().split('\n').length - 1, drawnStatuses: [...new Set(drawn)] });
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
