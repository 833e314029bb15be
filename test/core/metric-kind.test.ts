// Metric names read by kind: disk, handles and network faults told apart from network bytes and the rest, the kinds
// names already had kept, and headroom (free, available, idle) read as pressure when it falls.
import { describe, expect, it } from 'vitest';
import { gaugeReadOrder, metricKind, pressureFalls } from '../../src/core/metric-kind.js';

const kinds = (names: string[]) => Object.fromEntries(names.map((n) => [n, metricKind(n)]));

describe('metricKind', () => {
  it("reads a timer's largest recent duration (Micrometer's _seconds_max) as latency, not as requests", () => {
    expect(metricKind('http_server_requests_seconds_max')).toBe('latency');
    expect(metricKind('http_client_requests_seconds_max')).toBe('client_latency');
    expect(metricKind('http_server_requests_seconds_count')).toBe('traffic');
  });

  it('reads disk, filesystem and block I/O as disk, not as network bytes or latency', () => {
    const names = [
      'container_fs_writes_bytes_total',
      'container_fs_usage_bytes',
      'pod_disk_read_bytes_per_second',
      'node_filesystem_avail_bytes',
      'node_disk_io_time_seconds_total',
      'disk_usage_percent',
      'container_blkio_device_usage_total',
      'kubelet_volume_stats_available_bytes',
    ];
    expect(kinds(names)).toEqual(Object.fromEntries(names.map((n) => [n, 'disk'])));
  });

  it('reads open files, sockets, connections and threads as handles', () => {
    const names = ['process_open_fds', 'container_sockets', 'node_sockstat_TCP_inuse', 'jvm_threads_live_threads', 'hikaricp_connections_active'];
    expect(kinds(names)).toEqual(Object.fromEntries(names.map((n) => [n, 'handles'])));
  });

  it('reads drops, loss and retransmits as network faults, bytes as plain network', () => {
    const names = ['container_network_receive_packets_dropped_total', 'tcp_retransmits', 'packet_loss_ratio', 'node_netstat_Tcp_RetransSegs', 'node_network_transmit_drop_total'];
    expect(kinds(names)).toEqual(Object.fromEntries(names.map((n) => [n, 'network_faults'])));
    expect(metricKind('container_network_transmit_bytes_total')).toBe('network');
    // A reset with no network in its name is no network fault.
    expect(metricKind('password_reset_requests_total')).toBe('traffic');
  });

  it('reads a garbage collector\'s pauses as memory pressure', () => {
    expect(metricKind('jvm_gc_pause_seconds_max')).toBe('memory');
    expect(metricKind('go_gc_duration_seconds')).toBe('memory');
  });

  it('keeps the kinds that names of CPU, memory, latency, errors and traffic had', () => {
    expect(kinds([
      'pod_cpu_usage_percent',
      'container_cpu_cfs_throttled_seconds_total',
      'pod_memory_usage_bytes',
      'container_memory_working_set_bytes',
      'pod_network_receive_bytes_per_second',
      'http_server_request_duration_seconds_p90',
      'pod_server_latency_p90_seconds',
      'pod_client_latency_p90_seconds',
      'http_requests_total',
      'pod_workload_ops_per_second',
      'container_network_receive_errors_total',
      'kube_pod_container_status_restarts_total',
      'aa_setting',
    ])).toEqual({
      pod_cpu_usage_percent: 'cpu',
      container_cpu_cfs_throttled_seconds_total: 'cpu',
      pod_memory_usage_bytes: 'memory',
      container_memory_working_set_bytes: 'memory',
      pod_network_receive_bytes_per_second: 'network',
      http_server_request_duration_seconds_p90: 'latency',
      pod_server_latency_p90_seconds: 'latency',
      pod_client_latency_p90_seconds: 'client_latency',
      http_requests_total: 'traffic',
      pod_workload_ops_per_second: 'traffic',
      container_network_receive_errors_total: 'errors',
      kube_pod_container_status_restarts_total: 'restarts',
      aa_setting: 'other',
    });
  });
});

describe('pressureFalls', () => {
  it('is true for a resource\'s headroom and false for usage, load and latency', () => {
    for (const n of ['node_filesystem_avail_bytes', 'node_memory_MemAvailable_bytes', 'disk_free_percent', 'cpu_idle_percent', 'hikaricp_connections_idle', 'quota_remaining']) expect(pressureFalls(n), n).toBe(true);
    for (const n of ['container_fs_usage_bytes', 'pod_memory_usage_bytes', 'http_requests_total', 'free_shipping_requests_total', 'idle_timeout_seconds']) expect(pressureFalls(n), n).toBe(false);
  });
});

describe('gaugeReadOrder with the new kinds', () => {
  it('reads disk and handles with CPU and memory, network faults with latency, before bytes', () => {
    expect(gaugeReadOrder('container_fs_writes_bytes_total')).toBe(gaugeReadOrder('pod_cpu_usage_percent'));
    expect(gaugeReadOrder('process_open_fds')).toBe(gaugeReadOrder('pod_memory_usage_bytes'));
    expect(gaugeReadOrder('tcp_retransmits')).toBe(gaugeReadOrder('pod_server_latency_p90_seconds'));
    expect(gaugeReadOrder('tcp_retransmits')).toBeLessThan(gaugeReadOrder('pod_network_receive_bytes_per_second'));
  });

  it("reads a workload's replicas and its autoscaler's series with the limits, before load and the rest of kube-state-metrics", () => {
    for (const n of ['kube_horizontalpodautoscaler_spec_max_replicas', 'kube_horizontalpodautoscaler_status_condition', 'kube_deployment_status_replicas_available']) {
      expect(gaugeReadOrder(n), n).toBe(gaugeReadOrder('kube_pod_container_resource_limits'));
      expect(gaugeReadOrder(n), n).toBeLessThan(gaugeReadOrder('kube_pod_status_phase'));
    }
  });
});
