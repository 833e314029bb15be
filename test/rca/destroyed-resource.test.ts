// A Terraform apply that destroys a cache to replace it (a changed argument forces a new resource) just before its
// users fail: the commit declaring it is named at that cache, as infrastructure; a destroy no blamed change declares is not.
import { describe, expect, it } from 'vitest';
import { destroyedResource } from '../../src/rca/analyzers/destroyed-resource.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import { commit, deployment, handBundle, withFlows } from './helpers.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

const ctx = ctxFor('web-app', ['web-app', 'ci-terraform']);
const SHA = 'cb6296651da50f59e0971d6b3e86da1307d14e33';
const DIFF = `--- a/infra/terraform/elasticache.tf
+++ b/infra/terraform/elasticache.tf
@@ -5,4 +5,5 @@ resource "aws_elasticache_replication_group" "web_sessions" {
   at_rest_encryption_enabled = true
+  transit_encryption_enabled = true
 }`;
const LINE = (addr: string, id: string) => `${addr}: Destroying... [id=${id}]`;

function analyzed(addr: string, id: string, gap: number): ConditionFinding[] {
  const deps = [deployment('infra/2026.12.20.1', ONSET - 2 * MIN, [commit(SHA, 'infra: in-transit encryption for the sessions cache', ONSET - 25 * MIN, ['infra/terraform/elasticache.tf'])])];
  const b = handBundle('web-app logins failing', { from: ONSET - 60 * MIN, to: ONSET + 30 * MIN }, { deployments: deps, diffs: { [SHA]: DIFF } });
  withFlows(b, { announcements: [{ time: ONSET - gap * MIN, service: 'ci-terraform', kind: 'destroy', text: LINE(addr, id), objects: [addr, id] }] });
  return destroyedResource.analyze(b, ctx) as ConditionFinding[];
}

describe('a resource an infrastructure apply destroyed', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(destroyedResource);
  });

  it('names the destroyed resource by its id and the commit whose diff declares it', () => {
    const [f] = analyzed('aws_elasticache_replication_group.web_sessions', 'web-sessions', 1);
    expect(f).toMatchObject({ condition: 'resource_destroyed', category: 'infrastructure', service: 'web-sessions', destroyedBy: SHA });
    expect(f!.evidence[0]?.quote).toContain('Destroying...');
  });

  it('does not read a destroy long before the onset, and names no commit for a resource no diff declares', () => {
    expect(analyzed('aws_elasticache_replication_group.web_sessions', 'web-sessions', 40)).toEqual([]);
    const [other] = analyzed('aws_db_instance.reports', 'reports-db', 1);
    expect(other?.destroyedBy).toBeUndefined();
  });

  const infra = change(SHA, 'infra: in-transit encryption for the sessions cache', 2, { paths: ['infra/terraform/elasticache.tf'], configOnly: true });

  it('moves the blamed change to the resource it replaced, as infrastructure', () => {
    const before = rank([infra], ctx);
    expect(before.best.suspect?.sha).toBe(SHA);
    expect(before.best.service).not.toBe('web-sessions');
    const [k] = analyzed('aws_elasticache_replication_group.web_sessions', 'web-sessions', 1);
    const after = rank([infra, k!], ctx);
    expect(after.best).toMatchObject({ service: 'web-sessions', category: 'infrastructure', suspect: { sha: SHA } });
    expect(after.best.summary).toContain('Destroying... [id=web-sessions]');
  });

  it('leaves the blamed change where it was when the destroyed resource is not the one it declares', () => {
    const [k] = analyzed('aws_db_instance.reports', 'reports-db', 1);
    const after = rank([infra, k!], ctx);
    expect(after.best.suspect?.sha).toBe(SHA);
    expect(after.best.service).not.toBe('reports-db');
    expect(after.best.category).not.toBe('infrastructure');
  });
});
