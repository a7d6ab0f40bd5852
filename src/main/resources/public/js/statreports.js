// The mechanism's issued reports (GET /api/v1/mechanisms/{code}/reports) with their downloads,
// as the page's audience gets them (audience=public: the public copies, which the links ask for).
// A download needs the bearer token, which a plain link cannot carry: the file is fetched with
// it and handed to the browser as a blob under the name the link shows.
import { api } from './api.js';
import { h } from './dom.js';
import { label, t, when } from './i18n.js';
import { failed } from './ui.js';

const FORMATS = ['html', 'pdf', 'csv', 'xlsx'];

/** The archive's table; p is the mechanism's protocol (for the levels' names), or null; audience: '' or 'public'. */
export async function issuedReports(code, p, audience) {
  const list = await api(`/api/v1/mechanisms/${encodeURIComponent(code)}/reports${audience ? `?audience=${audience}` : ''}`);
  if (!list.length) return h('p', { class: 'muted', id: 'stats-reports-empty' }, t('stats.reportsEmpty'));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'stats-table', id: 'stats-reports' },
    h('caption', { class: 'visually-hidden' }, t('stats.reports')),
    h('thead', {}, h('tr', {}, ['stats.period', 'stats.kind', 'incident.level', 'stats.version', 'stats.issuedAt', 'stats.download']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map((r) => h('tr', { dataset: { report: r.id, period: r.period } },
      h('th', { scope: 'row' }, r.period || ''),
      h('td', {}, t(`stats.kind.${r.kind}`)),
      h('td', {}, r.level ? label(p?.levels?.find((l) => l.code === r.level)?.name, r.level) : ''),
      h('td', {}, String(r.version)),
      h('td', {}, when(r.issuedAt)),
      h('td', { class: 'downloads' }, FORMATS.filter((f) => r.links?.[f]).map((f) => {
        const file = `${code}-${r.kind}-${r.period}${r.level ? `-${r.level}` : ''}-v${r.version}${audience ? `-${audience}` : ''}.${f}`;
        return h('a', { href: r.links[f], download: file, dataset: { format: f },
          'aria-label': t('stats.downloadAs', { format: f.toUpperCase(), period: r.period }),
          onclick: (ev) => { ev.preventDefault(); download(r.links[f], file).catch(failed); } }, f.toUpperCase());
      })))))));
}

async function download(path, file) {
  const blob = await (await api(path, { raw: true })).blob();
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: file, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
