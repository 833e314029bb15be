// Runtime changes a service announces in its own log at any level: a feature flag switched, configuration reloaded with
// changes, a workload created or started. They explain incidents no commit does, and are logged once, mostly at info.
import type { LogEntry } from './entries.js';

export interface Announcement {
  time: string;
  service: string | null;
  kind: 'flag' | 'config' | 'lifecycle';
  /** The entry's first line, cut to 240 characters. */
  text: string;
}

/**
 * Most announcements kept per kind of change, the latest (nearest the moment asked about): a window with more is a
 * deploy storm, not one change, and pods created by the dozen must not crowd out the one flag switched.
 */
export const MAX_ANNOUNCEMENTS = 50;

// A cheap first look (most lines fail it on their first characters): one of the words every pattern below needs.
const MAYBE = /flag|toggle|config|setting|propert|created pod|started|scaled|pulling image/i;
// Not a URL's word (`GET /api/flags?enabled=true`).
const FLAG = /(?<![\w/.-])(?:feature[ _-]?)?(?:flag|toggle)s?\b(?![/?=&]).{0,120}?(?:\b(?:changed|enabled|disabled|switched|turned (?:on|off)|flipped|set to|now (?:on|off|true|false))\b|(?:->|=>|→))/i;
const CONFIG = /\b(?:config(?:uration)?|settings|properties)\b.{0,80}?\b(?:reloaded|changed|updated|applied|hot[- ]?reloaded)\b/i;
// Kubernetes' own words for a workload created or started (events), and a JVM service's "Started X in 12.3 seconds".
const LIFECYCLE = /^(?:Created pod: \S+|Started container \S+|Scaled (?:up|down) replica set \S+|Started \w+ in [\d.]+ seconds)/;
// "refreshed: no changes", "configuration unchanged": a look that found nothing new.
const NOTHING = /\b(?:no|0|zero) (?:changes?|difference)\b|\bunchanged\b|\bnothing (?:changed|to (?:do|apply))\b/i;

/** What runtime change the message's first line announces, or null. */
export function announcedKind(message: string): Announcement['kind'] | null {
  const nl = message.indexOf('\n');
  const line = nl < 0 ? message : message.slice(0, nl);
  if (line.length > 2000 || !MAYBE.test(line) || NOTHING.test(line)) return null;
  if (LIFECYCLE.test(line)) return 'lifecycle';
  if (FLAG.test(line)) return 'flag';
  if (CONFIG.test(line)) return 'config';
  return null;
}

/** Collects the announcements among a scan's entries, the latest MAX_ANNOUNCEMENTS of each kind, in time order. */
export class AnnouncementLog {
  private readonly found: Record<Announcement['kind'], Array<{ t: number; a: Announcement }>> = { flag: [], config: [], lifecycle: [] };

  add(time: number, e: LogEntry): void {
    const kind = announcedKind(e.message);
    if (kind === null) return;
    const first = e.message.split('\n', 1)[0]!;
    const list = this.found[kind];
    list.push({ t: time, a: { time: new Date(time).toISOString(), service: e.service, kind, text: first.length > 240 ? `${first.slice(0, 239)}…` : first } });
    // Bounded as it goes (files are read in any order): the earliest is dropped.
    if (list.length > 2 * MAX_ANNOUNCEMENTS) list.splice(0, list.length, ...list.sort((x, y) => x.t - y.t).slice(-MAX_ANNOUNCEMENTS));
  }

  result(): Announcement[] {
    const kept = Object.values(this.found).flatMap((list) => list.sort((x, y) => x.t - y.t).slice(-MAX_ANNOUNCEMENTS));
    return kept.sort((x, y) => x.t - y.t).map((x) => x.a);
  }
}
