// Test helper: builds real git repositories in temp dirs with fixed authors and dates, so shas and times are known.
// Every directory is removed by onTestFinished; call these only inside a test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { onTestFinished } from 'vitest';

/** No user or system git configuration (signing, hooks, default branch) may leak into fixtures. */
const ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C', TZ: 'UTC' };

export function tempDir(prefix = 'git-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface CommitSpec {
  message: string;
  date: string; // ISO with offset, used for author and committer
  author?: { name: string; email: string };
  files?: Record<string, string | Buffer | null>; // null deletes the file
}

export interface TestRepo {
  dir: string;
  git(...args: string[]): Promise<string>;
  commit(spec: CommitSpec): Promise<string>;
  tag(name: string, opts: { date?: string; message?: string; target?: string }): Promise<void>;
}

export async function createRepo(): Promise<TestRepo> {
  const dir = tempDir();
  const git = async (...args: string[]) => {
    const r = await execa('git', args, { cwd: dir, env: ENV });
    return r.stdout;
  };
  await git('init', '-q', '-b', 'main', '.');
  await git('config', 'commit.gpgsign', 'false');
  await git('config', 'tag.gpgsign', 'false');
  const repo: TestRepo = {
    dir,
    git,
    async commit(spec) {
      for (const [path, content] of Object.entries(spec.files ?? {})) {
        const abs = join(dir, path);
        if (content === null) {
          rmSync(abs);
          continue;
        }
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
      const who = spec.author ?? { name: 'Ana Silva', email: 'ana@example.com' };
      await git('add', '-A');
      await execa('git', ['commit', '-q', '--allow-empty', '--no-verify', '-m', spec.message], {
        cwd: dir,
        env: {
          ...ENV,
          GIT_AUTHOR_NAME: who.name,
          GIT_AUTHOR_EMAIL: who.email,
          GIT_AUTHOR_DATE: spec.date,
          GIT_COMMITTER_NAME: who.name,
          GIT_COMMITTER_EMAIL: who.email,
          GIT_COMMITTER_DATE: spec.date,
        },
      });
      return git('rev-parse', 'HEAD');
    },
    async tag(name, { date, message, target = 'HEAD' }) {
      const args = message === undefined ? ['tag', name, target] : ['tag', '-a', name, '-m', message, target];
      await execa('git', args, {
        cwd: dir,
        env: { ...ENV, GIT_COMMITTER_NAME: 'CI Bot', GIT_COMMITTER_EMAIL: 'ci@example.com', GIT_COMMITTER_DATE: date ?? '2000-01-01T00:00:00Z' },
      });
    },
  };
  return repo;
}

/** Clones a bundle into a temp dir (the way the scenarios are meant to be used). */
export async function cloneBundle(bundle: string): Promise<string> {
  const dir = join(tempDir('git-bundle-'), 'repo');
  await execa('git', ['clone', '-q', bundle, dir], { env: ENV });
  return dir;
}
