// How an error signature is put into words for findings and matching: its root exception, the pods that wrote
// it, and the text a change is compared with (the exception chain included, since an example may be cut before it).
import type { ErrorSignature } from '../core/evidence.js';

const MAX_ROOT = 160;

/** The signature's root exception (the innermost of its chain), cut for a line; null when it carries none. */
export function rootCause(sig: ErrorSignature): string | null {
  const root = sig.root_cause?.trim();
  if (!root) return null;
  return root.length <= MAX_ROOT ? root : `${root.slice(0, MAX_ROOT - 1)}…`;
}

/** "pod checkout-7d9f8b6c5-x2x9q in shop": which replicas wrote it, for Kubernetes container logs; '' otherwise. */
export function podsOf(sig: ErrorSignature): string {
  const pods = sig.pods ?? [];
  if (pods.length === 0) return '';
  const ns = sig.namespaces?.length === 1 ? ` in ${sig.namespaces[0]}` : '';
  const names = pods.length <= 2 ? pods.join(', ') : `${pods.slice(0, 2).join(', ')} and ${pods.length - 2} more`;
  return `pod${pods.length === 1 ? '' : 's'} ${names}${ns}`;
}

/** What a signature says: its template, its example and its exception chain (the example may be cut before the root cause). */
export function signatureText(sig: ErrorSignature): string {
  const chain = sig.exception_chain?.length ? sig.exception_chain : sig.root_cause ? [sig.root_cause] : [];
  return [sig.template, sig.example, ...chain.filter((e) => !sig.example.includes(e))].join('\n');
}

