// What a running runbook knows: params, captured state and earlier step results; it resolves template
// and `when` references and turns an action (step, capture, check) into a concrete command or tool call.
import { paramEnv, typedParam } from './params.js';
import type { Action, Runbook } from './schema.js';
import { renderString, renderValue } from './template.js';
import type { CommandSpec } from './run-action.js';

export interface StepOutcomeView {
  stdout: string;
  stderr: string;
  output: string;
  exit_code: number | null;
  success: boolean;
  skipped: boolean;
}

export class RunContext {
  readonly steps = new Map<string, StepOutcomeView>();
  state: Record<string, string | number | boolean | null> = {};

  constructor(
    readonly runbook: Runbook,
    readonly params: Record<string, string>,
  ) {}

  /** Resolves params.x / state.x / steps.id.field; undefined when absent. */
  lookup = (path: string[], typed = false): unknown => {
    const [root, name, field] = path;
    if (root === 'params') {
      const v = this.params[name];
      if (v === undefined) return undefined;
      return typed ? typedParam(this.runbook.params.find((p) => p.name === name), v) : v;
    }
    if (root === 'state') return name in this.state ? this.state[name] : undefined;
    if (root === 'steps') {
      const s = this.steps.get(name);
      if (!s) return undefined;
      return (s as unknown as Record<string, unknown>)[field ?? 'success'];
    }
    return undefined;
  };

  /** The concrete command or tool call; templates rendered, params exported as RB_<NAME>. */
  spec(a: Action): CommandSpec {
    const str = (s: string) => renderString(s, (p) => this.lookup(p));
    if (a.kind === 'tool') {
      return { kind: 'tool', tool: a.tool, args: renderValue(a.args, (p) => this.lookup(p, true)) as Record<string, unknown> };
    }
    const env = { ...paramEnv(this.params), ...Object.fromEntries(Object.entries(a.env).map(([k, v]) => [k, str(v)])) };
    const cwd = a.cwd ? str(a.cwd) : undefined;
    // A shell script is never rendered: params reach it only as RB_<NAME> environment variables.
    if (a.shell) return { kind: 'run', script: a.script, shell: true, env, cwd };
    return { kind: 'run', argv: a.argv.map(str), shell: false, env, cwd };
  }
}

/** A one-line description of a command or tool call for people and for the stored result. */
export function describeSpec(spec: CommandSpec): string {
  if (spec.kind === 'tool') return `${spec.tool} ${JSON.stringify(spec.args)}`;
  if (spec.shell) return `sh -c ${JSON.stringify(spec.script)}`;
  return spec.argv.map((a) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
