// The root-cause report: one zod schema for the offline engine, the model's structured output and
// the stored history; the three renderers (text, Markdown, JSON) all read this one shape.
import { z } from 'zod';
import { followUpSchema } from './follow-up.js';

export const CATEGORIES = [
  'code_regression',
  'config_error',
  'resource_exhaustion',
  'dependency_failure',
  'capacity',
  'certificate_or_auth',
  'infrastructure',
  'unknown',
] as const;
export const categorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof categorySchema>;


export const suspectChangeSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}$/, 'a full 40-character sha'),
  ref: z.string().nullable(),
  message: z.string(),
  author: z.string(),
  time: z.string(),
});

export const evidenceItemSchema = z.object({
  source: z.string(),
  tool: z.string(),
  call_id: z.string(),
  detail: z.string(),
  quote: z.string(),
  /** Set by code: true when the quote was found in the cited call's output. */
  verified: z.boolean().optional(),
});
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;

export const rootCauseSchema = z.object({
  summary: z.string(),
  category: categorySchema,
  service: z.string().nullable(),
  suspect_change: suspectChangeSchema.nullable(),
  confidence: z.number().min(0).max(1),
});

export const modelUseSchema = z.object({
  name: z.string(),
  provider: z.string(),
  rounds: z.number(),
  adopted: z.boolean(),
  /** Why the model's conclusion is not the report's; null when it was adopted. */
  reason: z.string().nullable(),
});
export type ModelUse = z.infer<typeof modelUseSchema>;

/** The incident's reach in the numbers the evidence holds (the post-incident draft's Impact and Duration). */
export const impactSchema = z.object({
  /** Services with new or surged errors (and the one whose error rate rose), most entries first. */
  services: z.array(z.string()),
  /** Error-level log entries from the onset to the report moment (of the signatures read); null without logs. */
  error_entries: z.number().nullable(),
  /** Entries of the new or surged error signatures from the onset on, per service. */
  related_entries: z.record(z.string(), z.number()),
  /** The error share (0..1) before the incident and at its peak, from the metrics. */
  error_rate: z.object({ service: z.string(), before: z.number(), peak: z.number(), peak_time: z.string().nullable() }).nullable(),
  /** Failing requests as they appear in the logs ("POST /api/v1/checkout"). */
  endpoints: z.array(z.string()),
  /** The last error entry or elevated error-rate sample seen before the report moment. */
  last_error: z.string().nullable(),
});
export type ImpactSummary = z.infer<typeof impactSchema>;

export const reportSchema = z.object({
  /** The stored investigation's id (`rca show ID`); set when the report is saved. */
  id: z.string().optional(),
  /** True when the report is about the bundled demo incident, not the reader's systems. */
  demo: z.boolean().optional(),
  incident: z.string(),
  engine: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  onset: z.string().nullable(),
  root_cause: rootCauseSchema,
  ruled_out: z.array(z.object({ what: z.string(), reason: z.string() })),
  // `source`: the server the event came from (a built-in one, src/core/sources.ts, or a configured mcpServers entry).
  timeline: z.array(z.object({ time: z.string(), source: z.string().min(1), event: z.string() })),
  evidence: z.array(evidenceItemSchema),
  recommendations: z.array(z.string()),
  tool_calls: z.array(
    z.object({ id: z.string(), tool: z.string(), args: z.record(z.string(), z.unknown()), ms: z.number(), ok: z.boolean() }),
  ),
  stats: z.object({
    duration_ms: z.number(),
    tool_calls: z.number(),
    model_rounds: z.number(),
    prompt_tokens: z.number(),
  }),
  /** Other root-cause candidates the ranking kept, strongest first. */
  hypotheses: z
    .array(z.object({ summary: z.string(), category: categorySchema, service: z.string().nullable(), confidence: z.number() }))
    .optional(),
  /** Runbooks whose `match` fits the root cause (filled once runbooks exist). */
  runbooks: z.array(z.object({ id: z.string(), title: z.string(), score: z.number() })).optional(),
  notices: z.array(z.string()).optional(),
  /** Set when a model was asked: whether its conclusion was adopted (engine names it then) and why not. */
  model: modelUseSchema.optional(),
  /** The incident's reach in numbers (the offline engine's; null when no onset was found). */
  impact: impactSchema.nullable().optional(),
  /** Questions asked about the stored investigation since (`rca ask`), oldest first; filled by `rca show`. */
  follow_ups: z.array(followUpSchema).optional(),
});
export type Report = z.infer<typeof reportSchema>;

/**
 * What the model must return at the end of the loop (Ollama `format`): the judgement only. Code fills
 * in window, tool_calls and stats, and checks every evidence quote against the cited call's output.
 */
export const modelVerdictSchema = z.object({
  summary: z.string(),
  category: categorySchema,
  service: z.string().nullable(),
  suspect_sha: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  onset: z.string().nullable(),
  evidence: z.array(z.object({ call_id: z.string(), detail: z.string(), quote: z.string() })),
  ruled_out: z.array(z.object({ what: z.string(), reason: z.string() })),
  recommendations: z.array(z.string()),
});
export type ModelVerdict = z.infer<typeof modelVerdictSchema>;
