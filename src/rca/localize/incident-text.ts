// What the engineer's words say about the incident: the time it began ("since about 08:43 UTC"), the services
// and endpoints it names, and the kind of signal (latency, errors, timeouts); the walk starts from these.
import { namedServices } from './named-services.js';

export type SignalKind = 'latency' | 'errors' | 'timeouts' | 'unavailable' | null;

export interface IncidentText {
  /** The stated start, resolved to the latest such clock time at or before `to` (ms), or null. */
  since: number | null;
  /** Known services the text names, as given (matched forgivingly: named-services.ts). */
  services: string[];
  kind: SignalKind;
}

const CLOCK = /\b(since|from|started|starting|began|beginning|between|at|around)\s+(?:the\s+)?(?:about\s+|around\s+|approx(?:imately)?\s+|~\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(utc|z|gmt)?\b/gi;
/**
 * "v2.4.0 went out at 09:20", "deployed at 09:12": engineers give a change's time next to the symptoms, and that is
 * when the suspect shipped, not when the incident began (the errors may come 40 min later, or from another change).
 */
const CHANGE_TIME = /\b(?:went\s+out|deployed|released|shipped|rolled\s+out|merged|applied|upgraded|pushed|landed)\s*$/i;
const ISO = /\b(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)\b/;

export function readIncidentText(text: string, knownServices: Iterable<string>, to: number): IncidentText {
  return { since: statedStart(text, to), services: namedServices(text, knownServices), kind: signalKind(text) };
}

/** "since about 08:43 UTC" -> the last 08:43 UTC at or before `to`; an ISO time as written. Times are read as UTC. */
export function statedStart(text: string, to: number): number | null {
  const iso = text.match(ISO);
  if (iso) {
    const t = Date.parse(/[Zz]|[+-]\d{2}:?\d{2}$/.test(iso[1]!) ? iso[1]! : `${iso[1]!.replace(' ', 'T')}Z`);
    if (!Number.isNaN(t) && t <= to) return t;
  }
  // The first clock time that states when it began ("since the 10:00 run"), passing over a change's own time.
  const m = [...text.matchAll(CLOCK)].find((c) => !(/^(at|around)$/i.test(c[1]!) && CHANGE_TIME.test(text.slice(Math.max(0, c.index! - 30), c.index!))));
  if (!m) return null;
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  const day = new Date(to);
  let t = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, min, s);
  if (t > to) t -= 86_400_000;
  return t;
}

export function signalKind(text: string): SignalKind {
  if (/\btim(e|ed|ing)[ -]?outs?\b/i.test(text)) return 'timeouts';
  if (/\b(5\d\d|5xx|errors?|failing|failures?|exceptions?)\b/i.test(text)) return 'errors';
  if (/\b(unavailable|down|unreachable|outage)\b/i.test(text)) return 'unavailable';
  if (/\b(latency|slow(ness|er)?|p9\d|p50|response times?|lag)\b/i.test(text)) return 'latency';
  return null;
}

/**
 * The onset once the engineer's stated start is heard: a detected onset later than the stated one saw the effects,
 * not the start; an earlier one is kept (it began before anyone noticed) unless it lies more than `keepEarlier` before
 * it (weak evidence is held to the stated start). The stated time counts only inside the window.
 */
export function withStatedStart(detected: number | null, stated: number | null, from: number, to: number, keepEarlier = Infinity): number | null {
  if (stated === null || stated <= from || stated > to) return detected;
  return detected === null || detected > stated || detected < stated - keepEarlier ? stated : detected;
}

/** How far "since about 08:43" may be off: a detected onset this much earlier is the same start, seen sharper. */
export const STATED_SLACK = 2 * 60_000;
