// bench:real's category plausibility rule: which categories count as plausible for each fault type.
// A lock is contention, a flooded queue or a request flood is capacity, a bad address is configuration; never code.
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
  it('takes only unknown for a fault type it does not know', () => {
    expect(categoryPlausible('firmware', 'unknown')).toBe(true);
    expect(categoryPlausible('firmware', 'resource_exhaustion')).toBe(false);
  });
});
