#!/usr/bin/env node
// Thin shim: the standalone metrics MCP server over stdio (see README, "Using the servers directly").
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
import('../dist/bundle/metrics-server.mjs');
