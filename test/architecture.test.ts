// Guards the design's dependency direction and server hygiene by scanning imports (DESIGN.md, "Layout").
// A failure here names the file and the import that crosses a boundary.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  let out: string[] = [];
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out = out.concat(sourceFiles(relative(ROOT, p)));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(ROOT, p));
  }
  return out;
}

/** Module specifiers of static imports, re-exports and dynamic imports, without comments; `values` drops
 * `import type` / `export type` (erased at compile time: no run-time dependency). */
function importsOf(file: string, opts: { values?: boolean } = {}): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s(type\s)?[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm)) {
    if (opts.values && m[1]) continue;
    specs.push((m[2] ?? m[3] ?? m[4])!);
  }
  return specs;
}

/** The repo-relative target of a relative import, or null for a package. */
function target(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return relative(ROOT, resolve(ROOT, dirname(file), spec));
}

/** The import graph of `files` (type imports included: a circle through types still ties the modules together). */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps: string[] = [];
    for (const spec of importsOf(f)) {
      const to = target(f, spec);
      const file = to && [to.replace(/\.js$/, '.ts'), to.replace(/\.js$/, '.tsx')].find((c) => existsSync(join(ROOT, c)));
      if (file) deps.push(file);
    }
    graph.set(f, deps);
  }
  return graph;
}

