// Where runbook files are and which they are: the --runbooks-dir / environment / package lookup and the YAML files
// under it. Apart from the parser (loader.ts), so an investigation lists runbooks without loading YAML.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNBOOKS_ENV = 'INCIDENT_COPILOT_RUNBOOKS';

/** --runbooks-dir, then $INCIDENT_COPILOT_RUNBOOKS, then ./runbooks, then the runbooks shipped with the package. */
export function runbooksDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env[RUNBOOKS_ENV]) return resolve(env[RUNBOOKS_ENV]!);
  if (existsSync('runbooks') && statSync('runbooks').isDirectory()) return resolve('runbooks');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'runbooks'))) return join(dir, 'runbooks');
    dir = dirname(dir);
  }
  return resolve('runbooks');
}

/** Every *.yaml / *.yml under a directory, sorted. */
export function findRunbookFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findRunbookFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}
