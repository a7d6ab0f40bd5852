// A level's meeting agenda: the incidents awaiting review there, as a page to print and
// take into the meeting (the navigation and controls are hidden in print).
import { api, session } from './api.js';
import { h } from './dom.js';
import { label, t, when } from './i18n.js';
import { partyName, protocol, queueName } from './mechanisms.js';
import { categoryLabel, loadTaxonomy } from './taxonomy.js';
import { failed } from './ui.js';
import { findingLabel, loadVocabulary, statusLabel } from './vocabulary.js';

export async function show(root, [code, level]) {
  await Promise.all([loadTaxonomy(), loadVocabulary()]);
  const mechanisms = [...new Set((session.user?.grants || [])
    .filter((g) => ['chair', 'party_delegate', 'gis_analyst'].includes(g.role) && g.mechanism).map((g) => g.mechanism))];
  code = code || mechanisms[0];
  if (!code) {
    root.append(h('p', { class: 'muted' }, t('agenda.none')));
    return null;
  }
  const p = await protocol(code);
  const levels = p?.levels || [];
  // A chair whose grant names a level meets at that level: a local chair's agenda opens on
  // the local level, not the national one; others start at the highest level.
  const own = (session.user?.grants || []).find((g) => g.mechanism === code && g.level
    && levels.some((l) => l.code === g.level))?.level;
  level = level || own || levels[levels.length - 1]?.code;
  const pick = h('form', { class: 'filters no-print' },
    h('label', { for: 'agenda-mechanism' }, t('agenda.mechanism')),
    h('select', { id: 'agenda-mechanism' }, await Promise.all(mechanisms.map(async (m) =>
      h('option', { value: m, selected: m === code }, label((await protocol(m))?.name, m))))),
    h('label', { for: 'agenda-level' }, t('agenda.level')),
    h('select', { id: 'agenda-level' }, levels.map((l) => h('option', { value: l.code, selected: l.code === level }, label(l.name, l.code)))),
    h('button', { type: 'button', id: 'print', onclick: () => window.print() }, t('agenda.print')));
  pick.addEventListener('change', (ev) => {
    const m = pick.querySelector('#agenda-mechanism').value;
    const l = ev.target.id === 'agenda-mechanism' ? '' : pick.querySelector('#agenda-level').value;
    location.hash = `#/agenda/${encodeURIComponent(m)}${l ? `/${encodeURIComponent(l)}` : ''}`;
  });
  root.append(pick);
  let items;
  try {
    items = await api(`/api/v1/mechanisms/${encodeURIComponent(code)}/agenda?level=${encodeURIComponent(level)}`);
  } catch (e) {
    failed(e);
    return null;
  }
  const levelName = label(levels.find((l) => l.code === level)?.name, level);
  root.append(h('article', { class: 'agenda' },
    h('h1', {}, t('agenda.title', { mechanism: label(p?.name, code), level: levelName })),
    h('p', { class: 'muted' }, `${p?.agreement || ''} · ${t('agenda.generated', { at: when(new Date().toISOString()) })}`),
    items.length ? h('ol', { id: 'agenda-items' }, await Promise.all(items.map(async (i) => h('li', { dataset: { incident: i.id } },
      h('h2', {}, h('a', { href: `#/incidents/${i.id}` }, categoryLabel(i.category)), ' — ', statusLabel(i.status)),
      h('p', {}, `${when(i.observedAt)} · ${t('incident.severity')} ${i.severity} · ${await queueName(i.queue)}`),
      i.finding ? h('p', {}, `${t('incident.finding')}: ${findingLabel(i.finding.finding)}${i.finding.party
        ? ` — ${await partyName(code, i.finding.party)}` : ''}${i.finding.summary ? ` — ${i.finding.summary}` : ''}`) : null,
      (i.violations || []).length ? h('p', {}, `${t('incident.violations')}: ${i.violations.map((v) => v.article).join(', ')}`) : null))))
      : h('p', { id: 'agenda-empty' }, t('agenda.empty'))));
  return null;
}
