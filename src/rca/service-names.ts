// Which service a name, a log file or a request series is about: the one normalisation every analyzer and the
// localizer share, kept apart from the context so traffic, signals and the context can all use it without a circle.

import { serviceOfLogFile } from '../core/logs/file-service.js';

const GENERIC_SEGMENTS = new Set(['app', 'main', 'service', 'server', 'api', 'worker', 'web', 'svc', 'srv', 'root']);

/** "billing.app" -> "billing", "Orders" -> "orders": logger names carry module suffixes. */
export function normalizeService(name: string): string {
  const parts = name.trim().toLowerCase().split('.');
  while (parts.length > 1 && GENERIC_SEGMENTS.has(parts[parts.length - 1]!)) parts.pop();
  return parts.join('.');
}

/** A log without a service field: its file name often is the service ("billing.log", "orders-2025-02-20.log.gz"). */
export function serviceFromSource(source: string): string | null {
  // `app.log:12`, or `app.log (sampled piece, bytes ...)` when the logs server could not count the line.
  return serviceOfLogFile(source.replace(/ \((?:sampled piece,|line \d+ from byte) [^()]*\)$/, '').replace(/:\d+$/, ''));
}
