// What a diff says when it changes how a mesh's sidecar starts beside the app: read by change correlation for every
// change and used by the ranking when an app's first connections fail before its proxy is ready (sidecar-race-rank.ts).

/**
 * Changed lines (added or removed) that change which sidecar a pod gets or how it starts:
 * - Istio: the namespace's injection label (`istio-injection`, `istio.io/rev`: a revision is another control plane
 *   with its own defaults), the pod's `sidecar.istio.io/inject` or `proxy.istio.io/config` annotation,
 *   `holdApplicationUntilProxyStarts`, the proxy image or version (`sidecar.istio.io/proxyImage`);
 * - Linkerd: `linkerd.io/inject`, `config.linkerd.io/proxy-await`, `config.linkerd.io/proxy-version`;
 * - Consul: `consul.hashicorp.com/connect-inject`.
 * A revision upgrade need not spell the hold setting at all: the new revision's defaults decide it, so the label that
 * moves a namespace to it is the change.
 */
const MESH = /\bistio-injection\s*[:=]|\bistio\.io\/rev\s*[:=]|\bsidecar\.istio\.io\/(?:inject|proxyImage)\b|\bproxy\.istio\.io\/config\b|\bholdApplicationUntilProxyStarts\b|\blinkerd\.io\/inject\b|\bconfig\.linkerd\.io\/proxy-(?:await|version)\b|\bconsul\.hashicorp\.com\/connect-inject\b/;

/**
 * The changed line of a diff that changes how a mesh's sidecar is injected or starts (trimmed), or null: an added
 * line first (what pods get now, `istio.io/rev: 1-23`), else a removed one (a hold setting deleted).
 */
export function meshStartupLine(diff: string): string | null {
  const changed = diff.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l) && MESH.test(l));
  const line = changed.find((l) => l.startsWith('+')) ?? changed[0];
  return line ? line.slice(1).trim().slice(0, 160) : null;
}

/**
 * The workloads or namespaces a mesh change is scoped to: `name:` and `namespace:` values in its hunks and a
 * `namespaces/<name>` path. Empty for a mesh-wide change (the control plane's own values), which applies to every pod.
 */
export function meshScope(diff: string): string[] {
  const out = new Set<string>();
  for (const m of diff.matchAll(/^[ +-]\s*(?:name|namespace):\s*["']?([a-z0-9][a-z0-9-]{0,62})["']?\s*$/gm)) out.add(m[1]!);
  for (const m of diff.matchAll(/^\+\+\+ b\/(?:.*\/)?namespaces?\/([a-z0-9][a-z0-9-]{0,62})(?:\.ya?ml|\/)/gm)) out.add(m[1]!);
  return [...out].sort();
}
