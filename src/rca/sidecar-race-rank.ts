// Ranking's part for an app whose first connections fail before its mesh sidecar is ready (analyzers/sidecar-race.ts):
// the mesh change live before the first such failure (a revision label, the hold setting) is the cause, not the app's code.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { revertOf } from './setter-hypothesis.js';

const MIN = 60_000;
/**
 * How long before the first early failure the mesh change may have gone live: injection happens when a pod is created,
 * so a job's pods race from its next run on and a Deployment's from its next rollout or restart, within the look-back.
 */
const BEFORE = 24 * 60 * MIN;
/** Tag times and log clocks disagree by seconds; a change tagged just after the first failure still went live with it. */
const SLACK = 2 * MIN;
/** Above what shares words with the errors: the sidecar's own lines place the failures, the diff changes its start. */
const FLOOR = 0.7;
const CEILING = 0.9;

/**
 * With an app's connections failing between its pods' sidecar start and ready lines from the onset on, names the
 * latest change before the first such failure whose changed lines move how the sidecar is injected or starts, scoped
 * to the app's namespace or the app (or mesh-wide). With Istio's `holdApplicationUntilProxyStarts` (Linkerd's
 * proxy-await) the app starts only once its proxy is ready; a revision or injection change that drops it lets the app
 * connect first, and every start of a job's pods is refused until the proxy listens. Blamed at the app, as config.
 */
export function rankSidecarRace(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const k = conditions.find((x) => x.condition === 'sidecar_race' && x.service);
  if (!k) return;
  const service = k.service!;
  const first = Date.parse(k.timeline[0]?.time ?? '');
  if (Number.isNaN(first)) return;
  const at = (c: ChangeFinding) => Date.parse(c.change.time);
  const scoped = (c: ChangeFinding) => c.mesh!.scope.length === 0 || c.mesh!.scope.includes(service) || (!!k.namespace && c.mesh!.scope.includes(k.namespace));
  const c = changes
    .filter((x) => x.mesh && !x.inert && at(x) <= first + SLACK && first - at(x) <= BEFORE && scoped(x))
    .sort((a, b) => at(b) - at(a))[0];
  if (!c) return;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(c, [k], base, ctx, 'onset');
  h.service = service;
  h.category = 'config_error';
  h.support = [...base, c, k];
  const proxy = k.names?.[0] ?? 'its sidecar';
  h.summary =
    `${service}'s pods connect out before ${proxy} is ready since commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${c.change.ref ? ` (${c.change.ref})` : ''} ` +
    `changed how its sidecar starts ("${c.mesh!.line}"), ${minutes(Math.max(0, first - at(c)))} before the first such failure: without the hold ` +
    `until the proxy starts, the app's first connections reach a proxy that does not listen yet and are refused; ${k.summary}`;
  h.recommendations = [`${revertOf(c)}, or set holdApplicationUntilProxyStarts (Linkerd: config.linkerd.io/proxy-await) for ${service}'s pods`, k.recommendation];
  h.score = h.confidence = justAbove(hypotheses, FLOOR, CEILING);
  hypotheses.push(h);
}
