// A platform's process types are parts of one app: Heroku's router logs the app it served, by its default host, and
// the dyno that served it (`host=bookshop.herokuapp.com … dyno=web.2`), so `web` is bookshop's process and bookshop is named.
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { textOf } from './signals.js';

/** A router line's app (the first label of its platform host) and the process type of the dyno that served it. */
const ROUTED = /\bhost=([a-z][a-z0-9-]{1,62})\.herokuapp\.com\b[^\n]*?\bdyno=([a-z][\w-]{0,59})\.\d+\b/gi;

/** Process type → app, from router lines; a process type seen serving two apps is left out (it names neither). */
export function processApps(texts: string[]): Map<string, string> {
  const seen = new Map<string, string | null>();
  for (const text of texts) {
    for (const m of text.matchAll(ROUTED)) {
      const [app, proc] = [m[1]!.toLowerCase(), m[2]!.toLowerCase()];
      seen.set(proc, seen.has(proc) && seen.get(proc) !== app ? null : app);
    }
  }
  return new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
}

/** Names the app, not its process type, in every hypothesis whose service is a process the router served the app with. */
export function nameApps(hypotheses: Hypothesis[], ctx: AnalysisContext): void {
  const apps = processApps(ctx.related.map(textOf));
  if (apps.size === 0) return;
  for (const h of hypotheses) {
    const app = h.service ? apps.get(h.service.toLowerCase()) : undefined;
    if (app) h.service = app;
  }
}
