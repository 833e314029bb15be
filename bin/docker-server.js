#!/usr/bin/env node
// Thin shim: the standalone docker MCP server over stdio (see README, "Using the servers directly").
import('../dist/bundle/docker-server.mjs');
