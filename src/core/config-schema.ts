// The shape of rca.config.yaml as a zod schema: sources, extra MCP servers (Claude Desktop /
// Gemini CLI shape), model, limits and watch. Strict objects so a typo in a key is reported, not ignored.
import { z } from 'zod';
import { sourcesShape } from './sources.js';
import { parseDuration, parseIsoInstant } from './time.js';
import { watchConfigSchema } from './watch-schema.js';

/** Server names become the prefix of `<server>__<tool>` names, which models accept as [A-Za-z0-9_-]. */
export const SERVER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9-]*(?:_[A-Za-z0-9-]+)*$/;

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const durationSchema = z
  .string()
  .refine((s) => parseDuration(s) !== null, 'use a duration such as 30m, 2h, 1h30m or 1d');

export const isoTimeSchema = z
  .string()
  .refine((s) => parseIsoInstant(s) !== null, 'use an ISO-8601 time such as 2025-03-04T14:50:00Z');

/** `sources:`: one key per built-in source (its entry in src/core/sources/<server>.ts says what it takes). */
export const sourcesSchema = z.strictObject(sourcesShape('config'));

export const mcpServerSchema = z.strictObject({
  command: nonEmpty,
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: nonEmpty.optional(),
  /** Accepted for compatibility with configs copied from Claude Desktop; only stdio is supported. */
  type: z.literal('stdio').optional(),
  /** Per-server call timeout in ms (Gemini CLI's `timeout`). */
  timeout: z.number().int().positive().optional(),
  disabled: z.boolean().default(false),
});

export const modelSchema = z.strictObject({
  name: nonEmpty.optional(),
  /** Ollama base URL; OLLAMA_HOST when absent. */
  host: z.url({ message: 'use a URL such as http://localhost:11434' }).optional(),
  /** Tokens a model may generate per request (Ollama num_predict); a rambling model stops there. */
  num_predict: z.number().int().min(64).max(32_768).optional(),
  /** Until the first streamed token: the model reading the prompt (slow CPUs need minutes). */
  first_token_timeout_ms: z.number().int().min(1000).max(3_600_000).optional(),
  /** A whole request, first token to last. */
  timeout_ms: z.number().int().min(1000).max(3_600_000).optional(),
  /** Tools described to the model: those relevant to the hypotheses (default) or every read-only one. */
  tools: z.enum(['relevant', 'all'], { message: 'use relevant or all' }).optional(),
});

export const limitsSchema = z.strictObject({
  // The model-loop limits have no defaults here: absent means the loop's own DEFAULT_LIMITS (src/llm/loop.ts),
  // so the one set of defaults that keeps an investigation under its prompt-token budget lives in one place.
  rounds: z.number().int().min(1).max(50).optional(),
  tool_calls: z.number().int().min(1).max(500).optional(),
  call_timeout_ms: z.number().int().min(100).max(600_000).default(30_000),
  start_timeout_ms: z.number().int().min(100).max(120_000).default(15_000),
  /** Budget for one tool output handed to a model, in tokens (about 4 characters each). */
  tool_output_tokens: z.number().int().min(100).max(100_000).optional(),
  /** Prompt tokens the model reads over one investigation (the cached prefix once, then each round's additions). */
  prompt_tokens: z.number().int().min(1000).max(1_000_000).optional(),
});

export const configFileSchema = z.strictObject({
  sources: sourcesSchema.default({}),
  mcpServers: z
    .record(
      z.string().regex(SERVER_NAME_RE, 'server names use letters, digits, - and single _ (no "__"): they prefix tool names'),
      mcpServerSchema,
    )
    .default({}),
  model: modelSchema.default({}),
  limits: limitsSchema.default(limitsSchema.parse({})),
  /** How far back an investigation looks by default (`--window`). */
  window: durationSchema.optional(),
  /** The fixed report moment (`--at`). */
  at: isoTimeSchema.optional(),
  /** SQLite file for history and runbook executions. */
  db: nonEmpty.optional(),
  /** `rca watch`'s settings (its flags and RCA_WATCH_* variables win). */
  watch: watchConfigSchema.default({}),
});

export type SourcesConfig = z.infer<typeof sourcesSchema>;
export type McpServerConfig = z.infer<typeof mcpServerSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type LimitsConfig = z.infer<typeof limitsSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
