// Tests for where the Docker socket is taken from: --socket, DOCKER_HOST (unix:// only), the default.
// Unsupported DOCKER_HOST forms get a message that says what to pass instead.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SOCKET, resolveSocketPath, socketFromDockerHost } from '../../../servers/docker/engine/docker-host.js';

describe('docker host', () => {
  it('parses unix:// and bare paths', () => {
    expect(socketFromDockerHost('unix:///run/user/1000/podman/podman.sock')).toBe('/run/user/1000/podman/podman.sock');
    expect(socketFromDockerHost('/var/run/docker.sock')).toBe('/var/run/docker.sock');
  });

  it('refuses tcp://, ssh:// and relative unix paths with what to do', () => {
    expect(() => socketFromDockerHost('tcp://10.0.0.1:2376')).toThrow(/only unix:\/\/\/path\/to\/docker.sock works; pass --socket/);
    expect(() => socketFromDockerHost('ssh://me@host')).toThrow(/not supported/);
    expect(() => socketFromDockerHost('unix://docker.sock')).toThrow(/absolute socket path/);
  });

  it('prefers --socket, then DOCKER_HOST, then the default', () => {
    expect(resolveSocketPath('/tmp/x.sock', { DOCKER_HOST: 'unix:///other.sock' })).toBe('/tmp/x.sock');
    expect(resolveSocketPath(undefined, { DOCKER_HOST: 'unix:///other.sock' })).toBe('/other.sock');
    expect(resolveSocketPath(undefined, { DOCKER_HOST: '' })).toBe(DEFAULT_SOCKET);
    expect(resolveSocketPath(undefined, {})).toBe('/var/run/docker.sock');
  });
});
