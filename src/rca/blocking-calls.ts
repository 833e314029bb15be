// What a diff adds that blocks the thread it runs on (a synchronous database driver, an HTTP client, a sleep): in a
// message handler it holds every message behind it (slow-consumer-rank.ts). Read by change correlation for every release.
/**
 * Added code that waits on I/O or time where the caller cannot do anything else meanwhile, per runtime:
 * - Python: the synchronous drivers and clients (psycopg2, PyMySQL/MySQLdb/mysql.connector, sqlite3, requests,
 *   urllib's urlopen, redis-py's sync client, boto3), `time.sleep`, `subprocess.run/call/check_output`; in an
 *   asyncio handler each stalls the event loop, so the broker's socket is not read while it waits.
 * - Node: the `*Sync` calls of fs and child_process (`readFileSync`, `execSync`), `Atomics.wait`.
 * - JVM: `Thread.sleep`, Kotlin's `runBlocking`, Reactor's `.block()`, JDBC's `DriverManager.getConnection`.
 * - .NET: sync-over-async (`.Result`, `.Wait()`, `.GetAwaiter().GetResult()`), `Thread.Sleep`.
 * - Rust: `block_on`, `std::thread::sleep`, `reqwest::blocking`.
 * Go is absent: every call there blocks only its goroutine, which is the language's way.
 */
const BLOCKING =
  /\b(?:psycopg2|pymysql|MySQLdb|mysql\.connector|sqlite3\.connect|requests\.(?:get|post|put|patch|delete|request|Session)\b|urlopen\(|redis\.(?:Strict)?Redis\(|boto3\.|time\.sleep\(|subprocess\.(?:run|call|check_call|check_output)\(|\w+Sync\(|Atomics\.wait\(|Thread\.[Ss]leep\(|runBlocking\b|DriverManager\.getConnection\(|block_on\(|std::thread::sleep\(|reqwest::blocking\b)|\.(?:block\(\)|GetAwaiter\(\)\.GetResult\(\)|Wait\(\)|Result\b(?!\s*[=(]))/;
/** A line that only comments (Python, shell, C-family, SQL): words in it run nothing. */
const COMMENT = /^\s*(?:#|\/\/|\/\*|\*|--)/;

/** An import names a library without calling it: quoted only when no added line calls it. */
const IMPORT = /^\s*(?:import\s|from\s+\S+\s+import\s|using\s|(?:const|let|var)\s+\w+\s*=\s*require\()/;

/** The first added line of a diff that makes a blocking call (trimmed, cut to 160 characters), or null. */
export function addedBlockingCall(diff: string): string | null {
  let imported: string | null = null;
  for (const line of diff.split('\n')) {
    if (!line.startsWith('+') || line.startsWith('+++')) continue;
    const code = line.slice(1);
    if (COMMENT.test(code) || !BLOCKING.test(code)) continue;
    if (!IMPORT.test(code)) return code.trim().slice(0, 160);
    imported ??= code.trim().slice(0, 160);
  }
  return imported;
}
