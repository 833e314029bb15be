// Ranking's part for a failure that names its own limit ("maximum poll interval exceeded (adjust max.poll.interval.ms)"):
// the change that set that very setting is the cause however long before it went live, since a limit bites only once load reaches it.
import type { ChangedSetting, Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { latestSetter, pushSetter, revertOf } from './setter-hypothesis.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { topDirectory, type ChangeFinding } from './change-settings.js';
import { signatureText } from './signature-words.js';

/** A setting named in a failure is near proof; it ranks above releases tied to the errors by shared words or time. */
const SCORE = 0.8;

/**
 * A key specific enough that its appearance in a message is a reference to it: compound (`max.poll.interval.ms`,
 * `pool_size`, `batchSize`) and not short. A bare `timeout` or `size` is any message's word.
 */
export function specificKey(key: string): boolean {
  return key.length >= 8 && (/[._-]/.test(key) || /[a-z][A-Z]/.test(key));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The settings the change made that `text` names verbatim, as a whole key (not inside a longer one). */
export function settingsNamedIn(settings: ChangedSetting[], text: string): ChangedSetting[] {
  return settings.filter((s) => specificKey(s.key) && new RegExp(`(^|[^\\w.-])${escape(s.key)}($|[^\\w-]|\\.(?!\\w))`, 'i').test(text));
}

/**
 * The latest change that set a setting the failing entries name, as a hypothesis above the rest. The failure's own
 * words say which limit was crossed: who changed it is the question a person asks first, whatever the time gap.
 */
export function rankNamedSetting(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const text = ctx.related.map((r) => signatureText(r.sig)).join('\n');
  const setter = latestSetter(changes, ctx.onset, (c) => settingsNamedIn(c.settings, text)[0]);
  if (!setter) return;
  const { c, s } = setter;
  const ref = c.change.ref ? ` (${c.change.ref})` : '';
  const where = s.path ? ` in ${s.path}` : '';
  const service = (s.path ? topDirectory([s.path]) : null) ?? topDirectory(c.paths) ?? ctx.affectedService;
  const owner = service && ctx.services.has(service) ? service : ctx.affectedService;
  const gap = minutes(Math.max(0, ctx.onset - Date.parse(c.change.time)));
  // Blamed already, and more strongly (the limit it set was seen hit): that reading stands (pushSetter).
  pushSetter(hypotheses, c, {
    summary:
      `${owner ?? 'the service'} broke after commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref} (${s.key} changed from ${s.from} to ${s.to}${where}): ` +
      `the failing entries name ${s.key}, the setting it changed; it went live ${gap} before them, and a limit only bites once load reaches it`,
    service: owner,
    score: SCORE,
    base,
    recommendations: [
      `Set ${s.key} back to ${s.from} (${revertOf(c)}) and confirm the failures stop`,
      `Size ${s.key} against the measured peak (the work one unit takes at peak load) before tightening it again`,
    ],
  });
}
