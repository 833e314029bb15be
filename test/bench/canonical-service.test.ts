// bench:real's service names: a pod's generated suffix is taken off before truth and answers are compared, and a
// service whose own name ends in two short words (`home-timeline-redis`) keeps them.
import { describe, expect, it } from 'vitest';
import { canonicalService } from '../../bench/real-cases.js';

describe('canonicalService', () => {
  it.each([
    ['frontend-579b9bff58-t2dbm', 'frontend'],
    ['ts-order-service-6d5b7c9f8-bvx4z', 'ts-order-service'],
    ['checkout-bcdfghjk-lmnpq', 'checkout'],
    ['redis-cart-0', 'redis-cart'],
    ['Home-Timeline-Redis', 'home-timeline-redis'],
    ['user-timeline-redis-7c9f8b6d5-x2k4q', 'user-timeline-redis'],
  ])('%s is %s', (name, service) => {
    expect(canonicalService(name)).toBe(service);
  });
});
