#!/usr/bin/env -S node --max-semi-space-size=2
// Thin shim: the standalone logs MCP server over stdio (see README, "Using the servers directly"), with the node
// flags rca starts it with (src/core/sources/logs.ts nodeFlags: a small young generation keeps its peak RSS low).
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
import('../dist/bundle/logs-server.mjs');
