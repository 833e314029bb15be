#!/usr/bin/env node
// Thin shim: the standalone logs MCP server over stdio (see README, "Using the servers directly").
import('../dist/bundle/logs-server.mjs');
