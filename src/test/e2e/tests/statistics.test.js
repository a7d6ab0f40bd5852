// The statistics page (docs/webapp.md, "Statistics"): a chair's charts, tables equal to the API's
// cells, breakdown numbers (a category, a zone, an alleged party, and with the party filter on)
// that open exactly the incidents they count, the issued reports' downloads; a party delegate's
// page equal to the API's answer for them, a sensitive category as a count only and no
// confidential field; the public view equal to the API's public answer, no small count anywhere,
// no workflow, no incident, the public reports; axe finds no violation of any impact; the page
// fits a 390 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { BASE, browser, call, context, result, screenshot, signIn, token } from '../support.js';

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
  // Small-arms fire alleged against IDF (one also against LAF) in Sector West, far from the sensitive report's
  // Sector East: each on a day of its own and 3 km from the next, so that none is another's duplicate.
  const alleged = [];
  for (const [i, parties] of [['IDF'], ['IDF', 'LAF'], ['IDF'], ['IDF']].entries()) {
    const res = await call(monitor, '/api/v1/reports', { method: 'POST', type: 'application/geo+json', body: {
      type: 'Feature', geometry: { type: 'Point', coordinates: [35.20 + 0.03 * i + Math.random() * 0.005, 33.18 + Math.random() * 0.03] },
      properties: { clientReportId: crypto.randomUUID(), category: 'SMALL_ARMS_FIRE', allegedParties: parties,
        observedAt: new Date(Date.UTC(2026, 2, 6 + 4 * i, Math.floor(Math.random() * 24), Math.floor(Math.random() * 60))).toISOString() } } });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    alleged.push(res.json.id);
  }
  result('statistics', { reportId: sent.json.id, alleged });
  // An issued monthly report for the archive's table (already issued by an earlier run: 409).
  const chair = await token('chair.lb', 'demo-chair-lb');
  const issued = await call(chair, `/api/v1/mechanisms/${MECHANISM}/reports`, { method: 'POST',
    body: { kind: 'monthly', period: '2026-03', level: 'tripartite' } });
  assert.ok([201, 409].includes(issued.status), JSON.stringify(issued.json));
});
after(async () => { await b?.close(); });

/** The API's answer for one breakdown, as the page asks for it (extra: '&party=IDF', '&audience=public'). */
async function answer(username, password, dim, extra = '') {
  const tok = await token(username, password);
  const res = await call(tok, `/api/v1/statistics?mechanism=${MECHANISM}&period=month&datetime=2026-01-01T12:00:00Z/2026-04-30T12:00:00Z&groupBy=${dim}${extra}`);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json;
}

const BREAKDOWNS = ['category', 'zone', 'party', 'status', 'finding'];
const MEASURES = ['incidents', 'events', 'killed', 'injured'];
/** A cell as the page writes it in English: the count, or "fewer than N" where the API suppressed it. */
const cellText = (c) => (c.suppressed ? `fewer than ${c.lessThan}` : new Intl.NumberFormat('en').format(c.value));

/** Every breakdown table of the page holds exactly the API's cells for that reader and query; returns the answers. */
async function tablesEqualTheApi(page, username, password, extra = '') {
  const answers = {};
  for (const dim of BREAKDOWNS) {
    const api = answers[dim] = await answer(username, password, dim, extra);
    const table = page.locator(`#stats-by-${dim}`);
    assert.equal(await table.locator('tbody tr[data-key]').count(), api.bySecond.length, dim);
    for (const r of api.bySecond) {
      const row = table.locator(`tbody tr[data-key="${r.key?.[dim] ?? ''}"]`);
      for (const m of MEASURES) {
        assert.equal(await row.locator(`td[data-measure="${m}"]`).innerText(), cellText(r.values[m]), `${dim} ${r.key?.[dim]} ${m}`);
      }
    }
    for (const m of MEASURES) {
      assert.equal(await table.locator(`tfoot td[data-measure="${m}"]`).innerText(), cellText(api.total.values[m]), `${dim} total ${m}`);
    }
  }
  return answers;
}

/**
 * Follows the link of one count (reloading the page at `url` first) and returns how many incidents
 * the list it opens holds, after checking that the list says as many.
 */
