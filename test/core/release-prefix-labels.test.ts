// One service, one name, read from Kubernetes labels and log paths: a Helm release's prefix on a pod is not part of the
// app's name, and a Prometheus discovery job (`kubernetes-pods`, `kubelet`) names the scraper, never a service.
import { describe, expect, it } from 'vitest';
import { isDiscoveryJob, serviceFromLabels } from '../../src/core/series-labels.js';
import { podIdentity, serviceOfPod } from '../../src/core/logs/kubernetes.js';
import { unprefixKubectl } from '../../src/core/logs/merged-prefixes.js';

describe('Helm release prefixes', () => {
  it('names a release-prefixed pod by the app its container runs', () => {
    // cAdvisor's and kube-state-metrics' container rows: pod `<release>-<app>-<rs hash>-<pod hash>`, container `<app>`.
    expect(serviceFromLabels({ namespace: 'shop', pod: 'shop-catalog-api-7d9f8c6b5-x2k4q', container: 'catalog-api', job: 'kubelet' })).toBe('catalog-api');
    expect(serviceFromLabels({ pod_name: 'prod-basket-6c8d7b5f4-k2m9x', container_name: 'basket', job: 'kubelet' })).toBe('basket');
    expect(serviceOfPod('shop-ordering-backgroundtasks-5f55b6cf68-77cfw', 'ordering-backgroundtasks')).toBe('ordering-backgroundtasks');
  });

  it('keeps the workload when the container name is generic, another name or the pause container', () => {
    expect(serviceFromLabels({ pod: 'frontend-server-7d9f8c6b5-x2k4q', container: 'server' })).toBe('frontend-server');
    expect(serviceFromLabels({ pod: 'cartservice-579f59597d-wc2lz', container: 'server' })).toBe('cartservice');
    expect(serviceFromLabels({ pod: 'shop-catalog-api-7d9f8c6b5-x2k4q', container: 'istio-proxy' })).toBe('shop-catalog-api');
    expect(serviceFromLabels({ pod: 'shop-catalog-api-7d9f8c6b5-x2k4q', container: 'POD' })).toBe('shop-catalog-api');
    expect(serviceFromLabels({ pod: 'ts-order-service-84cbf6c798-7njv6', container: 'ts-order-service' })).toBe('ts-order-service');
  });

  it('names a release-prefixed container log by its app, in both kubelet layouts and in kubectl --prefix output', () => {
    const id = 'a'.repeat(64);
    expect(podIdentity(`/var/log/containers/shop-catalog-api-7d9f8c6b5-x2k4q_shop_catalog-api-${id}.log`)?.service).toBe('catalog-api');
    expect(podIdentity('/var/log/pods/shop_shop-catalog-api-7d9f8c6b5-x2k4q_0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9/catalog-api/0.log')?.service).toBe('catalog-api');
    expect(podIdentity(`/var/log/containers/shop-catalog-api-7d9f8c6b5-x2k4q_shop_istio-proxy-${id}.log`)?.service).toBe('shop-catalog-api');
    expect(unprefixKubectl('[pod/shop-catalog-api-7d9f8c6b5-x2k4q/catalog-api] started')?.source).toBe('catalog-api');
  });
});

describe('scrape jobs that name the scraper', () => {
  it('reads the pod of an `up` series of a discovery job, and no service when nothing more specific is known', () => {
    expect(serviceFromLabels({ job: 'kubernetes-pods', pod: 'shop-catalog-api-7d9f8c6b5-x2k4q', instance: '10.1.4.17:8080' })).toBe('shop-catalog-api');
    expect(serviceFromLabels({ job: 'kubernetes-pods', instance: '10.1.4.17:8080' })).toBeNull();
    expect(serviceFromLabels({ job: 'kubernetes-service-endpoints', instance: '10.1.4.17:9121' })).toBeNull();
    expect(serviceFromLabels({ job: 'kubelet', instance: 'node-1:10250', metrics_path: '/metrics/cadvisor' })).toBeNull();
    expect(serviceFromLabels({ job: 'kube-state-metrics', instance: '10.1.0.9:8080' })).toBeNull();
  });

  it('still reads a job named after an application as that service', () => {
    expect(serviceFromLabels({ job: 'payments', instance: 'payments-1:9102' })).toBe('payments');
    expect(serviceFromLabels({ job: 'kafka-exporter', instance: 'kafka-1:9308' })).toBe('kafka-exporter');
    expect(isDiscoveryJob('kubernetes-nodes-cadvisor')).toBe(true);
    expect(isDiscoveryJob('Kubelet')).toBe(true);
    expect(isDiscoveryJob('orders')).toBe(false);
  });
});
