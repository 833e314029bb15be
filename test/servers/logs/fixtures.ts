// Small realistic log files in each supported format, written into temp dirs by the tests.
export const PYTHON_LOG = [
  '2025-03-04 10:00:01,100 INFO billing.app: GET /api/cart 200 17ms req_id=a5532205f4',
  '2025-03-04 10:00:02,200 WARN search.app: slow query on products index took 812ms',
  '2025-03-04 10:20:00,000 INFO billing.app: GET /api/orders 200 27ms req_id=e9fca302c0',
  '2025-03-04 10:30:18,123 ERROR billing.app: Unhandled error in POST /api/checkout: TypeError: Cannot read properties of undefined',
  '    at charge (/app/billing/src/handlers/charge.js:4:39)',
  '    at async handleCheckout (/app/billing/src/routes/checkout.js:58:20)',
  '2025-03-04 10:30:18,125 ERROR billing.app: POST /api/checkout 500 41ms',
  '2025-03-04 10:31:02,000 ERROR billing.app: Unhandled error in POST /api/checkout: TypeError: Cannot read properties of undefined',
  '    at charge (/app/billing/src/handlers/charge.js:4:39)',
  '2025-03-04 10:31:02,003 ERROR billing.app: POST /api/checkout 500 38ms',
  '2025-03-04 10:32:00,000 WARN search.app: slow query on products index took 901ms',
  '',
].join('\n');

export const JSON_LOG = [
  '{"@timestamp": "2025-03-04T10:00:00.100Z", "level": "info", "service": "orders", "message": "GET /api/checkout 200 85ms req_id=88588414e6"}',
  '{"@timestamp": "2025-03-04T10:10:00.000Z", "level": "warn", "service": "orders", "message": "db pool usage 28/30"}',
  '{"@timestamp": "2025-03-04T10:45:10.000Z", "level": "error", "service": "orders", "message": "QueuePool limit of size 10 overflow 0 reached, connection timed out, timeout 3.00"}',
  '{"@timestamp": "2025-03-04T10:45:20.000Z", "level": "error", "service": "orders", "message": "QueuePool limit of size 10 overflow 0 reached, connection timed out, timeout 3.00"}',
  '{"@timestamp": "2025-03-04T10:46:05.000Z", "level": "error", "service": "payments", "message": "upstream 10.2.3.4:8443 refused connection"}',
  '',
].join('\n');

export const ISO_LOG = [
  '2025-03-04T10:15:02.123Z INFO [gateway] request served in 12ms',
  '2025-03-04T10:15:03.000Z ERROR [gateway] upstream checkout timed out after 5000ms',
  '2025-03-04T10:15:04.000Z ERROR [gateway] upstream checkout timed out after 5003ms',
  '',
].join('\n');

export const SYSLOG_LOG = [
  'Mar  4 10:15:02 web1 sshd[4242]: Failed password for root from 10.0.0.9 port 2222 ssh2',
  'Mar  4 10:15:05 web1 sshd[4243]: Failed password for admin from 10.0.0.8 port 2223 ssh2',
  'Mar  4 10:16:00 web1 CRON[11]: (root) CMD (run-parts /etc/cron.hourly)',
  '',
].join('\n');

export const LOGFMT_LOG = [
  'time=2025-03-04T10:15:02Z level=info service=api msg="request ok" duration=12ms',
  'time=2025-03-04T10:15:03Z level=error service=api msg="db connect failed: too many connections" db=main',
  '',
].join('\n');

export const PLAIN_LOG = ['starting worker 3', 'ERROR job 17 crashed', 'Caused by: java.io.IOException: broken pipe', '    at x.y(Z.java:1)', 'worker 3 idle', ''].join('\n');
