// bench:real's category plausibility rule: which categories count as plausible for each fault type.
// A lock is contention, a flooded queue or a request flood is capacity, a bad address is configuration, a stopped
// consumer capacity or code, a silent external gateway a dependency.
import { describe, expect, it } from 'vitest';
import { categoryPlausible } from '../../bench/real-cases.js';

describe('categoryPlausible', () => {
  it('takes resource exhaustion for CPU, memory and disk faults only', () => {
    expect(categoryPlausible('cpu_contention', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('memory', 'code_regression')).toBe(false);
    expect(categoryPlausible('disk', 'capacity')).toBe(true);
  });
  it('takes a dependency or an infrastructure cause for network faults', () => {
    expect(categoryPlausible('network_delay', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('network_loss', 'code_regression')).toBe(false);
  });
  it('reads a held lock as contention seen by its waiters, not as code', () => {
    expect(categoryPlausible('db_lock', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('db_lock', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('db_lock', 'code_regression')).toBe(false);
  });
  it('reads a flooded queue as capacity, and its producers may see a slow dependency', () => {
    expect(categoryPlausible('kafka_queue_overload', 'capacity')).toBe(true);
    expect(categoryPlausible('kafka_queue_overload', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('kafka_queue_overload', 'code_regression')).toBe(false);
  });
  it('reads a request flood as capacity, never as a dependency or code', () => {
    expect(categoryPlausible('flood', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('flood', 'dependency_failure')).toBe(false);
  });
  it('reads a bad address in a service\'s settings as configuration or the dependency it hides', () => {
    expect(categoryPlausible('config_bad_address', 'config_error')).toBe(true);
    expect(categoryPlausible('config_bad_address', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('config_bad_address', 'resource_exhaustion')).toBe(false);
  });
  it('reads a stopped consumer as the backlog\'s capacity or its own code, not as a resource', () => {
    expect(categoryPlausible('consumer_stopped', 'capacity')).toBe(true);
    expect(categoryPlausible('consumer_stopped', 'code_regression')).toBe(true);
    expect(categoryPlausible('consumer_stopped', 'resource_exhaustion')).toBe(false);
  });
  it('reads an external gateway that stops answering as a failed dependency, never as code', () => {
    expect(categoryPlausible('gateway_timeout', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('gateway_timeout', 'infrastructure')).toBe(true);
    expect(categoryPlausible('gateway_timeout', 'code_regression')).toBe(false);
  });
  it('takes resource exhaustion for Redis evictions at maxmemory and a full disk', () => {
    expect(categoryPlausible('maxmemory_evictions', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('disk_full', 'capacity')).toBe(true);
    expect(categoryPlausible('maxmemory_evictions', 'dependency_failure')).toBe(false);
  });
  it('takes exhaustion or a slow dependency for a starved thread pool and a gRPC deadline exceeded, not code', () => {
    expect(categoryPlausible('threadpool_starvation', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('grpc_deadline_exceeded', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('threadpool_starvation', 'code_regression')).toBe(false);
  });
  it('takes configuration or code for a token signing failure, not exhaustion', () => {
    expect(categoryPlausible('token_signing_failure', 'config_error')).toBe(true);
    expect(categoryPlausible('token_signing_failure', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('token_signing_failure', 'resource_exhaustion')).toBe(false);
  });
  it('takes exhaustion, the code or setting, or a failing dependency for a Thrift client pool run dry, not the network', () => {
    expect(categoryPlausible('thrift_pool_exhausted', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('thrift_pool_exhausted', 'code_regression')).toBe(true);
    expect(categoryPlausible('thrift_pool_exhausted', 'infrastructure')).toBe(false);
  });
  it('takes a saturated database or the schema change for a missing index, not credentials', () => {
    expect(categoryPlausible('db_missing_index', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('db_missing_index', 'config_error')).toBe(true);
    expect(categoryPlausible('db_missing_index', 'certificate_or_auth')).toBe(false);
  });
  it('takes the host or a setting for duplicate ids from a clock stepped back, not exhaustion', () => {
    expect(categoryPlausible('duplicate_id', 'infrastructure')).toBe(true);
    expect(categoryPlausible('duplicate_id', 'config_error')).toBe(true);
    expect(categoryPlausible('duplicate_id', 'resource_exhaustion')).toBe(false);
  });
  it('takes a failing dependency or the mesh for an outlier ejection, not code', () => {
    expect(categoryPlausible('outlier_ejection', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('outlier_ejection', 'infrastructure')).toBe(true);
    expect(categoryPlausible('outlier_ejection', 'code_regression')).toBe(false);
  });
  it('reads an evicting memcached and a throttled sidecar by their resource, as the existing memory and cpu rule does', () => {
    expect(categoryPlausible('memcached_memory_eviction', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('sidecar_cpu_throttle', 'capacity')).toBe(true);
    expect(categoryPlausible('sidecar_cpu_throttle', 'dependency_failure')).toBe(false);
  });
  it('takes only unknown for a fault type it does not know', () => {
    expect(categoryPlausible('firmware', 'unknown')).toBe(true);
    expect(categoryPlausible('firmware', 'resource_exhaustion')).toBe(false);
  });
  it('reads a killed container as the platform or a dependency gone, never as code', () => {
    expect(categoryPlausible('container_kill', 'infrastructure')).toBe(true);
    expect(categoryPlausible('container_kill', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('container_kill', 'code_regression')).toBe(false);
  });
  it('reads a thrashing cache as exhausted CPU or the setting that shrank it, not a dependency', () => {
    expect(categoryPlausible('image_cache_thrash', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('image_cache_thrash', 'config_error')).toBe(true);
    expect(categoryPlausible('image_cache_thrash', 'dependency_failure')).toBe(false);
  });
  it('reads a registry expiring live instances as its setting or a dependency gone, not exhaustion', () => {
    expect(categoryPlausible('heartbeat_expiry', 'config_error')).toBe(true);
    expect(categoryPlausible('heartbeat_expiry', 'dependency_failure')).toBe(true);
    expect(categoryPlausible('heartbeat_expiry', 'resource_exhaustion')).toBe(false);
  });
  it('reads a session blob that grows as code or the header limit it hits, not infrastructure', () => {
    expect(categoryPlausible('session_blob_growth', 'code_regression')).toBe(true);
    expect(categoryPlausible('session_blob_growth', 'config_error')).toBe(true);
    expect(categoryPlausible('session_blob_growth', 'infrastructure')).toBe(false);
  });
  it('reads a recommender retraining hot as CPU exhaustion, by the cpu rule', () => {
    expect(categoryPlausible('retraining_cpu', 'resource_exhaustion')).toBe(true);
    expect(categoryPlausible('retraining_cpu', 'code_regression')).toBe(false);
  });
});
