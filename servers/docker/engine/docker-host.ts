// Where the Docker Engine API socket is: --socket, else DOCKER_HOST (unix:// only), else the default path.
// Pure so the rules (and their error messages) are tested without an engine.

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export class DockerHostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerHostError';
  }
}

/** Parses a DOCKER_HOST value into a socket path; only unix:// is supported (tcp/ssh would need TLS and keys). */
export function socketFromDockerHost(value: string): string {
  const v = value.trim();
  if (v.startsWith('unix://')) {
    const path = v.slice('unix://'.length);
    if (!path.startsWith('/')) throw new DockerHostError(`DOCKER_HOST "${value}" must name an absolute socket path, e.g. unix:///var/run/docker.sock`);
    return path;
  }
  if (v.startsWith('/')) return v;
  throw new DockerHostError(
    `DOCKER_HOST "${value}" is not supported: only unix:///path/to/docker.sock works; pass --socket PATH instead`,
  );
}

/** --socket wins, then DOCKER_HOST, then the default socket. */
export function resolveSocketPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  const host = env.DOCKER_HOST;
  if (host && host.trim() !== '') return socketFromDockerHost(host);
  return DEFAULT_SOCKET;
}
