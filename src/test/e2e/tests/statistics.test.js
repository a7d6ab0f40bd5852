// The statistics page (docs/webapp.md, "Statistics"): a chair's charts, tables equal to the API's
// cells, a breakdown number that opens the incidents it counts, the issued reports' downloads; a
// party delegate's page with a sensitive category as a count only and no confidential field; axe
// finds no violation of any impact; the page fits a 390 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { browser, call, context, result, screenshot, signIn, token } from '../support.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const MECHANISM = 'lebanon-tripartite';
// The demo's Lebanese incidents were observed in March 2026: four months around them, by month.
const QUERY = 'period=month&from=2026-01-01&to=2026-04-30';
const PAGE = `/app/#/statistics/${MECHANISM}?${QUERY}`;
const run = crypto.randomUUID().slice(0, 8);
const SECRET_SOURCE = `Witness statistics-${run}`;
const SECRET_TEXT = `Sensitive account statistics-${run}`;
let b;

before(async () => {
  b = await browser();
  // A sensitive incident of Lebanon in March 2026 (at a minute and place of its own, so that no
  // earlier run's report is its duplicate): delegates may count it, never list it.
  const monitor = await token('monitor.lb', 'demo-monitor-lb');
  const sent = await call(monitor, '/api/v1/reports', { method: 'POST', type: 'application/geo+json', body: {
    type: 'Feature', geometry: { type: 'Point', coordinates: [35.52 + Math.random() * 0.02, 33.265 + Math.random() * 0.02] },
    properties: { clientReportId: crypto.randomUUID(), category: 'SEXUAL_VIOLENCE', description: SECRET_TEXT,
      observedAt: new Date(Date.UTC(2026, 2, 5 + Math.floor(Math.random() * 20), 0, Math.floor(Math.random() * 1440))).toISOString(),
      source: { type: 'PUBLIC', reliability: 'B', credibility: 2, identity: SECRET_SOURCE } } } });
  assert.equal(sent.status, 201, JSON.stringify(sent.json));
  result('statistics', { reportId: sent.json.id });
  // An issued monthly report for the archive's table (already issued by an earlier run: 409).
  const chair = await token('chair.lb', 'demo-chair-lb');
  const issued = await call(chair, `/api/v1/mechanisms/${MECHANISM}/reports`, { method: 'POST',
    body: { kind: 'monthly', period: '2026-03', level: 'tripartite' } });
  assert.ok([201, 409].includes(issued.status), JSON.stringify(issued.json));
});
after(async () => { await b?.close(); });

/** The API's answer for one breakdown, as the page asks for it. */
async function answer(username, password, dim) {
  const tok = await token(username, password);
  const res = await call(tok, `/api/v1/statistics?mechanism=${MECHANISM}&period=month&datetime=2026-01-01T12:00:00Z/2026-04-30T12:00:00Z&groupBy=${dim}`);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json;
}

