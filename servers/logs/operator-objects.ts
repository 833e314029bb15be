// The Kubernetes object a controller-runtime operator's structured line is about (KEDA, cert-manager, Crossplane):
// read from its fields, since such operators name the object there and not in the message, as `Kind/namespace/name`.

// A Kind as a field key (`"ScaledObject": "shop/api"`, `"Certificate": {"name": …, "namespace": …}`).
const KIND_KEY = /^[A-Z][A-Za-z]{2,60}$/;
// The kind as a key prefix with the name and namespace apart (KEDA's `scaledobject.Name`, `scaledObject.Namespace`).
const KIND_PART = /^([A-Za-z]{3,60})\.(name|namespace)$/i;
// Kubernetes' name syntax (a DNS subdomain) after its namespace: values come from logs and are untrusted. The
// namespace is required: a capitalised field holding a bare word (`"Status": "ok"`) is no object.
const NAME = /^[a-z0-9][a-z0-9.-]{0,252}$/;
const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NAMESPACED = /^[a-z0-9][a-z0-9-]{0,62}\/[a-z0-9][a-z0-9.-]{0,252}$/;
// The operator's own verbs for a change it made: a value it set, updated or scaled, an object it configured. Not a
// read, and not "Reconciling", which operators log on every periodic resync whether anything changed or not.
const ACTING = /\b(?:reconciled|set|updated?|patched|scaled|configured|synced|applied)\b/i;
// "refreshed: no changes", "configuration unchanged": a look that found nothing new.
const NOTHING = /\b(?:no|0|zero) (?:changes?|difference)\b|\bunchanged\b|\bnothing (?:changed|to (?:do|apply))\b/i;

/**
 * The objects (`Kind/namespace/name`, at most 4) an operator's line says it acted on, by its fields; none when its
 * message names no action (a status read, a metrics scrape). Kinds keep the spelling the operator logs.
 */
export function operatorObjects(message: string, fields: Record<string, unknown> | null | undefined): string[] {
  if (!fields || message.length > 2000 || !ACTING.test(message) || NOTHING.test(message)) return [];
  const out = new Set<string>();
  const parts = new Map<string, { name?: string; namespace?: string }>();
  for (const [key, v] of Object.entries(fields)) {
    if (KIND_KEY.test(key)) {
      const o = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      const ref = typeof v === 'string' ? v : typeof o?.name === 'string' && typeof o.namespace === 'string' ? `${o.namespace}/${o.name}` : null;
      if (ref !== null && ref.length <= 316 && NAMESPACED.test(ref)) out.add(`${key}/${ref}`);
      continue;
    }
    const m = KIND_PART.exec(key);
    if (!m || typeof v !== 'string' || !(m[2]!.toLowerCase() === 'name' ? NAME : NAMESPACE).test(v)) continue;
    const kind = m[1]!.toLowerCase();
    const p = parts.get(kind) ?? {};
    p[m[2]!.toLowerCase() as 'name' | 'namespace'] = v;
    parts.set(kind, p);
  }
  for (const [kind, p] of parts) {
    // A kind already named by its own key is the same object; a name without its namespace (`scaleTarget.Name`) is none.
    if (!p.name || !p.namespace || [...out].some((o) => o.toLowerCase().startsWith(`${kind}/`))) continue;
    out.add(`${kind}/${p.namespace}/${p.name}`);
  }
  return [...out].slice(0, 4);
}
