// Bundles the stdio servers into single files and the two CLIs into an entry plus chunks under dist/bundle/ after tsc:
// loading a few files instead of hundreds of modules halves start-up CPU, which every `rca` run pays five times.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Every folder under servers/ is a server whose index.ts becomes dist/bundle/<name>-server.cjs, run by the small
// dist/bundle/<name>-server.mjs written below: the file rca launches for the source of that name
// (src/core/sources.ts). A new server needs no line here.
const servers = readdirSync('servers', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

const entries = {
  rca: 'dist/src/cli/main-rca.js',
  runbook: 'dist/src/cli/main-runbook.js',
  // search and scan workers of the logs server, loaded next to its bundle
  'logs-scan-worker': 'dist/servers/logs/scan-worker.js',
  // The PostgreSQL store's worker thread (pg bundled in); bridge.ts finds it beside the programs.
  'pg-worker': 'dist/src/store/pg/worker.js',
};
const serverEntries = Object.fromEntries(servers.map((name) => [`${name}-server`, `dist/servers/${name}/index.js`]));

// Ink imports React DevTools only when DEV=true; the package is not installed, so resolve it to nothing.
const stubDevtools = {
  name: 'stub-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { connectToDevTools() {} };' }));
  },
};

// zod's entry points re-export all of its ~40 message locales (about 370 KB of every bundle, parsed by every
// process and worker at start); only English is ever configured, so the locale index resolves to it alone.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /locales[\\/]index\.js$/ }, (a) =>
      /[\\/]zod[\\/]/.test(a.importer) ? { path: path.join(path.dirname(a.importer), a.path), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (a) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(a.path), 'en.js'))};`,
      resolveDir: path.dirname(a.path),
    }));
  },
};

// The MCP SDK's Client and Server import its Ajv validator (Ajv, its formats and a URI parser: 275 KB) to build one
// in every constructor. Ours (src/core/schema-validator.ts) is the same validator with Ajv required on first use.
const sdkAjvOnDemand = {
  name: 'sdk-ajv-on-demand',
  setup(b) {
    b.onResolve({ filter: /[\\/]validation[\\/]ajv-provider\.js$/ }, (a) =>
      /@modelcontextprotocol[\\/]sdk[\\/]/.test(a.importer) ? { path: path.resolve('dist/src/core/schema-validator.js') } : undefined,
    );
  },
};

// What every bundle shares.
const common = {
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addon: loaded from node_modules at run time.
  external: ['better-sqlite3', 'pg-native'],
  plugins: [stubDevtools, zodEnglishOnly, sdkAjvOnDemand],
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
};

// The two CLIs are split: what a command imports dynamically (the Ink view, runbook execution, PostgreSQL, the model
// loop...) becomes a chunk loaded only when that command runs, so `rca "<incident>"` does not read and compile the
// ~2 MB it never uses before it can start its servers. The chunks sit beside the entries (package.json's files glob).
const CLIS = ['rca', 'runbook'];
mkdirSync('dist/bundle', { recursive: true });
for (const f of readdirSync('dist/bundle', { withFileTypes: true }).filter((d) => d.isFile())) {
  // A chunk of an earlier build no entry imports any more would otherwise ship.
  if (/^chunk-.*\.mjs(\.map)?$/.test(f.name) || /^[a-z]+-server\.mjs\.map$/.test(f.name)) rmSync(path.join('dist/bundle', f.name));
}
// The servers are CommonJS so that src/core/code-cache.ts can hand V8 their compiled code from the last start:
// Node 20 caches no module's code, and compiling a server's megabyte is a tenth of its CPU in every `rca` run.
// import.meta.url (how a server finds its worker and tags its indexes) becomes the bundle's own file URL.
const serversCjs = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await Promise.all([
  build({ ...common, entryPoints: Object.fromEntries(CLIS.map((n) => [n, entries[n]])), splitting: true, chunkNames: 'chunk-[hash]' }),
  // Workers and servers stay one file each: they load everything they have at start anyway.
  build({ ...common, entryPoints: Object.fromEntries(Object.entries(entries).filter(([n]) => !CLIS.includes(n))) }),
  build({ ...serversCjs, entryPoints: { ...serverEntries, 'code-cache': 'dist/src/core/code-cache.js' } }),
]);
// esbuild escapes what it prints but copies comments as they are: one non-ASCII character in a comment makes V8
// hold the whole file as a two-byte string (twice the memory, a slower decode and parse). Escaped, it stays one byte.
for (const f of readdirSync('dist/bundle').filter((n) => /\.[cm]js$/.test(n))) {
  const file = path.join('dist/bundle', f);
  const text = readFileSync(file, 'utf8');
  if (/[^\x00-\x7f]/.test(text)) writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
// <name>-server.mjs, the file rca, the bin/ shims and MCP clients start, runs the CommonJS bundle through the cache.
for (const name of Object.keys(serverEntries)) {
  const run = `createRequire(import.meta.url)('./code-cache.cjs').runWithCodeCache(new URL('./${name}.cjs', import.meta.url));`;
  const header = `// Generated by esbuild.config.mjs: runs ${name}.cjs through V8's code cache (src/core/code-cache.ts).`;
  writeFileSync(path.join('dist/bundle', `${name}.mjs`), `${header}\nimport { createRequire } from 'node:module';\n${run}\n`);
}
