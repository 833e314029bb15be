// The log levels that count as errors for the onset, the related signatures, the impact and the localizer's per-service
// log errors (warn counts only where a caller says so).
export const SEVERE: ReadonlySet<string> = new Set(['error', 'fatal', 'critical', 'crit', 'emerg', 'alert']);
