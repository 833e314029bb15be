// The offline analyzers, in the order they run (the runner isolates each one's failure).
// Add one by writing a file in analyzers/ that implements Analyzer and listing it here.
import type { Analyzer } from './analyzer.js';
import { burstCredits } from './analyzers/burst-credits.js';
import { descriptorLimit } from './analyzers/descriptor-limit.js';
import { sessionExpiry } from './analyzers/session-expiry.js';
import { autoscalerCeiling } from './analyzers/autoscaler-ceiling.js';
import { autoscalerFlapping } from './analyzers/autoscaler-flapping.js';
import { capacity } from './analyzers/capacity.js';
import { certExpiry } from './analyzers/cert-expiry.js';
import { certExpirySeries } from './analyzers/cert-expiry-series.js';
import { clockSkew } from './analyzers/clock-skew.js';
import { changeCorrelation } from './analyzers/change-correlation.js';
import { failover } from './analyzers/failover.js';
import { heldStatements } from './analyzers/held-statements.js';
import { stalledConsumer } from './analyzers/stalled-consumer.js';
import { slowConsumer } from './analyzers/slow-consumer.js';
import { sidecarRace } from './analyzers/sidecar-race.js';
import { storeOperation } from './analyzers/store-operation.js';
import { storeFull } from './analyzers/store-full.js';
import { logPipelineBlocked } from './analyzers/log-pipeline-blocked.js';
import { conntrackFull } from './analyzers/conntrack-full.js';
import { natPorts } from './analyzers/nat-ports.js';
import { crashLoop } from './analyzers/crash-loop.js';
import { databaseLoad } from './analyzers/database-load.js';
import { localize } from './analyzers/localize.js';
import { newSignatures } from './analyzers/new-signatures.js';
import { onset } from './analyzers/onset.js';
import { renewalBlocker } from './analyzers/renewal-blocker.js';
import { replicasDown } from './analyzers/replicas-down.js';
import { cacheEmptied } from './analyzers/cache-emptied.js';
import { cacheBypass } from './analyzers/cache-bypass.js';
import { refusedPods } from './analyzers/refused-pods.js';
import { pullRateLimit } from './analyzers/pull-rate-limit.js';
import { acmeRateLimit } from './analyzers/acme-rate-limit.js';
import { proxyDenials } from './analyzers/proxy-denials.js';
import { staleResolutionAnalyzer } from './analyzers/stale-resolution.js';
import { destroyedResource } from './analyzers/destroyed-resource.js';
import { resourceSaturation } from './analyzers/resource-saturation.js';
import { runtimeChange } from './analyzers/runtime-change.js';
import { controlPlaneChange } from './analyzers/control-plane-change.js';
import { credentialLifecycle } from './analyzers/credential-lifecycle.js';
import { unreleasedRollout } from './analyzers/unreleased-rollout.js';
import { upstreamDependency } from './analyzers/upstream-dependency.js';

export const ANALYZERS: readonly Analyzer[] = [
  onset,
  newSignatures,
  changeCorrelation,
  runtimeChange,
  controlPlaneChange,
  credentialLifecycle,
  unreleasedRollout,
  resourceSaturation,
  upstreamDependency,
  capacity,
  databaseLoad,
  heldStatements,
  stalledConsumer,
  slowConsumer,
  sidecarRace,
  certExpiry,
  certExpirySeries,
  renewalBlocker,
  clockSkew,
  failover,
  cacheEmptied,
  cacheBypass,
  storeOperation,
  storeFull,
  logPipelineBlocked,
  conntrackFull,
  natPorts,
  burstCredits,
  descriptorLimit,
  sessionExpiry,
  crashLoop,
  replicasDown,
  refusedPods,
  pullRateLimit,
  acmeRateLimit,
  proxyDenials,
  staleResolutionAnalyzer,
  destroyedResource,
  autoscalerCeiling,
  autoscalerFlapping,
  localize,
];
