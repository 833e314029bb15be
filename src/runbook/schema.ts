// The runbook YAML format as a zod schema: unknown fields are rejected everywhere, and only id, title
// and steps are required; durations accept seconds or "30s"/"5m".
import { z } from 'zod';
import { parseDuration } from '../core/time.js';

const idRe = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Steps, rollback steps, captures or checks in one list; a longer runbook is a program, not a runbook. */
export const MAX_ITEMS = 500;
const TOO_MANY = `at most ${MAX_ITEMS} entries: split the runbook into several`;

/** Seconds as a number or a duration string ("500ms", "30s", "5m"); parsed to milliseconds. */
export const durationSchema = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return Math.round(v * 1000);
  const ms = parseDuration(v);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration: use seconds (30) or a string such as "500ms", "30s", "5m"` });
    return z.NEVER;
  }
  return ms;
});

const regexSchema = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const paramSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a param name is letters, digits and _ (it also becomes an environment variable)'),
  description: z.string().optional(),
  required: z.boolean().default(false),
  default: scalar.optional(),
  pattern: regexSchema.optional(),
  /** How an exact `{{ params.x }}` tool argument is typed. */
  type: z.enum(['string', 'number', 'boolean']).default('string'),
});

/** A command: argv array, or a string that only runs with shell: true. */
const argSchema = z.union([z.string(), z.number(), z.boolean()], { error: 'each argv element is a string (or a number)' }).transform(String);
const runSchema = z.union([z.array(argSchema).min(1, 'run needs at least the program name'), z.string().min(1)], {
  error: 'run is an argv array ([program, arg, ...]) or, with shell: true, one string',
});

const actionFields = {
  run: runSchema.optional(),
  shell: z.boolean().default(false),
  tool: z.string().regex(/^[A-Za-z0-9_-]+__[A-Za-z0-9_.-]+$/, 'a tool is named <server>__<tool>, e.g. docker__restart_container').optional(),
  args: z.record(z.string(), z.unknown()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
  timeout: durationSchema.optional(),
};
const rawActionSchema = z.object(actionFields);
type RawAction = z.output<typeof rawActionSchema>;
const ACTION_KEYS = Object.keys(actionFields) as Array<keyof RawAction>;

/** What a step, capture or check does, decided once here: a command (argv, or a script under shell: true) or an MCP tool call. */
export type Action =
  | { kind: 'run'; shell: false; argv: string[]; env: Record<string, string>; cwd?: string; timeout?: number }
  | { kind: 'run'; shell: true; script: string; env: Record<string, string>; cwd?: string; timeout?: number }
  | { kind: 'tool'; tool: string; args: Record<string, unknown>; timeout?: number };

type Ctx = Pick<z.RefinementCtx, 'addIssue'>;

/** The raw YAML fields to the one Action they mean; conflicting fields are schema problems with their path. */
function toAction(a: RawAction, ctx: Ctx): Action {
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const timeout = a.timeout;
  if ((a.run === undefined) === (a.tool === undefined)) {
    issue([], a.run !== undefined ? 'use either run or tool, not both' : 'needs run (a command) or tool (an MCP tool)');
    return z.NEVER;
  }
  if (a.tool !== undefined) {
    if (a.shell) issue(['shell'], 'shell applies to run, not to tool steps');
    if (a.env) issue(['env'], 'env applies to run, not to tool steps');
    if (a.cwd) issue(['cwd'], 'cwd applies to run, not to tool steps');
    return { kind: 'tool', tool: a.tool, args: a.args ?? {}, ...(timeout !== undefined ? { timeout } : {}) };
  }
  if (a.args) issue(['args'], 'args belong to tool steps; put arguments in the run array');
  const common = { env: a.env ?? {}, ...(a.cwd !== undefined ? { cwd: a.cwd } : {}), ...(timeout !== undefined ? { timeout } : {}) };
  if (typeof a.run === 'string') {
    if (!a.shell) issue(['run'], 'a string command runs only with shell: true; prefer an argv array ([program, arg, ...])');
    return { kind: 'run', shell: true, script: a.run, ...common };
  }
  return { kind: 'run', shell: false, argv: a.run!, ...common };
}

/** Splits an object's fields into its own and the action's, so each schema keeps `action` as one value. */
function withAction<T extends RawAction>(v: T, ctx: Ctx): Omit<T, keyof RawAction> & { action: Action } {
  const rest: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) if (!(ACTION_KEYS as string[]).includes(k)) rest[k] = val;
  return { ...(rest as Omit<T, keyof RawAction>), action: toAction(v, ctx) };
}

export const stepSchema = z.strictObject({
  id: z.string().regex(idRe, 'a step id is letters, digits, _ . and -'),
  description: z.string().optional(),
  ...actionFields,
  retries: z.number().int().min(0).max(20).default(0),
  retry_delay: durationSchema.default(1000),
  mutating: z.boolean().default(false),
  continue_on_error: z.boolean().default(false),
  when: z.string().optional(),
  /** Exit codes that count as success besides 0. */
  ok_exit_codes: z.array(z.number().int()).optional(),
}).transform((v, ctx) => withAction(v, ctx));

export const captureSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a capture name is letters, digits and _'),
  description: z.string().optional(),
  ...actionFields,
  parse: z.enum(['text', 'number', 'json']).default('text'),
  /** A JSON path such as $.containers[0].status (parse: json, or number from JSON). */
  path: z.string().optional(),
}).transform((v, ctx) => withAction(v, ctx));

export const expectSchema = z.strictObject({
  exit_code: z.number().int().optional(),
  contains: z.string().optional(),
  not_contains: z.string().optional(),
  matches: regexSchema.optional(),
  json: z
    .strictObject({
      path: z.string(),
      equals: scalar.optional(),
      not_equals: scalar.optional(),
      lt: z.number().optional(),
      lte: z.number().optional(),
      gt: z.number().optional(),
      gte: z.number().optional(),
    })
    .optional(),
});

export const checkSchema = z.strictObject({
  name: z.string().regex(idRe, 'a check name is letters, digits, _ . and -'),
  description: z.string().optional(),
  ...actionFields,
  expect: expectSchema.default({}),
}).transform((v, ctx) => withAction(v, ctx));

export const verifySchema = z.strictObject({
  method: z.string().optional(),
  within: durationSchema.default(0),
  interval: durationSchema.default(2000),
  checks: z.array(checkSchema).min(1, 'verify needs at least one check').max(MAX_ITEMS, TOO_MANY),
});

export const matchSchema = z.strictObject({
  categories: z.array(z.string()).default([]),
  signatures: z.array(regexSchema).default([]),
  services: z.array(z.string()).default([]),
});

/** Opt-in to unattended runs by `rca watch --auto-heal`: which triggers, and at most how often. */
export const autoSchema = z.strictObject({
  on: z
    .array(z.enum(['alert', 'container_unhealthy', 'container_oom', 'container_restarting', 'container_exited']))
    .min(1, 'auto.on lists the triggers this runbook may fix unattended (e.g. [container_unhealthy])'),
  max_per_hour: z.number().int().min(1).max(60).default(2),
  cooldown: durationSchema.default(600),
});

export const runbookSchema = z.strictObject({
  id: z.string().regex(idRe, 'a runbook id is letters, digits, _ . and - (e.g. RB-DB-POOL-001)'),
  version: z.number().int().positive().optional(),
  title: z.string().min(1),
  description: z.string().optional(),
  severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
  incident_type: z.string().optional(),
  tags: z.array(z.string()).default([]),
  match: matchSchema.optional(),
  params: z.array(paramSchema).default([]),
  capture: z.array(captureSchema).max(MAX_ITEMS, TOO_MANY).default([]),
  steps: z.array(stepSchema).min(1, 'a runbook needs at least one step').max(MAX_ITEMS, TOO_MANY),
  verify: verifySchema.optional(),
  rollback: z.array(stepSchema).max(MAX_ITEMS, TOO_MANY).default([]),
  auto: autoSchema.optional(),
});

export type Runbook = z.infer<typeof runbookSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Capture = z.infer<typeof captureSchema>;
export type Check = z.infer<typeof checkSchema>;
export type Param = z.infer<typeof paramSchema>;
export type Expect = z.infer<typeof expectSchema>;
/** Anything that holds an action: a step, a capture or a check. */
export type WithAction = { action: Action };

/** Every action a runbook can run: captures, steps, rollback and verification checks. */
export function allActions(rb: Runbook): Action[] {
  return [...rb.capture, ...rb.steps, ...rb.rollback, ...(rb.verify?.checks ?? [])].map((a) => a.action);
}

/** The MCP tools (<server>__<tool>) a runbook calls. */
export function toolsUsed(rb: Runbook): string[] {
  return [...new Set(allActions(rb).flatMap((a) => (a.kind === 'tool' ? [a.tool] : [])))];
}
