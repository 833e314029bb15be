// `runbook import` of a Markdown runbook whose secrets sit in URLs, assignments, here-docs and config snippets:
// the draft keeps none of them, asks for each as a required param, and every shipped runbook is free of them.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact.js';
import { executeRunbook } from '../../src/runbook/executor.js';
import { draftFromScenario } from '../../src/runbook/import-draft.js';
import { parseMarkdownRunbook } from '../../src/runbook/import-md.js';
import { loadRunbookText } from '../../src/runbook/loader.js';
import { resolveParams } from '../../src/runbook/params.js';
import { runbookFrom } from './helpers.js';

const SECRETS = ['s3cretPg', 'r3disPw', 'ghTok3n', 'envPw77', 'expTok99', 'heredocPw1', 'snippetPw2'];
const md = `# Ops

### Scenario 1: Database Down

**Symptoms:**
- Alert: \`DbDown\` firing

**Diagnosis:**
\`\`\`bash
# Can we connect
psql postgres://app:s3cretPg@db:5432/shop -c 'select 1'
redis-cli -u redis://:r3disPw@cache:6379 ping
curl -fsS https://deploy:ghTok3n@git.example.com/api/status
\`\`\`

**Mitigation:**
\`\`\`bash
# Write the client config
cat > /etc/app/db.yaml <<'EOF'
database:
  host: db
  password: heredocPw1
EOF

PGPASSWORD=envPw77 psql -h db -U app -c 'select pg_reload_conf()'
export DEPLOY_TOKEN=expTok99 && ./scripts/redeploy.sh
docker run -it --rm -p 8080:80 nginx sh

# If it keeps failing, edit the pool
pool:
  size: 20
  password: snippetPw2
\`\`\`
`;

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
/** scheme://user:PASSWORD@ where the password is written out, not a $reference. */
const URL_CREDENTIAL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"'\\]*:(?!["']?\$)[^\s@/"'\\]+@/gi;

describe('runbook import: secrets inside words', () => {
  const [sc] = parseMarkdownRunbook(md);
  const d = draftFromScenario(sc, 'OPS.md');

  it('writes a linting draft that holds none of the secrets and asks for each at run time', () => {
    expect(loadRunbookText(d.yaml, d.file).problems).toEqual([]);
    for (const s of SECRETS) expect(d.yaml.toLowerCase()).not.toContain(s.toLowerCase());
    expect(d.yaml.match(URL_CREDENTIAL)).toBeNull();
    const rb = loadRunbookText(d.yaml, d.file).runbook!;
    const required = (rb.params ?? []).filter((p) => p.required).map((p) => p.name);
    expect(required).toEqual(['db_password', 'cache_password', 'git_example_com_password', 'password', 'pgpassword', 'deploy_token']);
    expect(d.yaml).toContain('psql postgres://app:"${RB_DB_PASSWORD}"@db:5432/shop');
    expect(d.yaml).toContain('run:\n      - docker\n      - run\n      - -i\n      - --rm\n');
    expect(d.notes.join('\n')).toMatch(/the password of app@db in the postgres URL is param db_password/);
    // The snippet's password is another one than the here-doc's: another name.
    expect(d.notes.join('\n')).toMatch(/manual edit: the password value of a here-doc is shown as \$\{RB_PASSWORD_2\}/);
  });

  it('keeps a here-doc in the step that writes it, unquoted so the reference expands', () => {
    expect(d.yaml).toContain(
      '    run: |-\n      cat > /etc/app/db.yaml <<EOF\n      database:\n        host: db\n        password: ${RB_PASSWORD}\n      EOF\n    shell: true\n    mutating: true\n',
    );
    expect(d.yaml).toContain('  pool:\n    size: 20\n    password: ${RB_PASSWORD_2}\n'); // the manual snippet, in the description
  });

  it('leaves no written-out URL credential or other secret in any shipped runbook', () => {
    const files = walk(resolve(import.meta.dirname, '../../runbooks')).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect({ f, urls: text.match(URL_CREDENTIAL) }).toEqual({ f, urls: null });
      expect({ f, text: redact(text) }).toEqual({ f, text });
    }
  });
});

// Each step prints the sha-256 of the URL it was given: the output proves which password reached which place
// without printing one (the executor redacts a written-out URL credential).
const twoForges = `# Ops

### Scenario 1: Deploys stuck

**Diagnosis:**
\`\`\`bash
# The forge
printf '%s' https://deploy:tokForge1@git.example.com/api | sha256sum
# The CI
printf '%s' https://ci:tokCi2@ci.example.com/api | sha256sum
# The forge again
printf '%s' https://deploy:tokForge1@git.example.com/health | sha256sum
\`\`\`
`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('runbook import: one param per distinct secret', () => {
  it('two URLs of one scheme, two passwords: two params named after their hosts, each in its place; the draft runs with both', async () => {
    const [sc] = parseMarkdownRunbook(twoForges);
    const d = draftFromScenario(sc, 'OPS.md');
    const runbook = runbookFrom(d.yaml);
    // The forge's password, written twice, is one param.
    expect((runbook.params ?? []).map((p) => [p.name, p.required])).toEqual([['git_example_com_password', true], ['ci_example_com_password', true]]);
    for (const s of ['tokForge1', 'tokCi2']) expect(d.yaml).not.toContain(s);

    const params = resolveParams(runbook, { git_example_com_password: 'tokForge1', ci_example_com_password: 'tokCi2' });
    const result = await executeRunbook({ runbook, version: 1, params, yes: true });
    expect(result.executed_steps.map((s) => [s.exit_code, s.stdout.split(/\s/)[0]])).toEqual(
      ['https://deploy:tokForge1@git.example.com/api', 'https://ci:tokCi2@ci.example.com/api', 'https://deploy:tokForge1@git.example.com/health'].map((u) => [0, sha256(u)]),
    );
  });
});
