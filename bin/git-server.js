#!/usr/bin/env node
// Thin shim: the standalone git MCP server over stdio (see README, "Using the servers directly").
import('../dist/bundle/git-server.mjs');
