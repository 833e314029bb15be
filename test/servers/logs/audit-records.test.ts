// Control-plane audit records as changes: CloudTrail (one record a line, and the `{"Records":[…]}` file form), Kubernetes
// audit events and GCP Cloud Audit Logs; only mutating calls count, and no secret from a request reaches the answer.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditChanges } from '../../../servers/logs/audit-records.js';
import { requestFlows } from '../../../servers/logs/flows.js';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { parseJsonLine } from '../../../src/core/logs/structured-formats.js';
import { parseFlows } from '../../../src/core/sources/request-flows.js';
import { tempDir } from './helpers.js';

const at = (clock: string) => Date.parse(`2026-09-08T${clock}Z`);
const CERT = 'arn:aws:acm:eu-west-1:412375089216:certificate/6b1e2c3d-9f4a-4c7e-8a2b-0d5e7f9a1c3b';
const LB = 'arn:aws:elasticloadbalancing:eu-west-1:412375089216:loadbalancer/app/shop-alb/50dc6c495c0c9188';

/** A CloudTrail record as the service writes it (trimmed of the fields nothing reads). */
function trail(clock: string, eventName: string, eventSource: string, over: Record<string, unknown> = {}) {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'AssumedRole', principalId: 'AROA4EXAMPLE7Q2ZK3:ops-admin', arn: 'arn:aws:sts::412375089216:assumed-role/Admin/ops-admin', accountId: '412375089216', accessKeyId: 'ASIAA9197122EXAMPLE' },
    eventTime: `2026-09-08T${clock}Z`,
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.15.30 command/acm',
    requestParameters: null,
    responseElements: null,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    ...over,
  };
}

