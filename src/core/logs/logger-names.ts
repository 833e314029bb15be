// Which service a logger name stands for: Python-style dotted modules name their service first, while
// JVM/.NET class names (`c.a.indexer.BulkIndexer`, `Microsoft.AspNetCore.Hosting`) name none.

/** Python logger names are dotted modules: `billing.app` is the billing service; JVM/.NET class names name no service. */
export function serviceFromLogger(name: string): string | null {
  const parts = name.split('.');
  const root = parts[0] ?? name;
  if (root === '__main__' || root === '') return name || null;
  if (parts.length === 1) return /^[A-Z][a-z]+[A-Z]/.test(root) ? null : root; // `BulkIndexer` is a class
  // `c.a.indexer.BulkIndexer`, `com.acme.Foo`, `Microsoft.AspNetCore.Hosting`: packages and classes, not services.
  if (root.length <= 2 || JAVA_ROOTS.has(root) || /^[A-Z]/.test(root)) return null;
  return root;
}
const JAVA_ROOTS = new Set(['com', 'org', 'net', 'io', 'java', 'javax', 'jdk', 'sun', 'dev', 'edu', 'gov']);
