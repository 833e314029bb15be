// Ranking's part for traffic shifted onto a backend that could not take it: a change raised a split's weight toward a
// backend (a canary at 5 % → 50 %), and that backend hit a resource limit right after. The shift is the cause.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { pushSetter, revertOf } from './setter-hypothesis.js';
import { trackOf } from './canary-tracks.js';
import { normalizeService } from './service-names.js';

/** A proxy applies a new split within seconds, so its backend saturates within minutes of it, not an hour later. */
const REACH = 15 * 60_000;
/** A resource condition this weak still says where the limit was hit, once the shift says why. */
const LIMIT_MIN = 0.3;

/**
 * The latest change, live within REACH before the onset, that raised the weight of the very backend that then hit a
 * resource limit (CPU at its quota, a pool): a hypothesis over the limit alone and over releases tied by words. Its
 * service is the one the backend is a track of (the canary is checkout's), named so by nameTracks too.
 */
export function rankTrafficShift(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const hit = conditions.filter((k) => (k.condition === 'saturation' || k.condition === 'oom') && k.service && k.confidence >= LIMIT_MIN);
  const found = changes
    .filter((c) => c.shifts?.length && !c.inert && Date.parse(c.change.time) <= onset && onset - Date.parse(c.change.time) <= REACH)
    .flatMap((c) => c.shifts!.flatMap((s) => hit.filter((k) => normalizeService(k.service!) === normalizeService(s.backend)).map((k) => ({ c, s, k }))))
    .sort((a, b) => Date.parse(b.c.change.time) - Date.parse(a.c.change.time))[0];
  if (!found) return;
  const { c, s, k } = found;
  const service = trackOf(k.service!, ctx.services) ?? k.service!;
  const holding = hypotheses.filter((h) => h.support.includes(k)).reduce((m, h) => Math.max(m, h.score), 0);
  const score = Math.min(0.9, Math.max(k.confidence, holding) + 0.05);
  const pushed = pushSetter(hypotheses, c, {
    summary:
      `${service} broke after commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${c.change.ref ? ` (${c.change.ref})` : ''} moved traffic onto ${s.backend} ` +
      `(weight ${s.from} → ${s.to}), ${minutes(Math.max(0, onset - Date.parse(c.change.time)))} before the errors, and ${s.backend} then hit a resource limit ` +
      `(${k.summary.split(': ')[0]}): the shift sent it more than it can take (traffic shifted onto it, not words)`,
    service,
    score,
    base: [...base, k],
    recommendations: [
      `Set the split back (${revertOf(c)}) and confirm ${s.backend}'s resource use and the errors fall back`,
      `Size ${s.backend} for the share it is given before raising its weight (replicas and limits as the stable track's, or a smaller step)`,
      k.recommendation,
    ],
  });
  if (!pushed) return;
  const h = hypotheses[hypotheses.length - 1]!;
  h.category = 'config_error';
  // The limit is how the shift broke it, not a rival answer.
  for (const x of hypotheses) {
    if (x !== h && x.suspect === null && x.support.includes(k)) {
      x.score = Math.min(x.score, score - 0.05);
      x.confidence = Math.min(x.confidence, x.score);
    }
  }
}
