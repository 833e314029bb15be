// The commit a component's release tag points at: shipped by that release even when its files lie outside the
// component's folder, when it changes the component's manifests elsewhere (deploy/<name>/) and no other component's.
import type { CommitInfo } from '../../src/core/evidence.js';
import type { GitContext } from './context.js';
import { LOG_ARGS, parseLog } from './parse-log.js';

/**
 * The tagged commit to add to a component release whose folder-filtered commits miss it, or null.
 * Release tooling cuts a tag on the commit meant to ship (`git tag svc/v1.18.0 <sha>`), and monorepos keep a
 * service's Kubernetes manifests or Helm values beside the others (deploy/jobs-worker/, k8s/jobs-worker/), so a commit
 * that changes them (with code shared at the top) is what a folder filter drops. A monorepo whose CI tags main's head
 * for every component also tags other components' commits: only a tagged commit with a folder named like the
 * component among its paths is taken, and none that touches another released component's folder.
 */
export async function taggedCommit(
  ctx: GitContext,
  tagSha: string,
  listed: CommitInfo[],
  component: string,
  otherFolders: Iterable<string>,
): Promise<CommitInfo | null> {
  if (listed.some((c) => c.sha === tagSha)) return null;
  const { stdout } = await ctx.repo.run([...LOG_ARGS, '--max-count=1', '--end-of-options', tagSha]);
  const commit = parseLog(stdout)[0];
  if (!commit) return null;
  const name = component.split('/').pop()!;
  const names = commit.files.some((f) => f.path.split('/').slice(0, -1).includes(name));
  const others = [...otherFolders].filter((f) => f !== component);
  const claimed = commit.files.some((f) => others.some((o) => f.path.startsWith(`${o}/`)));
  return names && !claimed ? commit : null;
}
