// AWS Application Load Balancer access logs (space-separated, the balancer's and the target's status, the target group's
// ARN): read with their time, a level from the status and the target group as the service; they were not read at all.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { parseAlbLine } from '../../../src/core/logs/access-log.js';

const REF = Date.parse('2026-09-08T15:00:00Z');
const TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders-api/6d0ecf831eec9f09';
const line = (status: string, target: string, request = 'POST https://shop.example.com:443/api/orders HTTP/1.1', group = TG) =>
  `https 2026-09-08T14:21:07.123456Z app/shop-alb/50dc6c495c0c9188 203.0.113.9:52311 10.0.1.15:8080 0.000 0.004 0.000 ${status} ${target} 240 512 "${request}" "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${group} "Root=1-6aa0056a-0000000017" "shop.example.com" "arn:aws:acm:eu-west-1:123456789012:certificate/1f2e" 0 2026-09-08T14:21:07.119000Z "forward" "-" "-" "10.0.1.15:8080" "${target}" "-" "-"`;

describe('AWS ALB access log', () => {
  it('reads time, level from the status, the target group as service and a route-shaped message', () => {
    const h = parseAlbLine(line('500', '500'));
    expect(h).toMatchObject({ time: Date.parse('2026-09-08T14:21:07.123Z'), level: 'error', service: 'orders-api', message: '"POST /api/orders HTTP/1.1" 500 (target 500)' });
    expect(h!.fields).toMatchObject({ load_balancer: 'shop-alb', status: '500', target_status: '500', method: 'POST', path: '/api/orders' });
  });

  it('is detected as a format and parsed through the file parser; a 4xx is a warning, a 2xx info', () => {
    const sample = [line('200', '200'), line('404', '404', 'GET https://shop.example.com:443/api/orders/9 HTTP/1.1'), line('200', '200')];
    const parse = parserFor(detectFormat(sample, REF), REF);
    expect(sample.map((l) => parse(l)?.level)).toEqual(['info', 'warn', 'info']);
  });

  it("takes the balancer's own 502 with no target status, and the balancer's name when no target group answered", () => {
    const h = parseAlbLine(line('502', '-', 'GET https://shop.example.com:443/ HTTP/1.1', '-'));
    expect(h).toMatchObject({ level: 'error', service: 'shop-alb', message: '"GET / HTTP/1.1" 502 (target -)' });
  });

  it('leaves other lines alone', () => {
    expect(parseAlbLine('https://example.com is down')).toBeNull();
    expect(parseAlbLine('2026-09-08T14:21:07Z ERROR orders failed')).toBeNull();
  });
});
