// `runbook import`: the seed's Markdown runbook becomes one linting draft per scenario, mutating steps
// marked, "If ... fails" branches conditional on the earlier step, other "If" branches behind params.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftFromScenario, isMutating } from '../../src/runbook/import-draft.js';
import { blockCommands, parseMarkdownRunbook } from '../../src/runbook/import-md.js';
import { loadRunbookText } from '../../src/runbook/loader.js';

const SEED = resolve(import.meta.dirname, '../../fixtures/seed/RUNBOOK.md');
const md = `# Ops

### Scenario 1: Cache Down

**Symptoms:**
- Alert: \`CacheDown\` firing
- "Connection refused" to redis

**Diagnosis:**
\`\`\`bash
# Check container
docker ps | grep redis
\`\`\`

**Mitigation:**
\`\`\`bash
# Restart it
docker restart redis

# If restart fails, recreate
docker rm -f redis
docker run -d --name redis redis:7

# If memory is the problem
docker update --memory 1g redis
\`\`\`

**Verification:**
\`\`\`bash
redis-cli ping
\`\`\`

### Unrelated section
Just text.
`;

describe('runbook import', () => {
  it('finds scenarios with their parts and commands', () => {
    const sc = parseMarkdownRunbook(md);
    expect(sc.map((s) => s.title)).toEqual(['Scenario 1: Cache Down']);
    expect(sc[0].parts.diagnosis?.commands.map((c) => c.text)).toEqual(['docker ps | grep redis']);
    expect(sc[0].parts.mitigation?.commands.map((c) => c.text)).toEqual(['docker restart redis', 'docker rm -f redis', 'docker run -d --name redis redis:7', 'docker update --memory 1g redis']);
    expect(sc[0].parts.symptoms?.prose).toEqual(['Alert: `CacheDown` firing', '"Connection refused" to redis']);
  });

  it('drafts a linting runbook: mutating steps marked, branches conditional, checks from verification', () => {
    const d = draftFromScenario(parseMarkdownRunbook(md)[0], 'ops.md');
    const loaded = loadRunbookText(d.yaml, 'draft.yaml');
    expect(loaded.problems).toEqual([]);
    const rb = loaded.runbook!;
    expect(rb.id).toBe('RB-IMP-CACHE-DOWN');
    expect(rb.match?.signatures).toEqual(['CacheDown', 'Connection refused']);
    expect(rb.steps.map((s) => [s.id, s.mutating, s.when ?? null])).toEqual([
      ['diag-docker-ps', false, null],
      ['fix-docker-restart-redis', true, null],
      ['fix-docker-rm-f', true, 'steps.fix-docker-restart-redis.success == false'],
      ['fix-docker-run-d', true, 'steps.fix-docker-restart-redis.success == false'],
      ['fix-docker-update-memory', true, 'params.apply_memory_is_the_problem == "yes"'],
    ]);
    expect(rb.steps[0]).toMatchObject({ action: { kind: 'run', shell: true, script: 'docker ps | grep redis' }, continue_on_error: true });
    expect(rb.steps[1].continue_on_error).toBe(true);
    expect(rb.params).toEqual([{ name: 'apply_memory_is_the_problem', description: 'Set to yes when: If memory is the problem', default: 'no', pattern: '^(yes|no)$', required: false, type: 'string' }]);
    expect(rb.verify?.checks[0]).toMatchObject({ action: { kind: 'run', argv: ['redis-cli', 'ping'] }, expect: { exit_code: 0 } });
  });

  it('keeps config snippets out of the commands', () => {
    const { commands, snippets } = blockCommands(['# Edit compose:', 'services:', '  hub:', '    memory: 1G', '', 'docker-compose up -d hub']);
    expect(commands.map((c) => c.text)).toEqual(['docker-compose up -d hub']);
    expect(snippets).toEqual(['# Edit compose:\nservices:\n  hub:\n    memory: 1G']);
  });

  it('classifies mutating commands', () => {
    expect(['docker-compose restart x', 'kubectl rollout undo d', 'rm -rf /tmp/x', 'sed -i s/a/b/ f'].map(isMutating)).toEqual([true, true, true, true]);
    expect(['docker ps', 'docker-compose logs --tail=100 x', 'curl http://h/health', 'df -h'].map(isMutating)).toEqual([false, false, false, false]);
  });

  it('turns the seed RUNBOOK.md into four linting drafts, as shipped under runbooks/imported', () => {
    const scenarios = parseMarkdownRunbook(readFileSync(SEED, 'utf8'));
    expect(scenarios.map((s) => s.title)).toEqual(['Scenario 1: MCP Hub Down', 'Scenario 2: Neo4j Down', 'Scenario 3: High Error Rate', 'Scenario 4: High Memory Usage']);
    for (const sc of scenarios) {
      const d = draftFromScenario(sc, 'RUNBOOK.md');
      expect(loadRunbookText(d.yaml, d.file).problems).toEqual([]);
      expect(readFileSync(new URL(`../../runbooks/imported/${d.file}`, import.meta.url), 'utf8')).toBe(d.yaml);
    }
  });
});
