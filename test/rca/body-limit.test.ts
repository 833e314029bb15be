// Request bodies refused as too large by the proxy in front of a service: the change that cut the proxy's body-size
// limit is named (and the proxy as the service), over the release of the service behind it that shares the errors' words.
import { describe, expect, it } from 'vitest';
import { lowersBodyLimit, sizeBytes } from '../../src/rca/body-limit.js';
import { BASE, MIN, noise, ONSET, run } from './engine-world.js';
import { commit, deployment, signature, span } from './helpers.js';

describe('a body-size limit', () => {
  it('reads the sizes configs write', () => {
    expect(sizeBytes('1m')).toBe(1024 ** 2);
    expect(sizeBytes('25M')).toBe(25 * 1024 ** 2);
    expect(sizeBytes('512k')).toBe(512 * 1024);
    expect(sizeBytes('10MB')).toBe(10 * 1024 ** 2);
    expect(sizeBytes('1048576')).toBe(1048576);
    expect(sizeBytes('true')).toBeNull();
  });

  it('is lowered only when its key caps a body and the new size is below the old', () => {
    const s = (key: string, from: string, to: string) => ({ path: 'values.yaml', key, from, to, line: `+${key}: ${to}` });
    expect(lowersBodyLimit(s('proxy-body-size', '25m', '1m'))).toBe(true);
    expect(lowersBodyLimit(s('client_max_body_size', '0', '8m'))).toBe(true);
    expect(lowersBodyLimit(s('proxy-body-size', '1m', '25m'))).toBe(false);
    expect(lowersBodyLimit(s('proxy-buffer-size', '16k', '4k'))).toBe(false);
    expect(lowersBodyLimit(s('max_pool_size', '20', '5'))).toBe(false);
  });
});

describe('uploads refused with 413 by the ingress after its body-size limit was cut', () => {
  const appAt = ONSET - 7;
  const app = commit('a1', 'media-api: resize uploads with libvips; stream the upload body to S3', BASE + (appAt - 60) * MIN, ['media-api/src/upload.rs']);
  const cut = commit('c1', 'platform: ingress hardening: server-tokens off, proxy-body-size 1m', BASE + (ONSET - 50) * MIN, ['platform/ingress-nginx/values.yaml']);
  const tooLarge = (minutes: Array<[number, number]>, bytes: number) =>
    signature({
      template: 'client intended to send too large body: <*> bytes, client: <*>, server: api.example.com, request: "POST <*> <*>", host: "api.example.com"',
      example: `client intended to send too large body: ${bytes} bytes, client: 203.0.113.87, server: api.example.com, request: "POST /v2/media/upload HTTP/1.1", host: "api.example.com"`,
      service: 'ingress-nginx',
      base: BASE,
      minutes,
    });
  const world = (refused: ReturnType<typeof signature>, diff: string) => ({
    signatures: [
      ...noise,
      refused,
      // media-api itself logs nothing wrong; its earlier upload slowness is what its release's words share.
      signature({ template: 'upload body read slowly from client: <*> ms', service: 'media-api', level: 'warn' as const, base: BASE, minutes: span(ONSET, 120).filter(([m]) => m % 3 === 0) }),
    ],
    deployments: [deployment('media-api/v2.14.0', BASE + appAt * MIN, [app]), deployment('platform/ingress-nginx-31', BASE + (ONSET - 1) * MIN, [cut])],
    diffs: {
      [app.sha]: '-    let img = image::load(body)?;\n+    let img = vips_thumbnail(upload_body, 2048)?;\n+    s3.put_stream(upload_body).await?;\n',
      [cut.sha]: diff,
    },
  });
  const cutDiff = ' controller:\n   config:\n-    proxy-body-size: "25m"\n+    proxy-body-size: "1m"\n-    server-tokens: "true"\n+    server-tokens: "false"\n';

  it('blames the commit that cut proxy-body-size and names the ingress, over the upload release behind it', async () => {
    const { report } = await run(world(tooLarge(span(ONSET, 120, 20), 3185395), cutDiff));
    expect(report.root_cause.suspect_change?.sha).toBe(cut.sha);
    expect(report.root_cause).toMatchObject({ category: 'config_error', service: 'ingress-nginx' });
    expect(report.root_cause.summary).toContain('proxy-body-size from 25m to 1m');
  });

  it('does not when the refused bodies fit the new limit, or the change raised it', async () => {
    const small = await run(world(tooLarge(span(ONSET, 120, 20), 524288), cutDiff));
    expect(small.report.root_cause.suspect_change?.sha).not.toBe(cut.sha);
    const raised = await run(world(tooLarge(span(ONSET, 120, 20), 3185395), cutDiff.replace('"1m"', '"50m"')));
    expect(raised.report.root_cause.suspect_change?.sha).not.toBe(cut.sha);
  });
});