const IMPORT = trail('14:19:20', 'ImportCertificate', 'acm.amazonaws.com', {
  requestParameters: { certificateArn: CERT, certificate: 'HIDDEN_DUE_TO_SECURITY_REASONS', privateKey: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
  responseElements: { certificateArn: CERT },
});
const DESCRIBE = trail('14:19:05', 'DescribeLoadBalancers', 'elasticloadbalancing.amazonaws.com', { readOnly: true, requestParameters: { loadBalancerArns: [LB] } });
const DENIED = trail('14:19:10', 'ModifyListener', 'elasticloadbalancing.amazonaws.com', { errorCode: 'AccessDenied', errorMessage: 'User is not authorized' });
// A parameter written with its value in the request (CloudTrail keeps what the caller sent unless the service hides it).
const PUT_PARAM = trail('14:19:30', 'PutParameter', 'ssm.amazonaws.com', { requestParameters: { name: '/shop/db/url', value: 'postgres://shop:S3cr3tPassw0rd@db.internal:5432/shop', type: 'String', overwrite: true } });

const k8s = (verb: string, resource: string, name: string, over: Record<string, unknown> = {}) => ({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '1f5c7a52-8d4e-4b0e-9b8e-2a7c1e9d3f10',
  stage: 'ResponseComplete',
  requestURI: `/api/v1/namespaces/shop/${resource}/${name}`,
  verb,
  user: { username: 'alice@example.com', groups: ['system:authenticated'] },
  sourceIPs: ['10.0.3.4'],
  objectRef: { resource, namespace: 'shop', name, apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: '2026-09-08T14:19:20.100000Z',
  stageTimestamp: '2026-09-08T14:19:20.130000Z',
  ...over,
});

const fields = (record: object) => parseJsonLine(JSON.stringify(record))!.fields as Record<string, unknown>;

describe('CloudTrail records', () => {
  it('read a mutating call as a change: its time, actor, call and the resource it acted on', () => {
    expect(auditChanges(fields(IMPORT))).toEqual([
      { time: at('14:19:20'), source: 'cloudtrail', action: 'ImportCertificate (acm.amazonaws.com)', actor: 'ops-admin', targets: [CERT], text: `cloudtrail ImportCertificate (acm.amazonaws.com) by ops-admin on ${CERT}` },
    ]);
  });

  it('leave out reads, sign-ins and refused calls', () => {
    expect(auditChanges(fields(DESCRIBE))).toEqual([]);
    expect(auditChanges(fields(trail('14:19:00', 'AssumeRoleWithWebIdentity', 'sts.amazonaws.com', { readOnly: true })))).toEqual([]);
    // readOnly missing: the call's verb still tells a read.
    expect(auditChanges(fields({ ...DESCRIBE, readOnly: undefined }))).toEqual([]);
    expect(auditChanges(fields(DENIED))).toEqual([]);
    // Auto Scaling launching an instance for itself follows load.
    expect(auditChanges(fields(trail('14:19:12', 'RunInstances', 'ec2.amazonaws.com', { userIdentity: { type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' } })))).toEqual([]);
  });

  it('keep the resource a parameter names, never a value the caller sent with it', () => {
    const [c] = auditChanges(fields(PUT_PARAM));
    expect(c).toMatchObject({ action: 'PutParameter (ssm.amazonaws.com)', targets: ['/shop/db/url'] });
    expect(JSON.stringify(c)).not.toContain('S3cr3tPassw0rd');
  });

  it('read the file form CloudTrail delivers to S3 (`{"Records":[…]}`) record by record', () => {
    const changes = auditChanges(fields({ Records: [DESCRIBE, IMPORT, DENIED, PUT_PARAM] }));
    expect(changes.map((c) => c.action)).toEqual(['ImportCertificate (acm.amazonaws.com)', 'PutParameter (ssm.amazonaws.com)']);
  });
});

describe('Kubernetes audit events', () => {
  it('read a completed write to a resource as a change by its user', () => {
    expect(auditChanges(fields(k8s('patch', 'configmaps', 'checkout-config')))).toEqual([
      { time: Date.parse('2026-09-08T14:19:20.130Z'), source: 'kubernetes', action: 'patch configmaps', actor: 'alice@example.com', targets: ['configmaps/shop/checkout-config'], text: 'kubernetes patch configmaps by alice@example.com on configmaps/shop/checkout-config' },
    ]);
  });

  it("leave out reads, the request's first stage, refused writes, status and the cluster's own bookkeeping", () => {
    for (const e of [
      k8s('get', 'configmaps', 'checkout-config'),
      k8s('watch', 'deployments', 'checkout'),
      k8s('patch', 'configmaps', 'checkout-config', { stage: 'RequestReceived' }),
      k8s('update', 'deployments', 'checkout', { responseStatus: { code: 409 } }),
      k8s('update', 'deployments', 'checkout', { objectRef: { resource: 'deployments', subresource: 'status', namespace: 'shop', name: 'checkout' } }),
      k8s('update', 'leases', 'kube-controller-manager', { user: { username: 'system:kube-controller-manager' } }),
      // A replicaset's pods created by its controller, a deployment scaled by the autoscaler: consequences, not changes.
      k8s('create', 'pods', 'checkout-7d9f8c6b5-x2x4q', { user: { username: 'system:serviceaccount:kube-system:replicaset-controller' } }),
      k8s('patch', 'deployments', 'checkout', { objectRef: { resource: 'deployments', subresource: 'scale', namespace: 'shop', name: 'checkout' }, user: { username: 'system:serviceaccount:kube-system:horizontal-pod-autoscaler' } }),
    ]) expect(auditChanges(fields(e))).toEqual([]);
  });
});

describe('GCP Cloud Audit Logs', () => {
  const entry = (methodName: string) => ({
    protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', status: {}, authenticationInfo: { principalEmail: 'deployer@shop-prod.iam.gserviceaccount.com' }, serviceName: 'compute.googleapis.com', methodName, resourceName: 'projects/shop-prod/global/firewalls/allow-db' },
    timestamp: '2026-09-08T14:19:20.5Z',
    severity: 'NOTICE',
    logName: 'projects/shop-prod/logs/cloudaudit.googleapis.com%2Factivity',
  });

  it('read a write method as a change and a read method as none', () => {
    expect(auditChanges(fields(entry('v1.compute.firewalls.patch')))).toMatchObject([{ source: 'gcp', action: 'patch', actor: 'deployer@shop-prod.iam.gserviceaccount.com', targets: ['projects/shop-prod/global/firewalls/allow-db'] }]);
    expect(auditChanges(fields(entry('SetIamPolicy')))).toHaveLength(1);
    expect(auditChanges(fields(entry('v1.compute.firewalls.get')))).toEqual([]);
    expect(auditChanges(fields(entry('GetIamPolicy')))).toEqual([]);
  });
});

describe("request_flows' audit announcements", () => {
  async function flowsOf(name: string, records: object[]) {
    const file = path.join(tempDir(), name);
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const reference = at('15:00:00');
    const info = await inspectFile(file, reference);
    return requestFlows([info], { window: { from: at('14:00:00'), to: at('15:00:00') }, maxTransitions: 800, scan: { reference, cacheDir: null, budgetBytes: 1e12 } });
  }

  it('announce the one mutating call among routine reads in a CloudTrail file, with its actor and resource', async () => {
    const out = await flowsOf('cloudtrail.log', [DESCRIBE, { ...DESCRIBE, eventTime: '2026-09-08T14:19:15Z' }, DENIED, IMPORT]);
    expect(out.announcements).toEqual([
      { time: '2026-09-08T14:19:20.000Z', service: 'cloudtrail', kind: 'audit', text: `cloudtrail ImportCertificate (acm.amazonaws.com) by ops-admin on ${CERT}`, objects: [CERT], actor: 'ops-admin' },
    ]);
    // The engine reads them back as it reads every announcement.
    expect(parseFlows({ minutes: [], steps: [], transitions: [], announcements: out.announcements })?.announcements?.[0]).toMatchObject({ kind: 'audit', actor: 'ops-admin', time: at('14:19:20') });
  });

  it('announce a Kubernetes audit log\'s write, dated by its stage', async () => {
    const out = await flowsOf('kube-apiserver-audit.log', [k8s('get', 'configmaps', 'checkout-config'), k8s('patch', 'configmaps', 'checkout-config')]);
    expect(out.announcements).toMatchObject([{ time: '2026-09-08T14:19:20.130Z', kind: 'audit', objects: ['configmaps/shop/checkout-config'], actor: 'alice@example.com' }]);
  });
});
