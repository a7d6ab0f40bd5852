// Mechanism protocols (names of levels, teams and parties), fetched once per page load.
import { api } from './api.js';
import { label } from './i18n.js';

const cache = new Map();

export function protocol(code) {
  if (!cache.has(code)) cache.set(code, api(`/api/v1/mechanisms/${encodeURIComponent(code)}`).catch(() => null));
  return cache.get(code);
}

/** "Mechanism — Level — Team" for a queue id (mechanism.level.team, or mechanism.triage). */
export async function queueName(queueId) {
  const [code, level, team] = queueId.split('.');
  const p = await protocol(code);
  const parts = [p ? label(p.name, code) : code];
  if (level === 'triage') parts.push('triage');
  else if (level) {
    const l = p?.levels?.find((x) => x.code === level);
    parts.push(l ? label(l.name, level) : level);
    if (team) {
      const tm = l?.teams?.find((x) => x.code === team);
      parts.push(tm ? label(tm.name, team) : team);
    }
  }
  return parts.join(' — ');
}

export async function partyName(code, party) {
  const p = await protocol(code);
  const found = p?.parties?.find((x) => x.code === party);
  return found ? label(found.name, party) : party;
}
