// Checks the schema cannot express: shell strings and sh -c scripts free of templates, `when`
// conditions that parse and only name declared params, captures and earlier steps, defaults that fit patterns.
import { ConditionError, parseCondition, references } from './condition.js';
import { parseJsonPath } from './json-path.js';
import { scriptArgIndexes } from './script-args.js';
import type { Action, Runbook } from './schema.js';
import { templateRefs, valueRefs } from './template.js';

/** A key or index on the way from the document root to a value (the loader turns it into line:column). */
export type PathSeg = string | number;

export interface RuleProblem {
  path: PathSeg[];
  message: string;
  atKey?: boolean;
}

interface Scope {
  params: Set<string>;
  captures: Set<string>;
  /** Step ids whose results exist at this point. */
  steps: Set<string>;
}

function checkRef(ref: string[], scope: Scope, where: string): string | null {
  const [root, name] = ref;
  if (root === 'params') {
    if (!name) return `${where}: "params" needs a name (params.NAME)`;
    if (!scope.params.has(name)) return `${where}: unknown param "${name}" (declare it under params)`;
  } else if (root === 'state') {
    if (!name) return `${where}: "state" needs a capture name`;
    if (!scope.captures.has(name)) return `${where}: unknown capture "${name}" (declare it under capture)`;
  } else if (root === 'steps') {
    if (!name) return `${where}: "steps" needs a step id`;
    if (!scope.steps.has(name)) return `${where}: step "${name}" has not run at this point`;
    const field = ref[2];
    if (field && !['stdout', 'stderr', 'exit_code', 'success', 'skipped', 'output'].includes(field)) {
      return `${where}: steps.${name}.${field}: use stdout, stderr, output, exit_code, success or skipped`;
    }
  } else {
    return `${where}: "${ref.join('.')}" must start with params., state. or steps.`;
  }
  return null;
}

function checkAction(a: Action, path: PathSeg[], scope: Scope, out: RuleProblem[]): void {
  const refs: Array<[string[], PathSeg[]]> = [];
  if (a.kind === 'tool') {
    valueRefs(a.args).forEach((r) => refs.push([r, [...path, 'args']]));
  } else {
    if (a.shell && templateRefs(a.script).length) {
      out.push({ path: [...path, 'run'], message: 'templates are never spliced into a shell string: use "$RB_<PARAM>" environment variables or an argv array' });
    }
    if (!a.shell) {
      const scripts = new Set(scriptArgIndexes(a.argv));
      a.argv.forEach((arg, i) => {
        if (scripts.has(i) && templateRefs(arg).length) {
          out.push({ path: [...path, 'run', i], message: 'a template inside a script argument (sh -c, python -c, ssh\'s remote command) is spliced into code: pass the value as an argument after the script ("$1") or read "$RB_<PARAM>"' });
          return;
        }
        templateRefs(arg).forEach((r) => refs.push([r, [...path, 'run', i]]));
      });
    }
    for (const [k, v] of Object.entries(a.env)) templateRefs(v).forEach((r) => refs.push([r, [...path, 'env', k]]));
    if (a.cwd) templateRefs(a.cwd).forEach((r) => refs.push([r, [...path, 'cwd']]));
  }
  for (const [ref, p] of refs) {
    const msg = checkRef(ref, scope, `{{ ${ref.join('.')} }}`);
    if (msg) out.push({ path: p, message: msg });
  }
}

export function semanticProblems(rb: Runbook): RuleProblem[] {
  const out: RuleProblem[] = [];
  const params = new Set<string>();
  rb.params.forEach((p, i) => {
    if (params.has(p.name)) out.push({ path: ['params', i, 'name'], message: `param "${p.name}" is declared twice` });
    params.add(p.name);
    if (p.default !== undefined && p.pattern && !new RegExp(p.pattern).test(String(p.default))) {
      out.push({ path: ['params', i, 'default'], message: `default "${p.default}" does not match the pattern ${p.pattern}` });
    }
  });
  const captures = new Set<string>();
  const empty: Scope = { params, captures: new Set(), steps: new Set() };
  rb.capture.forEach((c, i) => {
    if (captures.has(c.name)) out.push({ path: ['capture', i, 'name'], message: `capture "${c.name}" is declared twice` });
    captures.add(c.name);
    checkAction(c.action, ['capture', i], empty, out);
    if (c.path) {
      try {
        parseJsonPath(c.path);
      } catch (err) {
        out.push({ path: ['capture', i, 'path'], message: (err as Error).message });
      }
      if (c.parse === 'text') out.push({ path: ['capture', i, 'path'], message: 'path needs parse: json or parse: number' });
    }
  });
  const seen = new Set<string>();
  const checkSteps = (steps: Runbook['steps'], key: 'steps' | 'rollback', scopeSteps: Set<string>) => {
    steps.forEach((s, i) => {
      if (seen.has(s.id)) out.push({ path: [key, i, 'id'], message: `step id "${s.id}" is used twice` });
      const scope: Scope = { params, captures, steps: new Set(scopeSteps) };
      checkAction(s.action, [key, i], scope, out);
      if (s.when) {
        try {
          for (const ref of references(parseCondition(s.when))) {
            const msg = checkRef(ref, scope, 'when');
            if (msg) out.push({ path: [key, i, 'when'], message: msg });
          }
        } catch (err) {
          if (!(err instanceof ConditionError)) throw err;
          out.push({ path: [key, i, 'when'], message: `when: ${err.message} at character ${err.offset + 1}` });
        }
      }
      seen.add(s.id);
      scopeSteps.add(s.id);
    });
  };
  const mainSteps = new Set<string>();
  checkSteps(rb.steps, 'steps', mainSteps);
  checkSteps(rb.rollback, 'rollback', new Set(mainSteps));
  const verifyScope: Scope = { params, captures, steps: mainSteps };
  rb.verify?.checks.forEach((c, i) => {
    checkAction(c.action, ['verify', 'checks', i], verifyScope, out);
    if (c.expect.json) {
      try {
        parseJsonPath(c.expect.json.path);
      } catch (err) {
        out.push({ path: ['verify', 'checks', i, 'expect', 'json', 'path'], message: (err as Error).message });
      }
    }
  });
  return out;
}