test('a chair reads the charts, a table cell equal to the API\'s, follows it to the incidents, and downloads a report', async () => {
  const ctx = await context(b, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await signIn(page, 'chair.lb', 'demo-chair-lb');
  assert.equal(await page.locator('#nav a[href="#/statistics"]').isVisible(), true, 'in the header for a chair');
  await page.goto(PAGE);
  const row = page.locator('#stats-by-category tr[data-key="INDIRECT_FIRE"]');
  await row.waitFor();

  // A chart's canvas has been drawn on: some pixel is not transparent.
  const canvas = page.locator('#chart-incidents canvas');
  await canvas.waitFor();
  const painted = await canvas.evaluate((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return { width: c.width, height: c.height, painted: n };
  });
  assert.ok(painted.width > 0 && painted.height > 0 && painted.painted > 100, JSON.stringify(painted));
  assert.match(await page.locator('#chart-incidents figcaption').innerText(), /2026-04/);

  // The table's number is the API's cell for that group.
  const api = await answer('chair.lb', 'demo-chair-lb', 'category');
  const cell = api.bySecond.find((r) => r.key.category === 'INDIRECT_FIRE').values;
  assert.ok(cell.incidents.value >= 1);
  assert.equal(await row.locator('td[data-measure="incidents"]').innerText(), String(cell.incidents.value));
  assert.equal(await row.locator('td[data-measure="events"]').innerText(), String(cell.events.value));
  assert.equal(await page.locator('#stats-by-category tfoot td[data-measure="incidents"]').innerText(),
    String(api.total.values.incidents.value));

  await screenshot(page, 'statistics', { fullPage: true });

  // The number opens the incidents it counts: the list, filtered the same way.
  await row.locator('td[data-measure="incidents"] a').click();
  await page.locator('#stats-list-table, #stats-list-empty').first().waitFor();
  const categories = await page.locator('#stats-list-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.category));
  assert.equal(categories.length, cell.incidents.value);
  assert.deepEqual([...new Set(categories)], ['INDIRECT_FIRE']);
  assert.match(page.url(), /category=INDIRECT_FIRE/);
  await page.locator('#stats-back').click();

  // The issued report's CSV downloads with the token (a plain link could not carry it).
  const csv = page.locator('#stats-reports tr[data-period="2026-03"] a[data-format="csv"]').first();
  await csv.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  assert.match(download.suggestedFilename(), /^lebanon-tripartite-monthly-2026-03.*\.csv$/);
  assert.ok(readFileSync(await download.path(), 'utf8').length > 0);
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('a party delegate counts a sensitive category but lists none of it and sees no confidential field', async () => {
  const ctx = await context(b, { viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signIn(page, 'laf.delegate', 'demo-laf-delegate');
  assert.equal(await page.locator('#nav a[href="#/statistics"]').isVisible(), true, 'in the header for a delegate');
  await page.goto(PAGE);
  const row = page.locator('#stats-by-category tr[data-key="SEXUAL_VIOLENCE"]');
  await row.waitFor();
  const api = await answer('laf.delegate', 'demo-laf-delegate', 'category');
  assert.equal(api.audience, 'parties');
  const cell = api.bySecond.find((r) => r.key.category === 'SEXUAL_VIOLENCE').values.incidents;
  assert.equal(await row.locator('td[data-measure="incidents"]').innerText(), String(cell.value));
  assert.equal(await row.locator('a').count(), 0, 'a count, not a link to incidents');
  assert.equal(await page.locator('#stats-by-category tr[data-key="INDIRECT_FIRE"] td[data-measure="incidents"] a').count(), 1);

  // Asked for directly, the list of that category holds nothing: the layer never gives it to a delegate.
  await page.goto(`/app/#/statistics/${MECHANISM}/incidents?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z&category=SEXUAL_VIOLENCE`);
  await page.locator('#stats-list-empty').waitFor();
  // A list the delegate may read: no claimant column, and nowhere the sensitive report's words or source.
  await page.goto(`/app/#/statistics/${MECHANISM}/incidents?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z`);
  await page.locator('#stats-list-table').waitFor();
  assert.equal(await page.locator('#stats-list-table tr[data-category="SEXUAL_VIOLENCE"]').count(), 0);
  assert.equal(await page.locator('#stats-list-table th', { hasText: 'Claimed by' }).count(), 0);
  const html = await page.content();
  for (const secret of [SECRET_SOURCE, SECRET_TEXT, 'claimedBy', 'assignedTo']) assert.ok(!html.includes(secret), secret);

  // Another mechanism's statistics are not theirs: the API's 404, said on the page.
  await page.goto('/app/#/statistics/colombia-mmv');
  await page.locator('#stats-error').waitFor();
  assert.equal(await page.locator('#stats-by-category').count(), 0);
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('the statistics page passes axe-core (any impact) and fits a 390 px phone', async () => {
  // axe is injected as an inline script, which the app's CSP forbids: this context alone bypasses it.
  const ctx = await context(b, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, 'chair.lb', 'demo-chair-lb');
  const found = {};
  const overflow = {};
  for (const [name, url, ready] of [
    ['page', PAGE, '#stats-reports, #stats-reports-empty'],
    ['list', `/app/#/statistics/${MECHANISM}/incidents?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z`, '#stats-list-table'],
  ]) {
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    await page.locator('#chart-incidents canvas, #stats-list-table').first().waitFor();
    overflow[name] = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.addScriptTag({ content: AXE });
    found[name] = await page.evaluate(async () => (await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })).violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
  }
  assert.deepEqual(overflow, { page: 0, list: 0 });
  assert.deepEqual(found, { page: [], list: [] });
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
