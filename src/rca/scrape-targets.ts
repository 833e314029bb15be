// Which service a host:port is: Prometheus labels each scraped target's series with its address (`instance`) and its
// name (`job`), so an error naming `infra-1:2379` names the service scraped there, not a machine called infra-1.
import type { EvidenceBundle } from './bundle.js';
import { normalizeService } from './service-names.js';

/** host:port as Prometheus writes an instance (a name or an IPv4 address, then the port). */
const ADDRESS = /^[a-z0-9][a-z0-9.-]*:\d{2,5}$/i;

/**
 * instance -> job for every target whose job is one of `services` (one whose logs or metrics name it as a service):
 * a generic job (`kubernetes-pods`, `node`) is where a series was scraped, not a service an error could be waiting on.
 */
export function serviceAddresses(bundle: EvidenceBundle, services: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  const add = (labels: Record<string, string>) => {
    const inst = labels.instance?.toLowerCase();
    const job = labels.job ? normalizeService(labels.job) : null;
    if (inst && job && ADDRESS.test(inst) && services.has(job) && !out.has(inst)) out.set(inst, job);
  };
  for (const a of bundle.anomalies?.data ?? []) add(a.labels);
  for (const c of [...bundle.series, ...bundle.counters, ...bundle.usageCounters]) for (const s of c.data) add(s.labels);
  return out;
}

/** The services whose scraped address the text names (as a whole host:port, not inside a longer name or port). */
export function servicesAt(text: string, addresses: ReadonlyMap<string, string>): string[] {
  const lower = text.toLowerCase();
  const found = new Set<string>();
  for (const [inst, job] of addresses) {
    for (let at = lower.indexOf(inst); at >= 0 && !found.has(job); at = lower.indexOf(inst, at + 1)) {
      const before = lower[at - 1] ?? ' ';
      const after = lower[at + inst.length] ?? ' ';
      if (!/[a-z0-9.-]/.test(before) && !/[0-9]/.test(after)) found.add(job);
    }
  }
  return [...found];
}
