// Which runbooks fit a root-cause report: each runbook's `match` (categories, signature regexes, services)
// is scored against the report's category, its evidence text and its service. Pure: no I/O, no clock.
import type { Report } from '../core/report.js';

export interface MatchRule {
  categories?: string[];
  signatures?: string[];
  services?: string[];
}

export interface MatchCandidate {
  id: string;
  title: string;
  match?: MatchRule;
}

export interface RunbookMatch {
  id: string;
  title: string;
  /** 0..1: category 0.5, a signature found in the evidence 0.35, the service 0.15. */
  score: number;
  /** Why it fits, for people: "category resource_exhaustion", "signature /QueuePool limit/", "service checkout". */
  reasons: string[];
}

const WEIGHT = { category: 0.5, signature: 0.35, service: 0.15 } as const;

/** The report's text a signature regex is tried against: what the evidence quotes and says, and the summary. */
export function reportText(report: Report): string {
  const parts = [
    report.root_cause.summary,
    ...report.evidence.flatMap((e) => [e.quote, e.detail]),
    ...report.timeline.map((t) => t.event),
  ];
  return parts.join('\n');
}

function compile(source: string): RegExp | null {
  try {
    return new RegExp(source, 'm');
  } catch {
    return null;
  }
}

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Scores one runbook. It fits when one of its signatures occurs in the report, or, for a runbook that lists
 * no signatures, when its category is the root cause's. A service alone is never enough, an `unknown` root cause
 * fits nothing by category, and a runbook whose services omit the report's service still fits, scored lower.
 */
export function scoreRunbook(report: Report, rb: MatchCandidate, text = reportText(report)): RunbookMatch | null {
  const m = rb.match;
  if (!m) return null;
  const reasons: string[] = [];
  let score = 0;
  const category = report.root_cause.category;
  const categoryHit = category !== 'unknown' && (m.categories ?? []).some((c) => norm(c) === category);
  if (categoryHit) {
    score += WEIGHT.category;
    reasons.push(`category ${category}`);
  }
  const sig = (m.signatures ?? []).find((s) => compile(s)?.test(text) === true);
  if (sig !== undefined) {
    score += WEIGHT.signature;
    reasons.push(`signature /${sig}/`);
  }
  // Signatures are the specific part: a runbook that lists some fits only when one is found (category alone
  // would offer every resource_exhaustion runbook -- OOM, disk -- for a pool exhaustion).
  const fits = sig !== undefined || (categoryHit && (m.signatures ?? []).length === 0);
  if (!fits) return null;
  const service = report.root_cause.service;
  if (service && (m.services ?? []).some((s) => norm(s) === norm(service))) {
    score += WEIGHT.service;
    reasons.push(`service ${service}`);
  }
  return { id: rb.id, title: rb.title, score: Math.round(score * 100) / 100, reasons };
}

/** The runbooks that fit, best first (ties by id); one entry per id (the first candidate of an id wins). */
export function matchRunbooks(report: Report, candidates: readonly MatchCandidate[]): RunbookMatch[] {
  const text = reportText(report);
  const seen = new Set<string>();
  const out: RunbookMatch[] = [];
  for (const rb of candidates) {
    if (seen.has(rb.id)) continue;
    seen.add(rb.id);
    const hit = scoreRunbook(report, rb, text);
    if (hit) out.push(hit);
  }
  return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** The params an offered runbook gets from the report: its service, the suspect commit, the repository read. */
export function paramsFromReport(names: readonly string[], report: Report, repo: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const service = report.root_cause.service;
  const sha = report.root_cause.suspect_change?.sha;
  for (const n of names) {
    if ((n === 'service' || n === 'container') && service) out[n] = service;
    else if ((n === 'commit' || n === 'sha') && sha) out[n] = sha;
    else if (n === 'repo' && repo) out[n] = repo;
  }
  return out;
}
