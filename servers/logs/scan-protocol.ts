// Messages between the logs server and its scan workers (structured-cloned): a task in, ticks while it makes
// progress, then one result or one error.
import type { FileInfo } from '../../src/core/logs/file-info.js';
import type { SearchFilter, SearchState } from './search.js';
import type { SignatureQuery } from './signatures.js';
import type { StatsQuery } from './stats.js';

export type ScanTask =
  | { kind: 'search'; files: FileInfo[]; filter: SearchFilter }
  | { kind: 'signatures'; files: FileInfo[]; query: SignatureQuery }
  | { kind: 'stats'; files: FileInfo[]; query: StatsQuery };

export type ScanReply =
  | { id: number; type: 'tick' }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; message: string };

export type SearchResult = SearchState;
