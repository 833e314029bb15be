// What a source declares so the offline engine reads it: the calls it makes, in what order and with what
// arguments, how each output is parsed (the zod contracts in src/core/contracts), and the bundle slot it fills.
import type { ToolCallOutcome } from '../core/tools.js';
import type { Cited, EvidenceBundle } from './bundle.js';

/** The window of the investigation, in the forms the calls take. */
export interface GatherWindow {
  /** Epoch ms. */
  from: number;
  to: number;
  /** The same as ISO strings. */
  since: string;
  until: string;
}

/** What one source's gather step is handed: its calls (named without the `<server>__` prefix) and the bundle. */
export interface GatherKit {
  window: GatherWindow;
  bundle: EvidenceBundle;
  /** Most gauge metrics to sample. */
  maxSeries: number;
  /** Calls one of this server's tools; null when the server does not offer it. Never throws: a failure is an outcome. */
  call(tool: string, args: Record<string, unknown>): Promise<ToolCallOutcome | null>;
  /** An answered call's JSON (null for a failure, a skipped call or text that is not JSON). */
  json(outcome: ToolCallOutcome | null): unknown;
  /** The parsed data with the call it came from, or null when the call failed or its output does not fit. */
  cited<T>(outcome: ToolCallOutcome | null, parse: (json: unknown) => T | null): Cited<T> | null;
}

export interface OfflineSource {
  /** The server whose tools the calls name (the prefix of `<server>__<tool>`). */
  server: string;
  /** Makes the calls and fills this source's bundle slots; runs in parallel with the other sources. */
  gather(kit: GatherKit): Promise<void>;
}

export const offlineSource = (s: OfflineSource): OfflineSource => s;
