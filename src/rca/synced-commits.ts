// Commits that no release tag shipped but a GitOps or mesh control plane applied (Argo CD, Flux, istiod pushing a
// DestinationRule): the logged apply naming an object the commit's manifests declare is when that commit went live.
import type { ChangeCandidate } from '../core/sources/git-candidates.js';
import type { EvidenceBundle } from './bundle.js';
import { changedSettingsByFile } from './relevance.js';

/** How long after a merge a controller's apply may come and still be that merge's (GitOps polls every few minutes). */
export const SYNC_DELAY_MAX = 60 * 60_000;

/** A commit live since a control plane logged applying what it declares. */
export interface SyncedCandidate extends ChangeCandidate {
  /** The control plane's line that applied it. */
  syncedBy: string;
  /** The name of the object whose changed setting an operator logged acting on (liveAt is then that moment). */
  actsOn?: string;
}

/**
 * Untagged commits (in no release) whose diff declares an object a config announcement in [from, to] names, applied
 * after the commit and within SYNC_DELAY_MAX of it; live at that apply, newest first.
 */
export function syncedCandidates(bundle: EvidenceBundle, from: number, to: number): SyncedCandidate[] {
  const applies = (bundle.flows?.data.announcements ?? []).filter((a) => a.kind === 'config' && a.objects?.length && a.time >= from && a.time <= to);
  if (applies.length === 0) return [];
  const released = new Set((bundle.deployments?.data ?? []).flatMap((d) => d.commits.map((c) => c.sha)));
  const out: SyncedCandidate[] = [];
  for (const d of bundle.diffs) {
    const c = d.data;
    const committed = Date.parse(c.time);
    if (released.has(c.sha) || Number.isNaN(committed)) continue;
    const files = filesOf(c.diff, c.files.map((f) => f.path));
    const after = applies.filter((a) => a.time >= committed).sort((a, b) => a.time - b.time);
    // The first apply after the merge that names one of its objects: a later one may be someone else's change.
    const apply = after.filter((a) => a.time - committed <= SYNC_DELAY_MAX).find((a) => a.objects!.some((o) => files.some((f) => declares(f, o))));
    // An operator acting on the very setting the commit changed, for an object it declares (KEDA setting the replicas
    // to minReplicaCount), is when the change took effect: it may come long after the sync, at the next quiet spell.
    const acted = actedOn(after, files, c.diff, c.files.map((f) => f.path), newerSetters(bundle, released, c.sha, committed));
    const commit = { sha: c.sha, author: c.author, email: c.email, time: c.time, message: c.message, body: c.body, files: c.files };
    if (acted) out.push({ commit, ref: null, liveAt: acted.at.time, syncedBy: acted.at.text, actsOn: acted.name });
    else if (apply) out.push({ commit, ref: null, liveAt: apply.time, syncedBy: apply.text });
  }
  return out.sort((a, b) => b.liveAt - a.liveAt);
}

type Applied = { time: number; text: string; objects?: string[] };

/**
 * The first line after the merge in which an operator acts on an object one of the commit's files declares, naming a
 * setting that file changed (`minReplicaCount`), unless a newer commit had changed that setting of that object again.
 */
function actedOn(after: Applied[], files: Array<{ path: string; text: string }>, diff: string, paths: string[], newer: Array<{ time: number; keys: Set<string> }>): { at: Applied; name: string } | null {
  const keys = new Set(changedSettingsByFile(diff, paths).map((s) => s.key.split('.').pop()!).filter((k) => k.length >= 4));
  for (const a of after) {
    const key = [...keys].find((k) => new RegExp(`(^|[^\\w.-])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`).test(a.text));
    if (!key || newer.some((n) => n.time <= a.time && n.keys.has(key))) continue;
    const object = a.objects!.find((o) => files.some((f) => declares(f, o)));
    if (object) return { at: a, name: object.split('/').pop()! };
  }
  return null;
}

/** Unreleased commits after `committed` and the settings each changed: a later value of a setting is theirs. */
function newerSetters(bundle: EvidenceBundle, released: Set<string>, sha: string, committed: number): Array<{ time: number; keys: Set<string> }> {
  return bundle.diffs
    .filter((d) => d.data.sha !== sha && !released.has(d.data.sha) && Date.parse(d.data.time) > committed)
    .map((d) => ({ time: Date.parse(d.data.time), keys: new Set(changedSettingsByFile(d.data.diff, d.data.files.map((f) => f.path)).map((s) => s.key.split('.').pop()!)) }));
}

/** The diff cut per file: its path and its lines (context included: a manifest's kind and name are often context). */
function filesOf(diff: string, paths: string[]): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const line of diff.split('\n')) {
    const header = /^diff --git a\/\S+ b\/(\S+)/.exec(line);
    if (header) out.push({ path: header[1]!, text: '' });
    else if (out.length) out[out.length - 1]!.text += `${line}\n`;
  }
  // A diff without headers is the commit's one file, if it has one.
  if (out.length === 0 && paths.length === 1) out.push({ path: paths[0]!, text: diff });
  return out;
}

/**
 * The file declares `Kind/name` or `Kind/namespace/name`: the name is in its path or its text, and so is the kind
 * (`kind: DestinationRule` in the text, or `destination-rule.yaml` as the file's name).
 */
export function declares(file: { path: string; text: string }, object: string): boolean {
  const parts = object.split('/');
  const kind = parts[0]!.toLowerCase();
  const name = parts[parts.length - 1]!.toLowerCase();
  if (parts.length < 2 || name.length < 3) return false;
  const path = file.path.toLowerCase();
  const text = file.text.toLowerCase();
  const squash = (s: string) => s.replace(/[^a-z0-9]/g, '');
  const named = new RegExp(`(^|[^a-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9-])`).test(`${path}\n${text}`);
  const base = path.split('/').pop() ?? '';
  // A GitOps repository keeps one object per file named for it: a diff whose hunks show no `kind:` line is that file's
  // object, of whatever kind the controller names (the kind sits at the top, outside the three lines of context).
  const namedFile = base.replace(/\.(?:ya?ml|json)$/, '') === name && base !== name && !/^[ +-]?\s*kind:/m.test(text);
  const kinded = squash(base).includes(squash(kind)) || new RegExp(`kind:\\s*["']?${kind}\\b`).test(text) || namedFile;
  return named && kinded;
}
