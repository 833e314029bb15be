// The evidence an investigation gathered, typed, with the tool call each piece came from: analyzers read only this
// (no I/O), and every quote they make is checked against `outputs`. The slots are the sources' (src/core/sources/).
import type { RequestFlows } from '../core/sources/request-flows.js';
import type { Cited } from '../core/sources/source.js';
import { emptySlots, type SourceSlots } from '../core/sources.js';

export type { Cited, RequestFlows };

export interface EvidenceBundle extends SourceSlots {
  incident: string;
  window: { from: string; to: string };
  at: string;
  /** The raw text of every call by id: the ground truth for quotes. */
  outputs: Record<string, { tool: string; text: string }>;
}

/** An empty bundle; `slots` are the sources' (all built-in ones by default). */
export function emptyBundle(incident: string, window: { from: string; to: string }, at: string, slots: SourceSlots = emptySlots()): EvidenceBundle {
  return { incident, window, at, ...slots, outputs: {} };
}
