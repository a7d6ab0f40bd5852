// The mechanisms' vocabulary (GET /api/v1/vocabulary): the incident statuses in workflow
// order with their rules (open, on the agenda, records the finding), the findings, the
// parties' positions and the severity scale, each labelled in every language. The service
// defines them; the app keeps no copy, only the last answer on the device.
import { kept, keptCopy } from './api.js';
import { label } from './i18n.js';

const KEY = 'trucewatch.vocabulary';
let vocabulary = keptCopy(KEY);

/** The vocabulary, kept on the device: offline, the copy from the last visit. */
export async function loadVocabulary() {
  vocabulary = await kept('/api/v1/vocabulary', KEY);
  return vocabulary;
}

/** The statuses in workflow order: {code, open, onAgenda, recordsFinding, labels}. */
export function statuses() {
  return vocabulary?.statuses || [];
}

export function findings() {
  return vocabulary?.findings || [];
}

export function positions() {
  return vocabulary?.positions || [];
}

/** The status with this code, or undefined. */
export function status(code) {
  return statuses().find((s) => s.code === code);
}

/** Whether moving to this status records the finding (the finding form, not a button). */
export function recordsFinding(code) {
  return Boolean(status(code)?.recordsFinding);
}

/** {min, max} of the severity scale, or null before the vocabulary is known. */
export function severityScale() {
  return vocabulary?.severity || null;
}

/** The level part of the triage queue's id (mechanism.triage). */
export function triageLevel() {
  return vocabulary?.triageLevel;
}

function termLabel(list, code) {
  const term = list.find((x) => x.code === code);
  return term ? label(term.labels, code) : code;
}

export const statusLabel = (code) => termLabel(statuses(), code);
export const findingLabel = (code) => termLabel(findings(), code);
export const positionLabel = (code) => termLabel(positions(), code);
