#!/usr/bin/env node
// Thin shim: the standalone metrics MCP server over stdio (see README, "Using the servers directly").
import('../dist/bundle/metrics-server.mjs');
