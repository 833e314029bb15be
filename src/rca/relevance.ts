// How much a change has to do with the incident's errors: weighted overlap of word stems between the
// new error text (templates, examples, stack frames) and the change's message, paths and diff.
import type { CommitInfo, ShowCommitResult } from '../core/evidence.js';
import type { ChangedSetting } from './analyzer.js';
import type { RelatedSignature } from './related-signatures.js';
import { signatureText } from './signature-words.js';
import { tokenize } from './tokens.js';
import { withoutWaitingCallers } from './waiting-frames.js';

export interface TextProfile {
  weights: Map<string, number>;
  /** A word as written for each stem, for display. */
  surface: Map<string, string>;
  /** The raw texts, for exact path matches (a stack frame naming a changed file). */
  text: string;
}

/** One profile per related signature, with the share of the incident it carries. */
export interface IncidentProfile {
  parts: Array<{ weight: number; profile: TextProfile }>;
}

export function incidentProfile(related: RelatedSignature[], exclude: ReadonlySet<string>): IncidentProfile {
  const total = related.reduce((a, r) => a + r.weight, 0) || 1;
  return {
    parts: related.map((r) => {
      const surface = new Map<string, string>();
      // Callers of a call that blocked on another system only waited there: their files explain nothing.
      const text = withoutWaitingCallers(signatureText(r.sig));
      const weights = new Map<string, number>();
      for (const t of tokenize(text, { numbers: true, exclude, surface })) weights.set(t, 1);
      return { weight: r.weight / total, profile: { weights, surface, text } };
    }),
  };
}

export interface ChangeProfile {
  weights: Map<string, number>;
  paths: string[];
}

/** Stems of a change: message and paths in full, changed diff lines in full, context lines at half weight. */
export function changeProfile(
  commit: CommitInfo,
  diff: ShowCommitResult | null,
  exclude: ReadonlySet<string>,
  /** Stems not to take from the message: naming a failing upstream in a message does not make a change its cause. */
  messageIgnore: ReadonlySet<string> = new Set(),
): ChangeProfile {
  const weights = new Map<string, number>();
  const add = (text: string, w: number, numbers: boolean, skip: ReadonlySet<string> = new Set()) => {
    for (const t of tokenize(text, { numbers, exclude })) {
      if (!skip.has(t)) weights.set(t, Math.max(weights.get(t) ?? 0, w));
    }
  };
  add(`${commit.message}\n${commit.body}`, 1, false, messageIgnore);
  const paths = (diff?.files ?? commit.files).map((f) => f.path);
  for (const p of paths) add(p, 1, false);
  if (diff) {
    for (const line of diff.diff.split('\n')) {
      if (/^(\+\+\+|---|diff |index |@@|new file|deleted file|similarity|rename)/.test(line)) continue;
      if (line.startsWith('+') || line.startsWith('-')) add(line.slice(1), 1, true);
      else add(line, 0.5, false);
    }
  }
  return { weights, paths };
}

export interface RelevanceScore {
  relevance: number;
  matched: string[];
  /** A stack frame or message names one of the changed files. */
  pathMatch: string | null;
}

/**
 * Overlap per signature, weighted by the change weight and `idf` (how rare a stem is among the candidate
 * changes: a word every change shares, such as the service's directory, tells nothing). A change is as
 * relevant as the best signature it explains, discounted when that signature is a small part of the incident,
 * plus the share of the whole incident it explains.
 */
export function scoreRelevance(
  incident: IncidentProfile,
  change: ChangeProfile,
  idf: (token: string) => number,
): RelevanceScore {
  let best = 0;
  let explained = 0;
  const matched = new Map<string, number>();
  let pathMatch: string | null = null;
  for (const { weight, profile } of incident.parts) {
    let score = 0;
    for (const [tok, wc] of change.weights) {
      if (!profile.weights.has(tok)) continue;
      const s = wc * idf(tok);
      score += s;
      const word = profile.surface.get(tok) ?? tok;
      matched.set(word, Math.max(matched.get(word) ?? 0, s * weight));
    }
    const path = change.paths.find((p) => pathNamed(profile.text, p)) ?? null;
    if (path) {
      score += 2;
      pathMatch ??= path;
    }
    const rel = 1 - Math.exp(-score / 1.5);
    best = Math.max(best, rel * Math.sqrt(Math.min(1, weight / 0.2)));
    explained += weight * rel;
  }
  return {
    relevance: 0.7 * best + 0.3 * explained,
    matched: [...matched].sort((a, b) => b[1] - a[1]).map(([w]) => w),
    pathMatch,
  };
}

/** True when the text names the file by at least its last two path segments (or a distinctive file name). */
function pathNamed(text: string, path: string): boolean {
  const segs = path.split('/').filter(Boolean);
  if (segs.length === 0) return false;
  const tail = segs.slice(-2).join('/');
  if (segs.length >= 2 && text.includes(tail)) return true;
  const base = segs[segs.length - 1]!;
  const stemName = base.replace(/\.[a-z0-9]+$/i, '').toLowerCase();
  if (base.length < 8 || GENERIC_FILES.has(stemName) || !/\.[a-z0-9]+$/i.test(base)) return false;
  // A file name in a frame such as "(ChargeHandler.java:42)" or "at charge_handler.py".
  return new RegExp(`(^|[^A-Za-z0-9_])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`).test(text);
}

