// Calls that a caller's own timeout errors name: a client gives up on a remote and says which one ("TimeoutException
// (waiting on carts)", "deadline exceeded calling inventory"), so the line is an edge of the call graph, caller -> that remote.
import type { EvidenceBundle } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { SEVERE } from '../severity.js';
import { TIMED_OUT } from '../signals.js';
import { namedServices } from './named-services.js';

/**
 * Per caller, the known services its timeout lines name. A timeout is the caller's wait on one call (Java's
 * TimeoutException, gRPC's DEADLINE_EXCEEDED, Go's "context deadline exceeded", Python requests' "Read timed out"), so
 * a line that says it timed out and names exactly one other known service names the callee it waited on. Only one
 * line at a time is read (a stack frame naming a package is no call), whole names only (no stems: "order" is a noun),
 * and a line naming two services is left out: which one it waited on is not said.
 */
export function timeoutCallGraph(bundle: EvidenceBundle, known: ReadonlySet<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const sig of bundle.signatures?.data ?? []) {
    if (!SEVERE.has(sig.level)) continue;
    const owners = sig.services.map(normalizeService).filter((s) => known.has(s));
    if (owners.length !== 1) continue;
    const caller = owners[0]!;
    const lines = [sig.template, ...sig.example.split('\n'), sig.root_cause ?? '', sig.peer && TIMED_OUT.test(sig.template) ? `timed out ${sig.peer}` : ''];
    for (const line of lines) {
      if (!line || line.length > 2000 || !TIMED_OUT.test(line)) continue;
      const named = namedServices(line, known, { stems: false }).filter((s) => s !== caller);
      if (named.length !== 1) continue;
      out.set(caller, (out.get(caller) ?? new Set()).add(named[0]!));
    }
  }
  return out;
}
