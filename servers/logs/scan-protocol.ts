// Messages between the logs server and its scan workers (structured-cloned): a task in (a search, or one unit of a
// split scan), ticks while it makes progress, then one result (a unit's partial answer) or one error.
import type { FileInfo } from '../../src/core/logs/file-info.js';
import type { SearchFilter, SearchState } from './search.js';
import type { ScanItem } from './scan-units.js';
import type { SignatureQuery } from './signature-parts.js';
import type { StatsQuery } from './stats.js';
import type { FlowsQuery } from './flows.js';

export type ScanTask =
  | { kind: 'search'; files: FileInfo[]; filter: SearchFilter; part?: { from: number; to: number } }
  | { kind: 'signatures'; items: ScanItem[]; query: SignatureQuery }
  | { kind: 'stats'; items: ScanItem[]; query: StatsQuery }
  | { kind: 'flows'; files: FileInfo[]; query: FlowsQuery };

export type ScanReply =
  | { id: number; type: 'tick' }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; message: string };

export type SearchResult = SearchState;
