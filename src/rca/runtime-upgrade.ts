// A commit that changed the runtime under the code (a Dockerfile's base image, .nvmrc, go.mod's go line), confirmed by
// the service's runtime-version series (nodejs_version_info, python_info, go_info) switching version as it rolled out.
import type { EvidenceBundle } from './bundle.js';
import { serviceFromLabels } from '../core/series-labels.js';
import { releaseNames } from '../core/release-tag.js';
import { normalizeService } from './service-names.js';

const MIN = 60_000;
/** How long before a release went live its new runtime may show (a canary pod, clocks) ... */
const BEFORE_MS = 2 * MIN;
/** ... and after it (the rollout of every pod, the scrape interval). */
const AFTER_MS = 10 * MIN;

/** Files that pin the runtime itself, not a library: a container's base image, version-manager files, go.mod. */
const IMAGE_FILE = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.dockerfile$/i;
const VERSION_FILE = /(?:^|\/)(?:\.nvmrc|\.node-version|\.python-version|\.ruby-version|\.java-version|\.tool-versions|runtime\.txt)$/i;
/** The lines in them that name the runtime's version. */
const RUNTIME_LINE: Array<[RegExp, RegExp]> = [
  [IMAGE_FILE, /^FROM\s+(?:--platform=\S+\s+)?(\S+)/i],
  [VERSION_FILE, /^(\S.*)$/],
  [/(?:^|\/)go\.mod$/, /^(?:go|toolchain)\s+(\S+)$/],
];

/**
 * A runtime's version-info family (prom-client's nodejs_version_info, python_info, go_info, jvm_info): not an app's own
 * version_info, which switches with every release whatever it changed.
 */
const VERSION_FAMILY = /^(?:nodejs_version|python|go|jvm|ruby|dotnet|php|erlang_vm)_info$/;
const VERSION_LABELS = ['version', 'runtime_version', 'implementation_version'];
/** Labels that split one runtime's info series by its version: not the series' identity. */
const VERSION_PARTS = new Set([...VERSION_LABELS, 'major', 'minor', 'patch', 'patchlevel', 'implementation', 'vendor', 'runtime']);

/** What a diff changed of the runtime (`node:16.20.2-alpine3.18 → node:18.20.4-alpine3.20`), or null. */
export function runtimeDiff(diff: string): string | null {
  let path = '';
  const removed: string[] = [];
  const added: string[] = [];
  for (const line of diff.split('\n')) {
    const header = /^diff --git a\/\S+ b\/(\S+)/.exec(line);
    if (header) {
      path = header[1]!;
      continue;
    }
    if (!/^[+-](?![+-])/.test(line)) continue;
    const rule = RUNTIME_LINE.find(([file]) => file.test(path));
    const m = rule?.[1].exec(line.slice(1).trim());
    if (m) (line[0] === '-' ? removed : added).push(m[1]!.slice(0, 80));
  }
  const from = removed.find((r) => !added.includes(r));
  const to = added.find((a) => !removed.includes(a));
  return from && to ? `${from} → ${to}` : null;
}

export interface VersionSwitch {
  metric: string;
  from: string;
  to: string;
  /** When the new version's series first reported. */
  time: number;
  call: string;
}

/**
 * The runtime-version series of `owner` (a service the change belongs to, read from the series' labels; a series that
 * names no service stands for the only one) whose new version first reported between just before `liveAt` and the
 * rollout's end, after an older version had reported: the runtime did change when the release went live.
 */
export function versionSwitch(bundle: EvidenceBundle, owns: (service: string) => boolean, liveAt: number): VersionSwitch | null {
  for (const c of bundle.series) {
    const groups = new Map<string, Array<{ version: string; first: number }>>();
    for (const s of c.data) {
      if (!VERSION_FAMILY.test(s.metric) || s.points.length === 0) continue;
      const version = VERSION_LABELS.map((k) => s.labels[k]).find((v) => !!v);
      const service = serviceFromLabels(s.labels);
      if (!version || (service !== null && !owns(normalizeService(service)))) continue;
      const key = `${s.metric}|${JSON.stringify(Object.entries(s.labels).filter(([k]) => !VERSION_PARTS.has(k)).sort())}`;
      const list = groups.get(key) ?? [];
      list.push({ version, first: s.points[0]![0] });
      groups.set(key, list);
    }
    for (const [key, list] of groups) {
      const sorted = list.sort((a, b) => a.first - b.first);
      const next = sorted.find((v, i) => i > 0 && v.first >= liveAt - BEFORE_MS && v.first <= liveAt + AFTER_MS);
      const prev = next ? sorted.find((v) => v.first < next.first && v.version !== next.version) : undefined;
      if (next && prev) return { metric: key.split('|')[0]!, from: prev.version, to: next.version, time: next.first, call: c.call_id };
    }
  }
  return null;
}

/** The change's runtime change, said with its proof, when its diff changed the runtime and its series switched. */
export function confirmedRuntime(bundle: EvidenceBundle, diff: string | undefined, ref: string | null, top: string | null, liveAt: number): string | null {
  const what = diff ? runtimeDiff(diff) : null;
  if (!what) return null;
  const owns = (service: string) => service === top || (ref !== null && releaseNames(ref, service));
  const seen = versionSwitch(bundle, owns, liveAt);
  return seen ? `${what}; ${seen.metric} went from ${seen.from} to ${seen.to} at ${new Date(seen.time).toISOString()}` : null;
}
