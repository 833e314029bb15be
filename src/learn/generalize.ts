// Keeps improvements procedures rather than incident records: param values in new text become
// `{{ params.x }}` templates, and hostnames, timestamps, ids and addresses of the failed case are refused.
import type { ExecutionResult } from '../runbook/execution-result.js';

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const LONG_HEX = /\b[0-9a-f]{12,}\b/i;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;
const EPOCH = /\b1[5-9]\d{8}(?:\d{3})?\b/;
const RUN_IDS = /\b(?:exec|inv)-\d{8}-\d{6}-[0-9a-f]+\b/;

/** Replaces literal param values (3+ characters) in a string by templates, longest value first. */
export function templatize(s: string, params: Record<string, string>): string {
  const entries = Object.entries(params).filter(([, v]) => v.length >= 3).sort((a, b) => b[1].length - a[1].length);
  let out = s;
  for (const [name, value] of entries) out = out.split(value).join(`{{ params.${name} }}`);
  return out;
}

/**
 * Problems with text added by an improvement: each names what was baked in. `parentText` is the
 * parent's YAML, so a literal the parent already had (an IP it always used) is not blamed on the repair.
 */
export function volatileTokens(added: string, r: Pick<ExecutionResult, 'hostname' | 'execution_id' | 'incident_id'>, parentText = ''): string[] {
  const text = added.replace(/\{\{[^}]*\}\}/g, '');
  const problems: string[] = [];
  const literal = (what: string, value: string | null | undefined) => {
    if (value && value.length >= 3 && text.includes(value) && !parentText.includes(value)) problems.push(`${what} "${value}" of the failed run`);
  };
  literal('hostname', r.hostname);
  literal('execution id', r.execution_id);
  literal('incident id', r.incident_id);
  const patterns: Array<[string, RegExp]> = [
    ['timestamp', ISO_TIME], ['uuid', UUID], ['run id', RUN_IDS], ['hex id', LONG_HEX], ['IP address', IPV4], ['epoch time', EPOCH],
  ];
  for (const [what, re] of patterns) {
    const m = re.exec(text);
    if (m && !parentText.includes(m[0])) problems.push(`${what} "${m[0]}"`);
  }
  return problems;
}