async function listed(page, url, cell) {
  if (!page.url().endsWith(url)) {
    // The page may show a link of that name drawn for another query: only one drawn anew is waited for.
    await page.evaluate(() => document.querySelectorAll('a').forEach((a) => { a.dataset.stale = '1'; }));
    await page.goto(url);
  }
  const link = page.locator(`${cell} a:not([data-stale])`);
  await link.waitFor();
  await link.click();
  await page.locator('#stats-list-table, #stats-list-empty').first().waitFor();
  const rows = await page.locator('#stats-list-table tbody tr').count();
  assert.match(await page.locator('#stats-list-count').innerText(), new RegExp(`^${rows} `));
  return rows;
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
  const cell = api.bySecond.find((r) => r.key?.category === 'INDIRECT_FIRE').values;
  assert.ok(cell.incidents.value >= 1);
  assert.equal(await row.locator('td[data-measure="incidents"]').innerText(), String(cell.incidents.value));
  assert.equal(await row.locator('td[data-measure="events"]').innerText(), String(cell.events.value));
  assert.equal(await page.locator('#stats-by-category tfoot td[data-measure="incidents"]').innerText(),
    String(api.total.values.incidents.value));

  assert.ok(!(await page.locator('#stats-body').innerText()).includes('null'), 'no section written as "null"');
  // The chair lists every incident they count (the layer's count of the page equals the total), the
  // sensitive category's included: every count is a link.
  assert.equal(await page.locator('#stats-by-category tr[data-key="SEXUAL_VIOLENCE"] td[data-measure="incidents"] a').count(), 1);
  await screenshot(page, 'statistics', { fullPage: true });

  // The number opens the incidents it counts: the list, filtered the same way.
  await row.locator('td[data-measure="incidents"] a').click();
  await page.locator('#stats-list-table, #stats-list-empty').first().waitFor();
  const categories = await page.locator('#stats-list-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.category));
  assert.equal(categories.length, cell.incidents.value);
  assert.deepEqual([...new Set(categories)], ['INDIRECT_FIRE']);
  assert.match(page.url(), /category=INDIRECT_FIRE/);
  await page.locator('#stats-back').click();

  // A zone's count and an alleged party's open exactly the incidents they count: the layer filtered with
  // A_CONTAINS(zones, …) and A_CONTAINS(allegedParties, …), as the statistics group by them.
  const zone = (await answer('chair.lb', 'demo-chair-lb', 'zone')).bySecond.find((r) => r.key?.zone === 'lb-sector-west').values;
  assert.ok(zone.incidents.value >= 4, JSON.stringify(zone));
  assert.equal(await listed(page, PAGE, '#stats-by-zone tr[data-key="lb-sector-west"] td[data-measure="incidents"]'), zone.incidents.value);
  assert.match(page.url(), /zone=lb-sector-west/);
  const idf = (await answer('chair.lb', 'demo-chair-lb', 'party')).bySecond.find((r) => r.key?.party === 'IDF').values;
  assert.equal(await listed(page, PAGE, '#stats-by-party tr[data-key="IDF"] td[data-measure="incidents"]'), idf.incidents.value);
  // With the alleged-party filter on, every count is of incidents alleged against IDF: a category's, a zone's and
  // another party's (alleged against both) open exactly as many.
  const filtered = `${PAGE}&party=IDF`;
  for (const [dim, key] of [['category', 'SMALL_ARMS_FIRE'], ['zone', 'lb-sector-west'], ['party', 'LAF'], ['party', 'IDF']]) {
    const cell = (await answer('chair.lb', 'demo-chair-lb', dim, '&party=IDF')).bySecond.find((r) => r.key?.[dim] === key).values;
    assert.equal(await listed(page, filtered, `#stats-by-${dim} tr[data-key="${key}"] td[data-measure="incidents"]`),
      cell.incidents.value, `${dim} ${key} with party=IDF`);
  }
  assert.match(page.url(), /party=IDF/);
  await page.goto(PAGE);

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
  await page.locator('#stats-reports, #stats-reports-empty').first().waitFor();
  const answers = await tablesEqualTheApi(page, 'laf.delegate', 'demo-laf-delegate');
  assert.equal(answers.category.audience, 'parties');
  const cell = answers.category.bySecond.find((r) => r.key?.category === 'SEXUAL_VIOLENCE').values.incidents;
  assert.equal(await row.locator('td[data-measure="incidents"]').innerText(), String(cell.value));
  assert.equal(await row.locator('a').count(), 0, 'a count, not a link to incidents');
  assert.equal(await page.locator('#stats-by-category tr[data-key="INDIRECT_FIRE"] td[data-measure="incidents"] a').count(), 1);
  // Sector East holds the sensitive incident, which the delegate counts but may not list: no link. Sector West's
  // count holds none, and its list holds all it counts.
  assert.equal(await page.locator('#stats-by-zone tr[data-key="lb-sector-east"] a').count(), 0);
  const west = answers.zone.bySecond.find((r) => r.key?.zone === 'lb-sector-west').values.incidents.value;
  assert.equal(await listed(page, PAGE, '#stats-by-zone tr[data-key="lb-sector-west"] td[data-measure="incidents"]'), west);

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

test('the public view says what a public release would: the API\'s public cells, no small count, no incident, the public reports', async () => {
  const ctx = await context(b, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await signIn(page, 'chair.lb', 'demo-chair-lb');
  await page.goto(PAGE);
  await page.locator('#stats-by-category').waitFor();
  // The audience is a control of the page, and its state is in the address.
  await page.locator('#stats-audience').selectOption('public');
  await page.locator('#stats-form button[type=submit]').click();
  await page.waitForURL(/audience=public/);
  await page.locator('#stats-public').waitFor();
  await page.locator('#stats-reports, #stats-reports-empty').first().waitFor();
  await page.locator('#stats-map-legend').waitFor();
  const answers = await tablesEqualTheApi(page, 'chair.lb', 'demo-chair-lb', '&audience=public');
  const threshold = answers.category.smallCellThreshold;
  assert.equal(answers.category.audience, 'public');
  assert.ok(threshold >= 2, JSON.stringify(answers.category));
  assert.ok(answers.category.bySecond.some((r) => r.values.incidents.suppressed), 'a small cell to withhold (the sensitive one)');
  assert.equal(await page.locator('#stats-by-category tr[data-key="SEXUAL_VIOLENCE"] td[data-measure="incidents"]').innerText(),
    `fewer than ${threshold}`);

  // No count from 1 to threshold − 1 anywhere: the breakdowns, the series' table and headlines, the zone map.
  const small = (text) => (text.match(/\d[\d,]*/g) || []).map((n) => Number(n.replace(/,/g, ''))).filter((n) => n >= 1 && n < threshold);
  const figures = await page.locator('#stats-body td[data-measure]').allInnerTexts();
  assert.ok(figures.length > 40, `${figures.length} figures`);
  // (A period the API gave no row for is empty; "withheld" is a previous period's suppressed count.)
  for (const f of figures) assert.ok(new RegExp(`^(|0|withheld|fewer than ${threshold}|[\\d,]+)$`).test(f) && !small(f).length, `figure "${f}"`);
  const last = answers.category.byFirst.find((r) => r.key?.period === answers.category.periods.at(-1).label)?.values;
  for (const m of MEASURES) {
    const headline = await page.locator(`.headline[data-measure="${m}"]`).innerText();
    assert.ok(headline.includes(`: ${last ? cellText(last[m]) : ''}`), `${m}: "${headline}"`);
    assert.ok(!last || last[m].suppressed || last[m].value === 0 || last[m].value >= threshold, JSON.stringify(last));
  }
  const tooltips = [];
  for (const zonePath of await page.locator('#stats-map path.stats-zone').all()) {
    await zonePath.dispatchEvent('mouseover');
    tooltips.push(await page.locator('.leaflet-tooltip').last().innerText());
    await zonePath.dispatchEvent('mouseout');
  }
  assert.ok(tooltips.length > 0);
  for (const tip of tooltips) {
    const code = answers.zone.bySecond.find((r) => tip.endsWith(`: ${cellText(r.values.incidents)}`));
    assert.ok(code && !small(tip.slice(tip.lastIndexOf(':'))).length, `tooltip "${tip}"`);
  }
  assert.deepEqual(small(await page.locator('#stats-map-legend').innerText()), []);

  // No workflow figures, no link to an incident or a list of them.
  assert.equal(await page.locator('#stats-flow').count(), 0);
  assert.ok(!(await page.locator('#stats-body').innerText()).includes('null'), 'no section written as "null"');
  assert.equal(await page.locator('#stats-body a[href*="incidents"]').count(), 0);
  // The issued reports are the public copies: every download asks for them, and the CSV holds no small count.
  const links = await page.locator('#stats-reports a[data-format]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.length > 0 && links.every((href) => href.endsWith('?audience=public')), JSON.stringify(links));
  const csv = page.locator('#stats-reports tr[data-period="2026-03"] a[data-format="csv"]').first();
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  assert.match(download.suggestedFilename(), /^lebanon-tripartite-monthly-2026-03.*-public\.csv$/);
  const file = readFileSync(await download.path(), 'utf8');
  const href = await csv.getAttribute('href');
  const as = async (user, password, path) => (await fetch(`${BASE}${path}`,
    { headers: { Authorization: `Bearer ${await token(user, password)}` } })).text();
  assert.equal(file, await as('laf.delegate', 'demo-laf-delegate', href), 'the public copy, whoever asks for it');
  assert.notEqual(file, await as('chair.lb', 'demo-chair-lb', href.replace('?audience=public', '')), 'not the chair\'s own copy');
  await screenshot(page, 'statistics-public', { fullPage: true });
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
    ['public', `${PAGE}&audience=public`, '#stats-reports, #stats-reports-empty'],
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
  assert.deepEqual(overflow, { page: 0, public: 0, list: 0 });
  assert.deepEqual(found, { page: [], public: [], list: [] });
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
