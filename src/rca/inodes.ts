// A filesystem out of inodes, not bytes: "No space left on device" with space free. Files only pile up one at a time
// (sessions, cache files, spool) and nothing collects them, so the drain is under way long before the first error.
import type { ResourceGrowth } from './resource-growth.js';

/** A count of free file nodes (node_exporter's node_filesystem_files_free, `inodes_free`, `df -i`'s IFree). */
const INODE_SERIES = /(?:^|_)(?:files|inodes?)_(?:free|avail(?:able)?)(?:$|_)|(?:^|_)i_?free$|inodes?_?(?:free|avail)/i;

/** Whether a series name (with or without its labels) counts free inodes rather than free bytes. */
export function isInodeSeries(name: string): boolean {
  return INODE_SERIES.test(name.split('{')[0]!);
}

/**
 * A drain of free inodes: the change that started it went live when it began (or before the window, when it was under
 * way from the first sample); a release that went live after that, whatever words it shares with the errors, did not.
 */
export function inodeDrain(growth: ResourceGrowth | null): boolean {
  return growth?.kind === 'disk' && isInodeSeries(growth.series);
}
