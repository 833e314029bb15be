// Runs the real git CLI through execa (never a shell) against one repository, with settings that keep
// user and repository configuration from changing the output format or running external programs.
import { realpathSync, statSync } from 'node:fs';
import { execa } from 'execa';
import { ToolInputError } from '../../src/core/tool-kit.js';

/** Options in front of every git command: no pager, literal pathspecs (no globs or magic), stable parseable output. */
const GLOBAL_ARGS = [
  '--no-pager',
  '--literal-pathspecs',
  '-c', 'core.quotePath=false',
  '-c', 'log.showSignature=false',
  '-c', 'diff.noprefix=false',
  '-c', 'color.ui=false',
  '-c', 'i18n.logOutputEncoding=UTF-8',
];

/**
 * The caller's environment without GIT_* variables (GIT_DIR, GIT_WORK_TREE, GIT_EXTERNAL_DIFF, ... would point git
 * elsewhere or run programs), plus settings for non-interactive, lock-free reads.
 */
function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', LC_ALL: 'C' };
}

export interface GitResult {
  stdout: string;
  /** True when the output was cut at maxBytes and git was stopped. */
  cut: boolean;
}

export class GitRepo {
  private root: string | null = null;

  constructor(readonly dir: string) {}

  /** The repository's top directory (or git dir when bare); checked on every call until it succeeds once. */
  async resolveRoot(): Promise<string> {
    if (this.root) return this.root;
    if (!isDirectory(this.dir)) {
      throw new ToolInputError(`${this.dir} does not exist or is not a directory, so it is not a git repository; pass --repo <dir>`);
    }
    const probe = (args: string[]) =>
      execa('git', [...GLOBAL_ARGS, 'rev-parse', ...args], { cwd: this.dir, env: gitEnv(), extendEnv: false, reject: false, encoding: 'utf8' });
    const r = await probe(['--is-bare-repository']);
    if (r.exitCode !== 0) throw this.repoError(`${r.stderr}\n${r.message ?? ''}`);
    if (r.stdout.trim() === 'true') {
      this.root = realpathSync(this.dir);
    } else {
      const top = await probe(['--show-toplevel']);
      if (top.exitCode !== 0 || top.stdout.trim() === '') throw this.repoError(`${top.stderr}\n${top.message ?? ''}`);
      this.root = top.stdout.trim();
    }
    return this.root;
  }

  private repoError(detail: string): ToolInputError {
    if (/dubious ownership/.test(detail)) {
      return new ToolInputError(
        `${this.dir} belongs to another user and git refuses to read it; run: git config --global --add safe.directory ${this.dir}`,
      );
    }
    if (/spawn git ENOENT/.test(detail)) {
      return new ToolInputError('the git command is not installed; install git (apt-get install git)');
    }
    return new ToolInputError(`${this.dir} is not a git repository; pass --repo <dir>`);
  }

  /**
   * Runs `git <args>` in the repository. Arguments are passed as an array (no shell); callers put
   * user values only after `--end-of-options`/`--` or attached to an option (`--grep=<value>`).
   */
  async run(args: string[], opts: { maxBytes?: number; allowFail?: boolean } = {}): Promise<GitResult> {
    const cwd = await this.resolveRoot();
    const r = await execa('git', [...GLOBAL_ARGS, ...args], {
      cwd,
      env: gitEnv(),
      extendEnv: false,
      reject: false,
      encoding: 'utf8',
      stripFinalNewline: false,
      maxBuffer: { stdout: opts.maxBytes ?? 64 * 1024 * 1024, stderr: 64 * 1024 },
    });
    if (r.isMaxBuffer) return { stdout: r.stdout, cut: true };
    if (r.exitCode !== 0 && !opts.allowFail) {
      throw new GitCommandError(args[0] ?? 'git', String(r.stderr).trim() || `exit code ${r.exitCode}`);
    }
    return { stdout: r.exitCode === 0 ? r.stdout : '', cut: false };
  }

  /** Resolves a validated revision to a full commit sha, or null when the repository has no such commit. */
  async resolveCommit(rev: string): Promise<string | null> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { allowFail: true });
    const sha = r.stdout.trim();
    return sha.length > 0 ? sha : null;
  }

  /** True when HEAD points at a commit (false in a repository with no commits yet). */
  async hasCommits(): Promise<boolean> {
    return (await this.resolveCommit('HEAD')) !== null;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** git itself failed for a reason that is not the caller's input: logged by registerTools, shown as isError. */
export class GitCommandError extends Error {
  constructor(command: string, stderr: string) {
    super(`git ${command} failed: ${stderr.split('\n').slice(0, 3).join(' ')}`);
    this.name = 'GitCommandError';
  }
}
