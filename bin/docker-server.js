#!/usr/bin/env node
// Thin shim: the standalone docker MCP server over stdio (see README, "Using the servers directly").
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
import('../dist/bundle/docker-server.mjs');
