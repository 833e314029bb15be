// What a diff says when it turns Java virtual threads on (the pinned-carrier rule, pinned-carrier-rank.ts): read by
// change correlation for every release; kept apart so no ranking rule imports change correlation back.
/**
 * Added lines that run work on virtual threads: Spring Boot 3.2's `spring.threads.virtual.enabled: true` (as one key
 * or nested YAML), Quarkus' `@RunOnVirtualThread`, Helidon/Micronaut-style `virtual-threads: true` settings, and
 * the JDK's own `Executors.newVirtualThreadPerTaskExecutor()`, `Thread.ofVirtual()`, `Thread.startVirtualThread`.
 */
const ON_ONE_LINE =
  /^\+.*(?:\bnewVirtualThreadPerTaskExecutor\b|\bThread\.ofVirtual\(|\bstartVirtualThread\(|@RunOnVirtualThread\b|\bvirtual[-_.]?threads?(?:[-_.]enabled)?["']?\s*[:=]\s*["']?true\b|\bthreads\.virtual\.enabled["']?\s*[:=]\s*["']?true\b)/im;
/** Nested YAML: an added `virtual:` key with `enabled: true` on the added line right below it. */
const NESTED = /^\+\s*virtual:\s*\n\+\s*enabled:\s*["']?true\b/im;

/** Whether a diff's added lines turn virtual threads on. */
export const turnsVirtualThreadsOn = (diff: string): boolean => ON_ONE_LINE.test(diff) || NESTED.test(diff);
