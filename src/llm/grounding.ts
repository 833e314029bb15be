// Code, not the model, decides what counts as evidence: a quote must occur in the output of the call it
// cites and must not be orders to a model, a suspect sha must be a commit the git server returned.
import type { EvidenceItem, ModelVerdict } from '../core/report.js';
import { commitServers } from '../core/sources.js';
import { serverOf } from '../core/tools.js';
import { findCommit } from './commit-lookup.js';
import { readsAsOrders } from './untrusted.js';

/** What a call of this investigation returned, as the model saw it. */
export interface CallRecord {
  id: string;
  tool: string;
  text: string;
}

export interface GroundedVerdict {
  verdict: ModelVerdict;
  /** Verified items first, then unverified ones (verified:false, detail prefixed "unverified:"). */
  evidence: EvidenceItem[];
  verifiedCount: number;
  unverifiedCount: number;
  /** The sha the model named that no git output returned as a commit (removed from the verdict), else null. */
  removedSha: string | null;
  confidenceCap: number;
  notes: string[];
}

/** Shortest quote (normalised characters) that proves anything; "error" is found everywhere. */
export const MIN_QUOTE_CHARS = 8;
const MAX_UNVERIFIED_KEPT = 3;

/** Lower case, JSON string escapes undone, whitespace collapsed: quotes survive re-typing by the model. */
export function normalizeForMatch(text: string): string {
  return text
    .replace(/\\[nrt]/g, ' ')
    .replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\(["\\/])/g, '$1')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function quoteOccurs(quote: string, output: string): boolean {
  const q = normalizeForMatch(quote).replace(/^["'`]+|["'`]+$/g, '').trim();
  if (q.length < MIN_QUOTE_CHARS) return false;
  return normalizeForMatch(output).includes(q);
}

export interface CitationCheck {
  /** The id as cited, without a "call_id=" header form. */
  citedId: string;
  call: CallRecord | undefined;
  verified: boolean;
  /** Why it is not verified; null when it is. */
  why: string | null;
}

/**
 * One cited quote against the calls it may cite: it must occur in the output of the call it names and must not
 * be text addressed to a model (that is the attack, not evidence of anything but itself).
 */
export function checkCitation(callId: string, quote: string, byId: ReadonlyMap<string, CallRecord>): CitationCheck {
  // Models sometimes cite the header form ("call_id=llm-2") instead of the bare id.
  const citedId = callId.trim().replace(/^call_id\s*[=:]\s*/i, '');
  const call = byId.get(citedId);
  const orders = readsAsOrders(quote);
  if (call && !orders && quoteOccurs(quote, call.text)) return { citedId, call, verified: true, why: null };
  const why = orders
    ? 'the quote is text addressed to a model: untrusted data, not evidence'
    : !call
      ? `cites ${callId || 'no call'}, which is not a call of this investigation`
      : "the quote is not in that call's output";
  return { citedId, call, verified: false, why };
}

/** Confidence the code allows for a number of verified and unverified evidence items. */
export function confidenceCap(verified: number, unverified: number): number {
  const base = verified === 0 ? 0.3 : verified === 1 ? 0.6 : verified === 2 ? 0.8 : 0.95;
  return Math.max(0.05, Math.round((base - 0.05 * unverified) * 100) / 100);
}

/** Servers whose outputs can establish that a sha is a commit (a log line that mentions one cannot): the registry's. */
export const COMMIT_SERVERS: readonly string[] = commitServers();

/**
 * True when `sha` is a commit: a git call of this investigation returned it as one, or the offline engine's
 * git calls did (`knownShas`). A sha that only appears in a log line or a metric label is not a change.
 */
export function isKnownCommit(sha: string, calls: CallRecord[], knownShas: string[] = [], servers: readonly string[] = COMMIT_SERVERS): boolean {
  const s = sha.trim().toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(s)) return false;
  if (knownShas.some((k) => k.toLowerCase().startsWith(s))) return true;
  const gitOutputs = calls.filter((c) => servers.includes(serverOf(c.tool))).map((c) => c.text);
  return findCommit(s, gitOutputs) !== null;
}

/**
 * Checks a verdict against the calls of this investigation. `knownShas` are commits the offline engine's
 * own git calls established (its suspect change, its candidates): naming one of those is grounded too.
 * `commitServers`: the servers whose outputs establish commits (the built-in registry's by default).
 */
export function groundVerdict(
  verdict: ModelVerdict,
  calls: CallRecord[],
  opts: { knownShas?: string[]; commitServers?: readonly string[] } = {},
): GroundedVerdict {
  const byId = new Map(calls.map((c) => [c.id, c]));
  const verified: EvidenceItem[] = [];
  const unverified: EvidenceItem[] = [];
  const notes: string[] = [];
  const seenQuotes = new Set<string>();
  for (const item of verdict.evidence) {
    const check = checkCitation(item.call_id, item.quote, byId);
    const dedupe = `${check.citedId}|${normalizeForMatch(item.quote)}`;
    if (seenQuotes.has(dedupe)) continue;
    seenQuotes.add(dedupe);
    const { call } = check;
    if (check.verified && call) {
      verified.push({ source: serverOf(call.tool), tool: call.tool, call_id: call.id, detail: item.detail, quote: item.quote, verified: true });
      continue;
    }
    unverified.push({
      source: call ? serverOf(call.tool) : 'model',
      tool: call?.tool ?? 'unknown',
      call_id: item.call_id,
      detail: `unverified (${check.why}): ${item.detail}`,
      quote: item.quote,
      verified: false,
    });
  }
  if (unverified.length) notes.push(`${unverified.length} of ${verified.length + unverified.length} evidence items from the model could not be verified`);

  let cap = confidenceCap(verified.length, unverified.length);
  let suspectSha = verdict.suspect_sha?.trim() || null;
  let removedSha: string | null = null;
  if (suspectSha) {
    if (!isKnownCommit(suspectSha, calls, opts.knownShas, opts.commitServers)) {
      removedSha = suspectSha;
      suspectSha = null;
      cap = Math.min(cap, 0.3);
      notes.push(`the model's suspect ${removedSha.slice(0, 12)} is not a commit the git server returned and was removed`);
    }
  }
  const confidence = Math.min(verdict.confidence, cap);
  let summary = verdict.summary;
  if (verified.length === 0 && !/^unconfirmed:/i.test(summary)) summary = `Unconfirmed: ${summary}`;
  return {
    verdict: { ...verdict, summary, suspect_sha: suspectSha, confidence },
    evidence: [...verified, ...unverified.slice(0, MAX_UNVERIFIED_KEPT)],
    verifiedCount: verified.length,
    unverifiedCount: unverified.length,
    removedSha,
    confidenceCap: cap,
    notes,
  };
}
