// The yaml package, loaded from node_modules on first use rather than bundled into every `rca` start: an
// investigation parses YAML only for a config file or a runbook whose cached catalogue entry is stale.
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
let loaded: Yaml | undefined;

/** The yaml module (required once, then kept). */
export const yaml = (): Yaml => (loaded ??= createRequire(import.meta.url)('yaml') as Yaml);
