// The git source as the offline engine reads it: deployments and recent commits, then the diffs of the
// commits that could have caused the incident (bundle slots deployments, commits, diffs).
import { pickCandidateCommits } from '../candidates.js';
import { offlineSource } from '../offline-source.js';
import { parseCommits, parseDeployments, parseShowCommit } from '../../core/contracts/git.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

export const GIT_OFFLINE = offlineSource({
  server: 'git',
  async gather({ window, bundle, call, cited }) {
    const [deps, commits] = await Promise.all([
      call('get_deployments', { since: iso(window.from - 72 * HOUR), until: window.until }),
      call('get_recent_commits', { since: iso(window.from - 24 * HOUR), until: window.until, limit: 60 }),
    ]);
    bundle.deployments = cited(deps, parseDeployments);
    bundle.commits = cited(commits, parseCommits);
    // The diffs of the commits that could have caused it.
    const shas = pickCandidateCommits(bundle, window.from - 12 * HOUR, window.to, 10);
    const diffs = await Promise.all(shas.map((sha) => call('show_commit', { sha, max_bytes: 6000 })));
    for (const d of diffs) {
      const c = cited(d, parseShowCommit);
      if (c) bundle.diffs.push(c);
    }
    // Calls finish in any order; the analyzers read a stable one.
    bundle.diffs.sort((a, b) => a.data.sha.localeCompare(b.data.sha));
  },
});
