// Colours shared by the map, its legend and the queue lists. Status colours are told apart
// by more than hue: the map also draws severity as the marker's size and outline. Which
// statuses exist, and their order, is the service's (vocabulary.js); this only colours them.
import { severityScale } from './vocabulary.js';

export const STATUS_COLOURS = {
  received: '#d62728', triaged: '#ff7f0e', under_verification: '#bcbd22', finding_recorded: '#9467bd',
  escalated: '#e377c2', reviewed: '#2ca02c', closed: '#7f7f7f', reopened: '#8c564b', merged: '#c7c7c7',
};

/** The heat map's one colour: its cells differ by opacity only, so that it never reads as a status. */
export const HEAT_COLOUR = '#b2182b';

export const ZONE_STYLES = {
  buffer_zone: { color: '#1f77b4', fillOpacity: 0.15, weight: 2 },
  area_of_separation: { color: '#17becf', fillOpacity: 0.15, weight: 2 },
  area_of_limitation: { color: '#aec7e8', fillOpacity: 0.12, weight: 2 },
  cantonment_area: { color: '#2ca02c', fillOpacity: 0.2, weight: 2 },
  security_zone: { color: '#98df8a', fillOpacity: 0.08, weight: 2, dashArray: '4 4' },
  ceasefire_line: { color: '#d62728', weight: 3, dashArray: '10 6', fill: false },
  area_of_responsibility: { color: '#555555', fillOpacity: 0.03, weight: 1, dashArray: '2 6' },
};

export const ZONE_TYPES = Object.keys(ZONE_STYLES);

/** A status's colour; grey for one this release has no colour for. */
export function statusColour(status) {
  return STATUS_COLOURS[status] || '#333';
}

/** A marker's radius: larger for more severe, within the service's severity scale. */
export function severityRadius(severity) {
  const scale = severityScale();
  const s = scale ? Math.max(scale.min, Math.min(scale.max, severity || scale.min)) : severity || 1;
  return 4 + 2 * s;
}
