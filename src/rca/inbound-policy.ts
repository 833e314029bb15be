// What a diff says when it narrows which callers a mesh admits: read by change correlation for every release and
// used by the ranking when callers are refused (policy-restart.ts). Kept apart so neither imports the other.

/**
 * Added lines that narrow which callers a service's proxy admits: Linkerd's `default-inbound-policy` annotation or
 * `Server`/`AuthorizationPolicy`/`MeshTLSAuthentication` objects, Istio's `AuthorizationPolicy` and a
 * `PeerAuthentication` in `mode: STRICT`, Consul's service intentions.
 */
const POLICY =
  /^\+.*(?:default-inbound-policy|\bkind:\s*(?:AuthorizationPolicy|PeerAuthentication|ServerAuthorization|MeshTLSAuthentication|ServiceIntentions)\b|\bmode:\s*STRICT\b)/m;

/** Whether a diff's added lines set an inbound access policy of a mesh. */
export const setsInboundPolicy = (diff: string): boolean => POLICY.test(diff);
