// The id people type for a runbook version (`RB-X-v2`; version 1 is also plain `RB-X`), both ways. Apart from the
// catalogue so that the store, which an investigation opens, does not load the runbook parser with it.

/** The label of a version: `RB-X-v2`. */
export function versionLabel(runbookId: string, version: number): string {
  return `${runbookId}-v${version}`;
}

/** "RB-X-v3" -> RB-X version 3; a bare id has no version. */
export function parseVersionLabel(label: string): { runbookId: string; version: number | null } {
  const m = /^(.*)-v(\d+)$/.exec(label);
  return m ? { runbookId: m[1]!, version: Number(m[2]) } : { runbookId: label, version: null };
}
