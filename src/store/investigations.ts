// Saved investigations for `rca history` and `rca show`: the incident, the window, the sources used,
// the full report and the tool calls; everything redacted before it is written.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { redact, redactValue } from '../core/redact.js';
import { reportSchema, type Report } from '../core/report.js';
import { guard, type Db } from './open.js';
import { StoreError } from './errors.js';

export interface NewInvestigation {
  incident: string;
  window: { from: string; to: string };
  sources: unknown;
  report: Report;
  toolCalls: unknown[];
  /** Defaults to a fresh `inv-YYYYMMDD-HHMMSS-xxxx`. */
  id?: string;
  createdAt?: string;
}

export const investigationSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  incident: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  sources: z.unknown(),
  report: reportSchema,
  tool_calls: z.array(z.unknown()),
});
export type Investigation = z.infer<typeof investigationSchema>;

export const investigationSummarySchema = z.object({
  id: z.string(),
  created_at: z.string(),
  incident: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  summary: z.string().nullable(),
  category: z.string().nullable(),
  service: z.string().nullable(),
  confidence: z.number().nullable(),
});
export type InvestigationSummary = z.infer<typeof investigationSummarySchema>;

export function newId(prefix: string, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${prefix}-${stamp}-${randomBytes(3).toString('hex')}`;
}

export function saveInvestigation(db: Db, inv: NewInvestigation): string {
  const id = inv.id ?? newId('inv');
  guard(db, () =>
    db
      .prepare(
        `INSERT INTO investigations (id, created_at, incident, window_from, window_to, sources_json, report_json, tool_calls_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id, inv.createdAt ?? new Date().toISOString(), redact(inv.incident), inv.window.from, inv.window.to,
        JSON.stringify(redactValue(inv.sources ?? null)), JSON.stringify(redactValue(inv.report)), JSON.stringify(redactValue(inv.toolCalls)),
      ),
  );
  return id;
}

function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StoreError(`investigation row: ${what} is not valid JSON`);
  }
}

export function getInvestigation(db: Db, id: string): Investigation | null {
  const row = guard(db, () => db.prepare('SELECT * FROM investigations WHERE id = ?').get(id)) as Record<string, string> | undefined;
  if (!row) return null;
  const parsed = investigationSchema.safeParse({
    id: row.id,
    created_at: row.created_at,
    incident: row.incident,
    window: { from: row.window_from, to: row.window_to },
    sources: json(row.sources_json, 'sources'),
    report: json(row.report_json, 'report'),
    tool_calls: json(row.tool_calls_json, 'tool_calls'),
  });
  if (!parsed.success) throw new StoreError(`investigation ${id} does not fit the report schema: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Newest first; summary fields come out of the report JSON in SQL so the list never parses whole reports. */
export function listInvestigations(db: Db, opts: { limit?: number } = {}): InvestigationSummary[] {
  const rows = guard(db, () =>
    db
      .prepare(
        `SELECT id, created_at, incident, window_from, window_to,
           json_extract(report_json, '$.root_cause.summary') AS summary,
           json_extract(report_json, '$.root_cause.category') AS category,
           json_extract(report_json, '$.root_cause.service') AS service,
           json_extract(report_json, '$.root_cause.confidence') AS confidence
         FROM investigations ORDER BY created_at DESC LIMIT ?`,
      )
      .all(opts.limit ?? 50),
  ) as Array<Record<string, string | number | null>>;
  return rows.map((r) =>
    investigationSummarySchema.parse({ ...r, window: { from: r.window_from, to: r.window_to }, window_from: undefined, window_to: undefined }),
  );
}
