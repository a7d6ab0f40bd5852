// Mechanism protocols (names of levels, teams and parties), fetched once per page load.
import { api } from './api.js';
import { label, t } from './i18n.js';
import { triageLevel } from './vocabulary.js';

const cache = new Map();

export function protocol(code) {
  if (!cache.has(code)) cache.set(code, api(`/api/v1/mechanisms/${encodeURIComponent(code)}`).catch(() => null));
  return cache.get(code);
}

/** A queue id (mechanism.level.team, mechanism.level, mechanism.triage) as {mechanism, place} names. */
export async function queueParts(queueId) {
  const [code, level, team] = queueId.split('.');
  const p = await protocol(code);
  const place = [];
  if (level === triageLevel()) place.push(t('queues.triage'));
  else if (level) {
    const l = p?.levels?.find((x) => x.code === level);
    place.push(l ? label(l.name, level) : level);
    if (team) {
      const tm = l?.teams?.find((x) => x.code === team);
      place.push(tm ? label(tm.name, team) : team);
    }
  }
  return { mechanism: p ? label(p.name, code) : code, place: place.join(' — ') };
}

/** "Mechanism — Level — Team" for a queue id. */
export async function queueName(queueId) {
  const { mechanism, place } = await queueParts(queueId);
  return place ? `${mechanism} — ${place}` : mechanism;
}

export async function partyName(code, party) {
  const p = await protocol(code);
  const found = p?.parties?.find((x) => x.code === party);
  return found ? label(found.name, party) : party;
}