/** Groups of modules that import each other round a circle (strongly connected components of two or more, Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1) out.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isBuiltin = (spec: string) => BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!);

function violations(
  files: string[],
  check: (file: string, spec: string, to: string | null) => string | null,
  opts: { values?: boolean } = {},
): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const spec of importsOf(f, opts)) {
      const why = check(f, spec, target(f, spec));
      if (why) out.push(`${f}: imports ${spec} (${why})`);
    }
  }
  return out;
}

describe('architecture', () => {
  it('finds the imports it scans (the scanner itself works)', () => {
    expect(importsOf('src/core/tool-kit.ts')).toContain('@modelcontextprotocol/sdk/server/mcp.js');
    expect(importsOf('src/cli/commands/runbook-exec-tools.ts')).toContain('../../mcp/index.js');
    expect(importsOf('src/cli/commands/runbook-exec-tools.ts', { values: true })).not.toContain('../../mcp/index.js');
    expect(target('src/cli/main-rca.ts', '../core/errors.js')).toBe('src/core/errors.js');
  });

  it('servers import only their own files, the MCP SDK, zod, execa, picomatch, node builtins and src/core', () => {
    const found = violations(sourceFiles('servers'), (file, spec, to) => {
      const own = file.split('/').slice(0, 2).join('/');
      if (to) return to.startsWith(`${own}/`) || to.startsWith('src/core/') ? null : 'outside its own server and src/core';
      if (isBuiltin(spec) || spec.startsWith('@modelcontextprotocol/sdk') || spec === 'zod' || spec === 'execa' || spec === 'picomatch') return null;
      return 'package not allowed in a server';
    });
    expect(found).toEqual([]);
  });

  it('src/core depends on nothing else in src', () => {
    const found = violations(sourceFiles('src/core'), (_f, _s, to) =>
      to && !to.startsWith('src/core/') ? 'core must stay at the bottom' : null,
    );
    expect(found).toEqual([]);
  });

  it('llm never imports mcp, the store or the cli (the loop is handed tool specs)', () => {
    const found = violations(sourceFiles('src/llm'), (_f, _s, to) =>
      to && /^src\/(mcp|store|cli|tui)\//.test(to) ? 'llm receives interfaces' : null,
    );
    expect(found).toEqual([]);
  });

  it('nothing below the cli imports the cli, and only the cli and tui import the tui', () => {
    const below = ['src/core', 'src/mcp', 'src/llm', 'src/rca', 'src/runbook', 'src/learn', 'src/store', 'src/investigation', 'servers'];
    const found = violations(below.flatMap(sourceFiles), (_f, _s, to) =>
      to && /^src\/(cli|tui)\//.test(to) ? 'the cli is the top layer' : null,
    );
    expect(found).toEqual([]);
  });

  it('the runbook layer does not import the store (its result types live beside the executor)', () => {
    const found = violations(sourceFiles('src/runbook'), (_f, _s, to) => (to && /^src\/store\//.test(to) ? 'runbook receives the store through its callers' : null));
    expect(found).toEqual([]);
  });

  it('rca analyzers do no I/O', () => {
    const io = /^(node:)?(fs|fs\/promises|child_process|net|http|https|dgram)$|^(execa|better-sqlite3|ollama)$|^@modelcontextprotocol/;
    const files = sourceFiles('src/rca').filter((f) => f.includes('/analyzers/'));
    const found = violations(files, (_f, spec, to) => (io.test(spec) || (to && /^src\/(mcp|store)\//.test(to)) ? 'analyzers are pure' : null));
    expect(found).toEqual([]);
  });

  it('the tui only renders: no store, hub, model client or executor imports', () => {
    const found = violations(sourceFiles('src/tui'), (_f, spec, to) =>
      (to && /^src\/(mcp|store|llm|investigation)\//.test(to)) || /^(better-sqlite3|ollama|execa)$/.test(spec) ? 'the tui gets state and sends intents' : null,
    );
    expect(found).toEqual([]);
    // Types of the events it renders are fine; running a runbook or learning is the cli's job.
    const running = violations(sourceFiles('src/tui'), (_f, _s, to) => (to && /^src\/(runbook|learn)\//.test(to) ? 'the tui does not run runbooks' : null), { values: true });
    expect(running).toEqual([]);
  });

  it('the investigation session gets its concrete objects: no hub, no model client, no cli or tui', () => {
    const found = violations(sourceFiles('src/investigation'), (_f, spec, to) =>
      (to && /^src\/(mcp|cli|tui)\/|^src\/llm\/ollama-/.test(to)) || /^(better-sqlite3|ollama|execa|(node:)?child_process)$/.test(spec)
        ? 'the composition root builds these and hands them in'
        : null,
    );
    expect(found).toEqual([]);
  });

  it('in the cli only the composition root builds concrete objects (hub, model client, store)', () => {
    // compose.ts, and compose-<command>.ts for a command's own objects built on it (compose-watch.ts).
    const files = sourceFiles('src/cli').filter((f) => !/^src\/cli\/compose(-[a-z-]+)?\.ts$/.test(f));
    const found = violations(files, (_f, _s, to) => (to && /^src\/mcp\/|^src\/llm\/ollama-/.test(to) ? 'ask cli/compose.ts for it' : null), { values: true });
    const builders = files.filter((f) => /\b(openStore|createOllamaProvider|startHub)\(|new McpHub\b/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect([...found, ...builders]).toEqual([]);
  });

  it('nothing in src, the cli included, imports server code (servers are reached over MCP)', () => {
    // Log reading, format detection and the template miner live in src/core/logs, shared by the logs server and rca patterns.
    const found = violations(sourceFiles('src'), (_f, _s, to) => (to && to.startsWith('servers/') ? 'servers are reached over MCP' : null));
    expect(found).toEqual([]);
  });

  it('finds import circles (the circle finder itself works)', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']], ['e', []]]);
    expect(circles(g)).toEqual([['a', 'b', 'c']]);
    expect(circles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('no import circles in src or servers (a shared type goes in its own module instead)', () => {
    expect(circles(importGraph([...sourceFiles('src'), ...sourceFiles('servers')]))).toEqual([]);
  });

  it('no console.log in a stdio server (stdout is the MCP channel)', () => {
    const offenders = sourceFiles('servers').filter((f) => /console\.(log|info|debug)\(/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('only the error boundary decides the exit code: no process.exit in src outside cli entry points', () => {
    const offenders = sourceFiles('src').filter(
      (f) => !f.startsWith('src/core/server-main.ts') && /process\.exit\(/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
