// The sources the offline engine reads, one entry each (src/rca/sources/<server>.ts). A server without an
// entry here (an extra mcpServers entry, a new built-in not yet read offline) is reported as not read.
import type { OfflineSource } from './offline-source.js';
import { DOCKER_OFFLINE } from './sources/docker.js';
import { GIT_OFFLINE } from './sources/git.js';
import { LOGS_OFFLINE } from './sources/logs.js';
import { METRICS_OFFLINE } from './sources/metrics.js';

/** In the order their first calls go out (the hub numbers calls c1, c2, ... in that order). */
export const OFFLINE_SOURCES: readonly OfflineSource[] = [GIT_OFFLINE, METRICS_OFFLINE, LOGS_OFFLINE, DOCKER_OFFLINE];
