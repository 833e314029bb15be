#!/usr/bin/env node
// Thin shim: the standalone git MCP server over stdio (see README, "Using the servers directly").
import('../dist/servers/git/index.js');
