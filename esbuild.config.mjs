// Bundles the two CLIs and the four stdio servers into single files under dist/bundle/ after tsc:
// loading one file instead of hundreds of modules halves start-up CPU, which every `rca` run pays five times.
import { build } from 'esbuild';

const entries = {
  rca: 'dist/src/cli/main-rca.js',
  runbook: 'dist/src/cli/main-runbook.js',
  'logs-server': 'dist/servers/logs/index.js',
  // search and scan workers of the logs server, loaded next to its bundle
  'logs-scan-worker': 'dist/servers/logs/scan-worker.js',
  'git-server': 'dist/servers/git/index.js',
  'metrics-server': 'dist/servers/metrics/index.js',
  'docker-server': 'dist/servers/docker/index.js',
};

// Ink imports React DevTools only when DEV=true; the package is not installed, so resolve it to nothing.
const stubDevtools = {
  name: 'stub-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { connectToDevTools() {} };' }));
  },
};

await build({
  entryPoints: entries,
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addon: loaded from node_modules at run time.
  external: ['better-sqlite3'],
  plugins: [stubDevtools],
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
