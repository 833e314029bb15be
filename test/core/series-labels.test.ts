// Which service a series' labels name: app labels first, then the pod's workload, never a generic container name or
// the scrape job while a pod is known (the label conventions of Kubernetes, cAdvisor and kube-state-metrics).
import { describe, expect, it } from 'vitest';
import { serviceFromLabels } from '../../src/core/series-labels.js';

describe('serviceFromLabels', () => {
  it('takes the app label a series carries before anything Kubernetes adds', () => {
    expect(serviceFromLabels({ service: 'cart', pod: 'cart-7b9c8d6f5-hn5tg' })).toBe('cart');
    expect(serviceFromLabels({ app_kubernetes_io_name: 'orders', container: 'server', job: 'kubernetes-pods' })).toBe('orders');
  });

  it('reads the pod\'s workload before a generic container name or the scraper\'s job', () => {
    expect(serviceFromLabels({ namespace: 'shop', pod: 'catalog-6f8d9c7b5-m4v9x', container: 'server', job: 'kubelet' })).toBe('catalog');
    expect(serviceFromLabels({ namespace: 'shop', pod: 'kafka-2', container: 'broker', job: 'kube-state-metrics' })).toBe('kafka');
    // cAdvisor's pod-level network rows carry no container at all.
    expect(serviceFromLabels({ namespace: 'shop', pod: 'cart-7b9c8d6f5-hn5tg', interface: 'eth0', job: 'kubelet' })).toBe('cart');
  });

  it('falls back to the container, then the job, and knows the pause container is nobody', () => {
    expect(serviceFromLabels({ container: 'billing', job: 'docker' })).toBe('billing');
    expect(serviceFromLabels({ container: 'POD', job: 'api' })).toBe('api');
    expect(serviceFromLabels({ container: 'POD' })).toBeNull();
    expect(serviceFromLabels({ instance: '10.0.0.4:9100' })).toBeNull();
  });
});

describe('serviceFromLabels under other collectors\' label names', () => {
  it('reads OpenTelemetry\'s resource attributes as its Prometheus exporters write them', () => {
    expect(serviceFromLabels({ service_name: 'checkout', k8s_pod_name: 'checkout-7d9f8b6c5-x2x9q' })).toBe('checkout');
    expect(serviceFromLabels({ k8s_deployment_name: 'ad', k8s_pod_name: 'ad-7d9f8b6c5-x2x9q' })).toBe('ad');
    expect(serviceFromLabels({ k8s_pod_name: 'quote-7d9f8b6c5-x2x9q', job: 'otel-collector' })).toBe('quote');
    // The exporters' job is `service.namespace/service.name`.
    expect(serviceFromLabels({ job: 'opentelemetry-demo/frontend', instance: '6a1c2b' })).toBe('frontend');
  });

  it('reads the pod and container under older cAdvisor and Prometheus discovery names', () => {
    expect(serviceFromLabels({ pod_name: 'cart-7b9c8d6f5-hn5tg', container_name: 'server', job: 'kubelet' })).toBe('cart');
    expect(serviceFromLabels({ kubernetes_pod_name: 'kafka-2', job: 'kubernetes-pods' })).toBe('kafka');
    expect(serviceFromLabels({ container_name: 'billing', job: 'docker' })).toBe('billing');
    expect(serviceFromLabels({ container_name: 'POD', job: 'api' })).toBe('api');
  });
});
