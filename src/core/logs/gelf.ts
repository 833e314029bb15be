// Docker's GELF log driver records (`{"version":"1.1","host":...,"short_message":...,"_container_name":...}`): the
// container they came from names the service, since one GELF stream carries every container of a host or fleet.
import { SYSLOG_LEVELS } from './levels.js';
import { workloadOf } from './kubernetes.js';
import type { ParsedHead } from './parsed-head.js';

// Docker's default `tag` is the container's short id: twelve hex digits that name nobody.
const CONTAINER_ID = /^[0-9a-f]{12,64}$/;
// dockershim's names for a pod's containers, `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`: the pod's workload
// is the service, as for the kubelet's log files (kubernetes.ts).
const DOCKERSHIM = /^k8s_[a-z0-9][a-z0-9-]{0,62}_([a-z0-9][a-z0-9.-]{0,252})_/;
// Compose v1 `<project>_<service>_<n>` (its project keeps only letters and digits), v2 `<project>-<service>-<n>`.
// A pod's or a Compose v2 replica's suffix (`auth-svc-7c5d9b8f6-rv3hz`, `orders-api-1`) is workloadOf's to remove.
const COMPOSE_V1 = /^[a-z0-9]+_([\w.-]+?)_\d{1,4}$/;

/** The service a Docker container's name stands for: its pod's workload, its Compose service, or the name itself. */
export function containerService(raw: string): string | null {
  const name = raw.replace(/^\/+/, '').trim().toLowerCase();
  if (!/^[a-z0-9][\w.-]{0,200}$/.test(name) || CONTAINER_ID.test(name)) return null;
  const shim = DOCKERSHIM.exec(name);
  if (shim) return workloadOf(shim[1]!);
  const v1 = COMPOSE_V1.exec(name);
  if (v1) return v1[1]!;
  return workloadOf(name);
}

/** An image reference's repository name: `registry.example.com/shop/auth-svc:2.31.0@sha256:...` is auth-svc. */
function imageService(ref: string): string | null {
  const last = ref.split('@')[0]!.split('/').pop() ?? '';
  const repo = last.split(':')[0]!.toLowerCase();
  return /^[a-z0-9][\w.-]{0,120}$/.test(repo) && !repo.startsWith('sha256') ? repo : null;
}

function gelfService(obj: Record<string, unknown>): string | null {
  // A `tag` set in the driver's options (`{{.Name}}`, `{{.ImageName}}`) says whose lines they are, as the name does.
  for (const key of ['_container_name', '_tag']) {
    const v = obj[key];
    const s = typeof v === 'string' ? containerService(v) : null;
    if (s) return s;
  }
  return typeof obj._image_name === 'string' ? imageService(obj._image_name) : null;
}

/**
 * A GELF record's head: its time, the container's service, the driver's level and the container's raw line as the
 * message (formats.ts reads that line's own level and words, as it does a container runtime's). Null: no GELF record.
 */
export function gelfRecord(obj: Record<string, unknown>): ParsedHead | null {
  if (typeof obj.version !== 'string' || typeof obj.short_message !== 'string' || typeof obj.host !== 'string') return null;
  const ts = typeof obj.timestamp === 'number' ? obj.timestamp : typeof obj.timestamp === 'string' ? Number(obj.timestamp) : NaN;
  // GELF's `level` is syslog's severity; Docker's driver writes 3 for stderr and 6 for stdout whatever the app meant.
  const level = typeof obj.level === 'number' && obj.level >= 0 && obj.level <= 7 ? SYSLOG_LEVELS[Math.floor(obj.level)]! : 'unknown';
  const full = typeof obj.full_message === 'string' && obj.full_message.startsWith(obj.short_message) ? obj.full_message : obj.short_message;
  return { time: Number.isFinite(ts) ? Math.round(ts * 1000) : null, level, service: gelfService(obj), message: full.replace(/\s+$/, ''), fields: obj, dialect: 'gelf' };
}