const GENERIC_FILES = new Set(['index', 'main', 'app', 'utils', 'util', 'helpers', 'helper', '__init__', 'server', 'handler', 'handlers', 'mod', 'lib', 'config', 'settings', 'common', 'types', 'package', 'constants']);

/** idf over a set of profiles: 1 for a stem only one change has, small for one all of them share. */
export function idfOver(profiles: ChangeProfile[]): (token: string) => number {
  const n = profiles.length;
  const df = new Map<string, number>();
  for (const p of profiles) for (const t of p.weights.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  return (t) => {
    const d = df.get(t) ?? 1;
    if (n <= 1) return 1;
    if (d >= n) return 0.25;
    return Math.log(1 + n / d) / Math.log(1 + n);
  };
}

const NON_RUNTIME = /(\.(md|markdown|rst|txt|adoc)$|(^|\/)(docs?|documentation)\/|(^|\/)(LICENSE|CHANGELOG|AUTHORS|CODEOWNERS)[^/]*$|(^|\/)(tests?|__tests__|spec|specs)\/|\.(test|spec)\.[a-z]+$|_test\.(go|py)$|(^|\/)test_[^/]+\.py$|^\.github\/|\.gitlab-ci\.yml$|Jenkinsfile$|\.editorconfig$|\.gitignore$)/i;
const CONFIG = /((^|\/)(app|application)?settings[^/]*\.json$|(^|\/)[^/]*config[^/]*\.json$|\.(ya?ml|toml|ini|conf|cfg|properties|env)$|(^|\/)(config|conf|settings|deploy|helm|k8s|charts?)\/.*\.(json|ya?ml)$|(^|\/)\.env[^/]*$)/i;

// A service's dependency manifests and lockfiles: what they pin runs in production.
const DEPENDENCY_MANIFEST = /(^|\/)(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.ya?ml|poetry\.lock|uv\.lock|pyproject\.toml|Pipfile(\.lock)?|(requirements|constraints)[^/]*\.(txt|in)|go\.(mod|sum)|Gemfile(\.lock)?|Cargo\.(toml|lock)|composer\.(json|lock)|pom\.xml|build\.gradle(\.kts)?|gradle\.lockfile|packages\.lock\.json|[^/]+\.csproj|Directory\.Packages\.props|mix\.(exs|lock))$/i;

export function isNonRuntime(path: string): boolean {
  return NON_RUNTIME.test(path);
}
export function isDependencyManifest(path: string): boolean {
  return DEPENDENCY_MANIFEST.test(path);
}
export function isConfig(path: string): boolean {
  return CONFIG.test(path) && !isNonRuntime(path);
}

/** Numeric settings a diff changed: "pool_size: 30" -> "pool_size: 10" gives {key, from, to}. */
export function changedSettings(diff: string): Array<{ key: string; from: string; to: string }> {
  return settingsIn(diff).map(({ key, from, to }) => ({ key, from, to }));
}

/**
 * The same, file by file: one commit may set the same key in several services' files (each its own maximum), which
 * one map over the whole diff would fold into one. A diff without file headers is the commit's one file, if it has one.
 */
export function changedSettingsByFile(diff: string, paths: string[], which: 'changed' | 'new' = 'changed'): ChangedSetting[] {
  const out: ChangedSetting[] = [];
  let path: string | null = paths.length === 1 ? paths[0]! : null;
  let chunk: string[] = [];
  const flush = () => out.push(...settingsIn(chunk.join('\n'), which).map((s) => ({ path, ...s })));
  for (const line of diff.split('\n')) {
    const header = /^diff --git a\/\S+ b\/(\S+)/.exec(line);
    if (!header) {
      chunk.push(line);
      continue;
    }
    flush();
    chunk = [];
    path = header[1]!;
  }
  flush();
  return out;
}

/** Settings the diff set anew, with no line of theirs removed (`+linger.ms: 1000`): `from` is ''. */
export function newSettingsByFile(diff: string, paths: string[]): ChangedSetting[] {
  return changedSettingsByFile(diff, paths, 'new');
}

function settingsIn(diff: string, which: 'changed' | 'new' = 'changed'): Array<{ key: string; from: string; to: string; line: string }> {
  const removed = new Map<string, string>();
  const added = new Map<string, { value: string; line: string }>();
  for (const line of diff.split('\n')) {
    const m = /^([+-])\s*["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?([^"',#\s]+)["']?\s*,?\s*(#.*)?$/.exec(line);
    if (!m || line.startsWith('+++') || line.startsWith('---')) continue;
    if (m[1] === '-') removed.set(m[2]!, m[3]!);
    else added.set(m[2]!, { value: m[3]!, line });
  }
  const out: Array<{ key: string; from: string; to: string; line: string }> = [];
  for (const [key, { value: to, line }] of added) {
    const from = removed.get(key);
    if (which === 'changed' ? from !== undefined && from !== to : from === undefined) out.push({ key, from: from ?? '', to, line });
  }
  return out;
}
