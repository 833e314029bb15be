// Ranking's part for a runtime change announced in the logs: a flag switched or configuration reloaded seconds before
// a service's errors began is their trigger, over a release that had been live for many minutes without them.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { normalizeService } from './service-names.js';
import { announcedChange } from './analyzers/runtime-change.js';
import { topDirectory } from './change-settings.js';

type RuntimeFinding = Extract<Finding, { kind: 'runtime_change' }>;

/** Strong enough to be named: within the errors' first minutes (the analyzer's full strength). */
const PROMPT_CONFIDENCE = 0.6;
/** A release live this much longer than the runtime change ran without the errors before it. */
const EARLIER_MS = 5 * 60_000;

/** The runtime change in a service whose own errors began right after it, as a hypothesis; null when there is none. */
export function runtimeHypothesis(findings: Finding[], base: Finding[], ctx: AnalysisContext): Hypothesis | null {
  const migration = schemaHypothesis(findings, base, ctx);
  if (migration) return migration;
  const failing = new Set<string>();
  for (const f of base) if (f.kind === 'new_errors' && f.service) failing.add(normalizeService(f.service));
  if (ctx.affectedService) failing.add(ctx.affectedService);
  const trigger = findings
    // A pod created or a JVM started is routine: only a flag or a configuration change is a trigger on its own.
    .filter((f): f is RuntimeFinding => f.kind === 'runtime_change' && (f.change === 'flag' || f.change === 'config') && f.confidence >= PROMPT_CONFIDENCE && f.service !== null && failing.has(f.service))
    .sort((a, b) => b.confidence - a.confidence || Date.parse(b.time) - Date.parse(a.time))[0];
  if (!trigger) return null;
  const what = trigger.change === 'flag' ? 'the feature flag' : 'the configuration';
  return {
    summary: `${trigger.service} started failing right after a runtime change it logged, which no release shows: ${announcedChange(trigger.change, Math.max(0, (ctx.onset ?? 0) - Date.parse(trigger.time)), trigger.text)}`,
    category: 'config_error',
    service: trigger.service,
    suspect: null,
    confidence: trigger.confidence,
    score: trigger.confidence,
    support: [...base, trigger],
    recommendations: [
      `Revert ${what} change "${trigger.text.slice(0, 120)}" and confirm that ${trigger.service}'s errors stop`,
      `Find who or what made the change at ${trigger.time} (flag service audit log, config management) before switching it on again`,
    ],
  };
}

/**
 * The schema changed under running code minutes before the errors (an index dropped, a column altered), wherever it was
 * logged (the database's own log, the migration tool's line), and a commit names what changed: that migration is the
 * cause, whatever words it shares with the errors; the service it belongs to is the culprit.
 */
function schemaHypothesis(findings: Finding[], base: Finding[], ctx: AnalysisContext): Hypothesis | null {
  const changes = new Map(findings.flatMap((f) => (f.kind === 'change' ? [[f.change.sha, f] as const] : [])));
  const trigger = findings
    .filter((f): f is RuntimeFinding => f.kind === 'runtime_change' && f.change === 'schema' && !!f.commit && changes.has(f.commit) && f.confidence >= PROMPT_CONFIDENCE * 0.75)
    .sort((a, b) => b.confidence - a.confidence || Date.parse(b.time) - Date.parse(a.time))[0];
  if (!trigger) return null;
  const c = changes.get(trigger.commit!)!;
  const owner = topDirectory(c.paths);
  const service = owner && ctx.services.has(owner) ? owner : ctx.affectedService ?? owner;
  const ref = c.change.ref ? ` (${c.change.ref})` : '';
  return {
    summary: `${service ?? 'the service'} broke after commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref}: its migration ran ${announcedChange('schema', Math.max(0, (ctx.onset ?? 0) - Date.parse(trigger.time)), trigger.text)}`,
    category: c.configOnly ? 'config_error' : 'code_regression',
    service,
    suspect: c.change,
    confidence: Math.min(0.9, trigger.confidence + 0.15),
    score: Math.min(0.9, trigger.confidence + 0.15),
    support: [...base, c, trigger],
    recommendations: [
      `Undo the schema change of ${c.change.sha.slice(0, 12)} "${c.change.message}" (its down migration, or recreate what it dropped) and confirm the errors stop`,
      'Check a schema change against production traffic before it runs (query plans, index usage on every replica)',
    ],
  };
}

/**
 * Releases that went live well before the runtime change ran without the errors until it: each stays a hypothesis
 * but ranks below it. A release live at about the same time keeps its rank (a deploy reloads configuration too).
 */
export function belowRuntime(hypotheses: Hypothesis[], runtime: Hypothesis): void {
  const at = Date.parse((runtime.support.at(-1) as RuntimeFinding).time);
  for (const h of hypotheses) {
    if (!h.suspect || Date.parse(h.suspect.time) > at - EARLIER_MS) continue;
    h.score = Math.min(h.score, runtime.score - 0.05);
    h.confidence = Math.min(h.confidence, h.score);
  }
}
