// A web server's two logs for one site (`web-edge-access.log`, `web-edge-error.log`) name one service, so its access
// lines and its upstream errors are counted together; a name that only ends in the word (`pricing-rules-access`) too.
import { describe, expect, it } from 'vitest';
import { serviceOfLogFile } from '../../../src/core/logs/file-service.js';

describe("a site's access and error logs", () => {
  it('name the site, not which of its logs', () => {
    expect(serviceOfLogFile('/var/log/nginx/web-edge-access.log')).toBe('web-edge');
    expect(serviceOfLogFile('/var/log/nginx/web-edge-error.log')).toBe('web-edge');
    expect(serviceOfLogFile('edge-caddy-access.log')).toBe('edge-caddy');
    expect(serviceOfLogFile('front_end_access.log.1')).toBe('front_end');
  });

  it('leave a bare or inner word alone', () => {
    expect(serviceOfLogFile('access.log')).toBeNull();
    expect(serviceOfLogFile('access-gateway.log')).toBe('access-gateway');
    expect(serviceOfLogFile('accessor.log')).toBe('accessor');
  });
});
