// What an offline investigation loads before it reports: the modules it imports statically must not pull in the
// YAML parser (250 KB compiled on every `rca` start when only a changed runbook or a config file needs it).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

/** Every package a module reaches through static, non-type imports, with the chain that reached each. */
function staticPackages(entry: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\sfrom\s+'([^']+)';/gms)) {
      const spec = m[1]!;
      const here = [...chain, file.slice(REPO_ROOT.length + 1)];
      if (spec.startsWith('.')) {
        const ts = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        const target = existsSync(ts) ? ts : ts.replace(/\.ts$/, '.tsx');
        if (existsSync(target)) walk(target, here);
      } else if (!found.has(spec)) found.set(spec, here);
    }
  };
  walk(entry, []);
  return found;
}

// What src/investigation/session.ts loads for an investigation, and the CLI and MCP hub around it.
const INVESTIGATION = ['src/cli/main-rca.ts', 'src/mcp/index.ts', 'src/rca/engine.ts', 'src/store/index.ts', 'src/investigation/runbook-candidates.ts'];

describe('the modules an offline investigation loads', () => {
  it.each(INVESTIGATION)('%s does not import the YAML parser', (entry) => {
    const packages = staticPackages(join(REPO_ROOT, entry));
    expect(packages.size).toBeGreaterThan(0);
    expect(packages.get('yaml'), `reached through ${packages.get('yaml')?.join(' -> ')}`).toBeUndefined();
  });

  it('the walk finds the parser where it is imported', () => {
    expect(staticPackages(join(REPO_ROOT, 'src/runbook/catalog.ts')).get('yaml')).toEqual(['src/runbook/catalog.ts', 'src/runbook/loader.ts']);
  });
});
