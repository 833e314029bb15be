// The failing commands behind fixtures/failures/produced.jsonl, with the label a person gave each one.
// bench/failures-produce.ts runs every script for real in a temp dir and records what the tool printed.
import type { Expectation } from './failures-corpus.js';

export interface ProducedCase {
  id: string;
  tool: string;
  /** What the runbook step runs (recorded as the step's command; argv[0] is the program). */
  command: string;
  /** The bash script that reproduces it (defaults to `command`). Env: $W work dir, $HTTP port, $HTTPS (self-signed), $PGPORT, $PGSOCK. */
  script?: string;
  /** Run as the unprivileged `nobody` user (permission errors cannot be produced as root). */
  nobody?: boolean;
  /** A step that only checks (not mutating): a failure there happens before any change. */
  check?: boolean;
  expect: Expectation;
}

const env = (type: Expectation['failure_type'], names: string | null = null, repair: Expectation['repair'] = null): Expectation => ({ failure_type: type, names, repair });
const pg = 'psql -X -h "$PGSOCK" -p "$PGPORT"';
const curlTo = (host: string, path: string) => `curl -sS -f --max-time 2 --resolve ${host}:$HTTP:127.0.0.1 http://${host}:$HTTP${path}`;

export const CASES: ProducedCase[] = [
  // git: a fresh HOME has no identity, no remotes, no credentials.
  { id: 'git-commit-no-identity', tool: 'git', command: 'git commit -am "raise pool size"', script: 'git init -q r && cd r && echo a > f && git add f && git commit -m "raise pool size"', expect: env('environment_difference', 'user.email', 'precondition') },
  { id: 'git-commit-no-identity-am', tool: 'git', command: 'git commit -qm update', script: 'git init -q r && cd r && echo b > g && git add g && git commit -qm update', expect: env('environment_difference', 'user.email', 'precondition') },
  { id: 'git-clone-unresolvable', tool: 'git', command: 'git clone https://git.corp.invalid/platform/config.git', expect: env('external_dependency') },
  { id: 'git-push-no-remote', tool: 'git', command: 'git push origin main', script: 'git init -q -b main r && cd r && git -c user.email=ops@example.com -c user.name=ops commit -q --allow-empty -m init && git push origin main', expect: env('environment_difference') },
  { id: 'git-status-not-repo', tool: 'git', command: 'git status --porcelain', check: true, expect: env('environment_difference') },
  { id: 'git-merge-conflict', tool: 'git', command: 'git merge feature', script: 'git init -q -b main r && cd r && git config user.email a@b && git config user.name a && echo 1 > f && git add f && git commit -qm 1 && git checkout -qb feature && echo 2 > f && git commit -qam 2 && git checkout -q main && echo 3 > f && git commit -qam 3 && git merge feature', expect: env('unclassified') },
  { id: 'git-checkout-unknown-ref', tool: 'git', command: 'git checkout release-2024.10', script: 'git init -q r && cd r && git checkout release-2024.10', expect: env('unclassified') },
  { id: 'git-dubious-ownership', tool: 'git', command: 'git status', nobody: true, script: 'cd "$W/rootrepo" && git status', check: true, expect: env('environment_difference') },
  { id: 'git-index-lock-denied', tool: 'git', command: 'git add config.yaml', nobody: true, script: 'cd "$W/rootrepo" && git -c safe.directory="*" add config.yaml', expect: env('permission_denied') },
  { id: 'git-index-lock-exists', tool: 'git', command: 'git add f', script: 'git init -q r && cd r && echo a > f && touch .git/index.lock && git add f', expect: env('unclassified') },
  { id: 'git-clone-refused-local-mirror', tool: 'git', command: 'git clone http://127.0.0.1:1/mirror.git', expect: env('runbook_insufficient') },
  // curl against a local HTTP server that answers with a chosen status, under a partner's hostname.
  { id: 'curl-refused-local', tool: 'curl', command: 'curl -sS -f http://127.0.0.1:1/healthz', expect: env('runbook_insufficient') },
  { id: 'curl-unresolvable', tool: 'curl', command: 'curl -sS -f https://payments.partner.invalid/v1/status', expect: env('external_dependency') },
  { id: 'curl-503-partner', tool: 'curl', command: 'curl -sS -f http://api.partner.test/v1/charges', script: curlTo('api.partner.test', '/status/503'), expect: env('external_dependency') },
  { id: 'curl-502-partner', tool: 'curl', command: 'curl -sS -f http://gateway.vendor.test/v2/orders', script: curlTo('gateway.vendor.test', '/status/502'), expect: env('external_dependency') },
  { id: 'curl-401', tool: 'curl', command: 'curl -sS -f http://api.partner.test/admin/flush', script: curlTo('api.partner.test', '/status/401'), expect: env('permission_denied') },
  { id: 'curl-403', tool: 'curl', command: 'curl -sS -f -X POST http://ops.vendor.test/cache/purge', script: curlTo('ops.vendor.test', '/status/403'), expect: env('permission_denied') },
  { id: 'curl-404', tool: 'curl', command: 'curl -sS -f http://api.partner.test/v1/feature-flags', script: curlTo('api.partner.test', '/status/404'), expect: env('unclassified') },
  { id: 'curl-timeout', tool: 'curl', command: 'curl -sS -f --max-time 2 http://slow.partner.test/report', script: curlTo('slow.partner.test', '/hang'), expect: env('external_dependency') },
  { id: 'curl-write-readonly', tool: 'curl', command: 'curl -sS -o /srv/ro/payload.json http://api.partner.test/v1/payload', script: `${curlTo('api.partner.test', '/status/200')} -o "$W/ro/payload.json"`, expect: env('unclassified') },
  // apt / dpkg
  { id: 'apt-unable-to-locate', tool: 'apt', command: 'apt-get install -y pgbouncer-extras', script: 'apt-get -o Dir::State::Lists="$W/lists" -o Dir::Cache="$W/cache" install -y --no-download pgbouncer-extras', expect: env('environment_difference') },
  { id: 'apt-lock-not-root', tool: 'apt', command: 'apt-get install -y jq', nobody: true, expect: env('permission_denied') },
  { id: 'apt-update-unresolvable', tool: 'apt', command: 'apt-get update', script: 'mkdir -p "$W/lists/partial" "$W/cache/archives/partial" && echo "deb http://deb.mirror.invalid/debian bookworm main" > "$W/sources.list" && apt-get -o Dir::Etc::sourcelist="$W/sources.list" -o Dir::Etc::sourceparts=/nonexistent -o Dir::State::Lists="$W/lists" -o Dir::Cache="$W/cache" -o APT::Update::Error-Mode=any -o Acquire::Retries=0 update', expect: env('external_dependency') },
  { id: 'dpkg-missing-archive', tool: 'apt', command: 'dpkg -i /var/cache/app/agent_2.1_amd64.deb', expect: env('environment_difference') },
  // npm / node
  { id: 'npm-registry-unresolvable', tool: 'npm', command: 'npm install left-pad', script: 'echo {} > package.json && npm install --registry http://registry.npm.invalid/ --cache "$W/npmcache" --fetch-retries 0 --no-audit --no-fund left-pad', expect: env('external_dependency') },
  { id: 'npm-missing-script', tool: 'npm', command: 'npm run migrate', script: 'echo "{\\"name\\":\\"svc\\"}" > package.json && npm run migrate', expect: env('unclassified') },
  { id: 'npm-ci-no-lockfile', tool: 'npm', command: 'npm ci', script: 'echo "{\\"name\\":\\"svc\\"}" > package.json && npm ci --cache "$W/npmcache" --offline', expect: env('environment_difference') },
  { id: 'node-missing-module', tool: 'node', command: 'node scripts/drain.js', script: 'mkdir -p scripts && echo "require(\\"ioredis\\")" > scripts/drain.js && node scripts/drain.js', expect: env('environment_difference', 'ioredis') },
  { id: 'node-esm-missing-package', tool: 'node', command: 'node scripts/rotate.mjs', script: 'mkdir -p scripts && echo "import pg from \\"pg-pool\\";" > scripts/rotate.mjs && node scripts/rotate.mjs', expect: env('environment_difference', 'pg-pool') },
  { id: 'node-type-error', tool: 'node', command: 'node scripts/report.js', script: 'mkdir -p scripts && echo "const cfg = undefined; console.log(cfg.pool.size)" > scripts/report.js && node scripts/report.js', expect: env('unclassified') },
  { id: 'node-eaddrinuse', tool: 'node', command: 'node server.js', script: 'echo "require(\\"http\\").createServer().listen(Number(process.env.HTTP))" > server.js && node server.js', expect: env('environment_difference') },
  { id: 'node-eacces-write', tool: 'node', command: 'node scripts/write-config.js', nobody: true, script: 'node -e "require(\\"fs\\").writeFileSync(\\"/etc/app-pool.conf\\", \\"pool_size=30\\")"', expect: env('permission_denied') },
  { id: 'node-enospc', tool: 'node', command: 'node scripts/export.js', script: 'node -e "require(\\"fs\\").writeFileSync(process.env.W + \\"/small/export.bin\\", Buffer.alloc(512 * 1024))"', expect: env('environment_difference') },
  { id: 'node-spawn-enoent', tool: 'node', command: 'node scripts/flush.js', script: 'node -e "require(\\"child_process\\").spawn(\\"redis-cli\\", [\\"FLUSHALL\\"]).on(\\"error\\", (e) => { console.error(e.message); process.exit(1) })"', expect: env('environment_difference', 'redis-cli', 'precondition') },
  { id: 'node-fetch-refused-local', tool: 'node', command: 'node scripts/warm-cache.js', script: 'node -e "fetch(\\"http://127.0.0.1:\\" + process.env.CLOSED + \\"/warm\\").catch((e) => { console.error(e); process.exit(1) })"', expect: env('runbook_insufficient') },
  { id: 'node-fetch-unresolvable', tool: 'node', command: 'node scripts/notify.js', script: 'node -e "fetch(\\"https://hooks.chat.invalid/services/T000\\").catch((e) => { console.error(e); process.exit(1) })"', expect: env('external_dependency') },
  // psql against a real PostgreSQL started for the run (scram auth), and without one.
  { id: 'psql-no-server-socket', tool: 'psql', command: 'psql -c "select 1"', script: 'psql -X -h "$W/nosock" -c "select 1"', expect: env('runbook_insufficient', 'postgresql', 'start-dependency') },
  { id: 'psql-refused-tcp', tool: 'psql', command: 'psql -h 127.0.0.1 -p 5432 -c "select 1"', script: 'psql -X -h 127.0.0.1 -p 1 -c "select 1"', expect: env('runbook_insufficient', 'postgresql', 'start-dependency') },
  { id: 'psql-unresolvable', tool: 'psql', command: 'psql -h db-primary.corp.invalid -c "select 1"', expect: env('external_dependency') },
  { id: 'psql-bad-password', tool: 'psql', command: 'psql -U app -c "select 1"', script: `PGPASSWORD=wrong ${pg} -U app -d postgres -c "select 1"`, expect: env('permission_denied') },
  { id: 'psql-no-database', tool: 'psql', command: 'psql -U app -d orders -c "select 1"', script: `PGPASSWORD=apppw ${pg} -U app -d orders -c "select 1"`, expect: env('environment_difference') },
  { id: 'psql-permission-table', tool: 'psql', command: 'psql -U app -c "update accounts set pool_size = 30"', script: `PGPASSWORD=apppw ${pg} -U app -d postgres -v ON_ERROR_STOP=1 -c "update accounts set pool_size = 30"`, expect: env('permission_denied') },
  { id: 'psql-missing-relation', tool: 'psql', command: 'psql -U app -c "select * from pool_settings"', script: `PGPASSWORD=apppw ${pg} -U app -d postgres -v ON_ERROR_STOP=1 -c "select * from pool_settings"`, expect: env('unclassified') },
  { id: 'psql-statement-timeout', tool: 'psql', command: 'psql -U app -c "vacuum-like long query"', script: `PGPASSWORD=apppw PGOPTIONS="-c statement_timeout=200" ${pg} -U app -d postgres -v ON_ERROR_STOP=1 -c "select pg_sleep(2)"`, expect: env('runbook_insufficient', null, 'wait-retry') },
  { id: 'psql-unknown-role', tool: 'psql', command: 'psql -U reporting -c "select 1"', script: `PGPASSWORD=x ${pg} -U reporting -d postgres -c "select 1"`, expect: env('permission_denied') },
  { id: 'pg-isready-down', tool: 'psql', command: 'pg_isready -h 127.0.0.1 -p 5432', script: 'pg_isready -h 127.0.0.1 -p 1', check: true, expect: env('wrong_diagnosis') },
  // docker / podman: no daemon runs here; podman reaches registries that do not resolve.
  { id: 'docker-daemon-down', tool: 'docker', command: 'docker ps', expect: env('runbook_insufficient', 'docker', 'start-dependency') },
  { id: 'docker-restart-daemon-down', tool: 'docker', command: 'docker restart checkout-api', expect: env('runbook_insufficient', 'docker', 'start-dependency') },
  { id: 'docker-remote-unresolvable', tool: 'docker', command: 'docker -H tcp://build-host.corp.invalid:2375 ps', expect: env('external_dependency') },
  { id: 'podman-pull-unresolvable', tool: 'podman', command: 'podman pull registry.corp.invalid/platform/api:1.4.2', expect: env('external_dependency') },
  { id: 'podman-no-container', tool: 'podman', command: 'podman restart checkout-api', expect: env('environment_difference') },
  { id: 'podman-logs-no-container', tool: 'podman', command: 'podman logs --tail 50 queue-worker', check: true, expect: env('environment_difference') },
  { id: 'podman-image-not-known', tool: 'podman', command: 'podman run -d --name api-canary localhost/checkout-api:1.4.2', script: 'podman run -d --pull=never --name api-canary localhost/checkout-api:1.4.2', expect: env('environment_difference') },
  // ssh (no sshd here): resolution, refusal, timeout.
  { id: 'ssh-unresolvable', tool: 'ssh', command: 'ssh -o BatchMode=yes deploy@bastion.corp.invalid uptime', expect: env('external_dependency') },
  { id: 'ssh-refused-local', tool: 'ssh', command: 'ssh -o BatchMode=yes -p 1 deploy@127.0.0.1 uptime', expect: env('runbook_insufficient') },
  { id: 'ssh-timeout', tool: 'ssh', command: 'ssh -o BatchMode=yes -o ConnectTimeout=2 deploy@10.255.255.1 uptime', expect: env('external_dependency') },
  // python and pip
  { id: 'python-module-missing', tool: 'python', command: 'python3 scripts/rebalance.py', script: 'mkdir -p scripts && printf "import kafka\\n" > scripts/rebalance.py && python3 scripts/rebalance.py', expect: env('environment_difference', 'kafka', 'precondition') },
  { id: 'python-from-import-missing', tool: 'python', command: 'python3 -m tools.purge', script: 'mkdir -p tools && touch tools/__init__.py && printf "from redis import Redis\\n" > tools/purge.py && python3 -m tools.purge', expect: env('environment_difference', 'redis', 'precondition') },
  { id: 'python-keyerror', tool: 'python', command: 'python3 scripts/scale.py', script: 'mkdir -p scripts && printf "cfg = {}\\ndef main():\\n    return cfg[\\"replicas\\"]\\nmain()\\n" > scripts/scale.py && python3 scripts/scale.py', expect: env('unclassified') },
  { id: 'python-permission', tool: 'python', command: 'python3 scripts/rotate_logs.py', nobody: true, script: 'python3 -c "open(\'/var/log/app-rotate.state\', \'w\')"', expect: env('permission_denied') },
  { id: 'python-file-missing', tool: 'python', command: 'python3 scripts/apply.py', script: 'python3 -c "open(\'/etc/app/pool.yaml\')"', expect: env('environment_difference') },
  { id: 'python-enospc', tool: 'python', command: 'python3 scripts/snapshot.py', script: 'python3 -c "open(\'$W/small/snap.bin\', \'wb\').write(bytes(512 * 1024))"', expect: env('environment_difference') },
  { id: 'python-urlopen-unresolvable', tool: 'python', command: 'python3 scripts/check_vendor.py', script: 'python3 -c "import urllib.request; urllib.request.urlopen(\'https://status.vendor.invalid/api\')"', expect: env('external_dependency') },
  { id: 'python-subprocess-missing', tool: 'python', command: 'python3 scripts/ping_cache.py', script: 'python3 -c "import subprocess; subprocess.run([\'redis-cli\', \'ping\'], check=True)"', expect: env('environment_difference', 'redis-cli', 'precondition') },
  { id: 'python-refused-local', tool: 'python', command: 'python3 scripts/drain.py', script: 'python3 -c "import socket; socket.create_connection((\'127.0.0.1\', 1))"', expect: env('runbook_insufficient') },
  { id: 'pip-index-unresolvable', tool: 'pip', command: 'pip install psycopg2-binary', script: 'PIP_CONFIG_FILE=/dev/null pip install --dry-run --no-cache-dir --retries 1 --timeout 2 --index-url https://pypi.mirror.invalid/simple psycopg2-binary', expect: env('external_dependency') },
  // systemd inside a container (no systemd as PID 1), journalctl with no journal.
  { id: 'systemctl-no-systemd', tool: 'systemctl', command: 'systemctl restart pgbouncer', expect: env('environment_difference') },
  { id: 'systemctl-is-active-no-systemd', tool: 'systemctl', command: 'systemctl is-active queue-broker', check: true, expect: env('environment_difference') },
  // Permission, read-only and disk errors from coreutils (a tmpfs mounted read-only, a 64 kB tmpfs).
  { id: 'mkdir-permission', tool: 'coreutils', command: 'mkdir -p /var/lib/app/backup', nobody: true, script: 'mkdir /root/backup', expect: env('permission_denied') },
  { id: 'sed-inplace-permission', tool: 'coreutils', command: 'sed -i s/pool_size: 5/pool_size: 30/ /etc/app/database.yaml', nobody: true, script: 'sed -i s/a/b/ "$W/rootrepo/config.yaml"', expect: env('permission_denied') },
  { id: 'rm-permission-denied', tool: 'coreutils', command: 'rm -f /var/lib/app/lock', nobody: true, script: 'rm -f /etc/hostname', expect: env('permission_denied') },
  { id: 'touch-readonly-fs', tool: 'coreutils', command: 'touch /srv/app/maintenance', script: 'touch "$W/ro/maintenance"', expect: env('environment_difference') },
  { id: 'sed-readonly-fs', tool: 'coreutils', command: 'sed -i s/5/30/ /srv/app/config.yaml', script: 'sed -i s/5/30/ "$W/ro/config.yaml"', expect: env('environment_difference') },
  { id: 'cp-disk-full', tool: 'coreutils', command: 'cp /var/backups/db.dump /srv/restore/', script: 'head -c 300000 /dev/zero > "$W/big" && cp "$W/big" "$W/small/db.dump"', expect: env('environment_difference') },
  { id: 'dd-disk-full', tool: 'coreutils', command: 'dd if=/dev/zero of=/srv/swapfile bs=1M count=1', script: 'dd if=/dev/zero of="$W/small/swapfile" bs=1M count=1', expect: env('environment_difference') },
  { id: 'tar-disk-full', tool: 'coreutils', command: 'tar -xzf release.tar.gz -C /srv/app', script: 'head -c 300000 /dev/urandom > blob && tar -czf rel.tgz blob && tar -xzf rel.tgz -C "$W/small"', expect: env('unclassified') },
  { id: 'sh-not-executable', tool: 'shell', command: './scripts/failover.sh', script: 'mkdir -p scripts && printf "#!/bin/sh\\necho ok\\n" > scripts/failover.sh && ./scripts/failover.sh', expect: env('environment_difference') },
  { id: 'sh-command-not-found', tool: 'shell', command: 'redis-cli -h cache CONFIG SET maxmemory 2gb', script: 'sh -c "redis-cli -h cache CONFIG SET maxmemory 2gb"', expect: env('environment_difference', 'redis-cli', 'precondition') },
  { id: 'bash-command-not-found', tool: 'shell', command: 'mysql -e "SHOW PROCESSLIST"', script: 'bash -c "mysql -e \\"SHOW PROCESSLIST\\""', expect: env('environment_difference', 'mysql', 'precondition') },
  { id: 'env-no-such-program', tool: 'shell', command: 'go run ./cmd/migrate', script: 'env go run ./cmd/migrate', expect: env('environment_difference', 'go', 'precondition') },
  { id: 'grep-check-no-match', tool: 'shell', command: 'grep -q "max_connections = 100" /etc/postgresql/postgresql.conf', script: 'printf "max_connections = 300\\n" > pg.conf && grep -q "max_connections = 100" pg.conf', check: true, expect: env('wrong_diagnosis') },
  // Java (JDK 17 here): real exceptions from small programs.
  { id: 'java-npe', tool: 'java', command: 'java -jar reconciler.jar', script: 'printf "public class Main { public static void main(String[] a) { String s = System.getenv(\\"NOPE_X\\"); System.out.println(s.length()); } }" > Main.java && java Main.java', expect: env('unclassified') },
  { id: 'java-unknown-host', tool: 'java', command: 'java -jar notifier.jar', script: 'printf "public class Main { public static void main(String[] a) throws Exception { new java.net.Socket(\\"kafka-1.corp.invalid\\", 9092); } }" > Main.java && java Main.java', expect: env('external_dependency') },
  { id: 'java-connect-refused-local', tool: 'java', command: 'java -jar drainer.jar', script: 'printf "public class Main { public static void main(String[] a) throws Exception { new java.net.Socket(\\"127.0.0.1\\", 1); } }" > Main.java && java Main.java', expect: env('runbook_insufficient') },
  { id: 'java-oom', tool: 'java', command: 'java -Xmx16m -jar indexer.jar', script: 'printf "public class Main { public static void main(String[] a) { java.util.List<long[]> l = new java.util.ArrayList<>(); while (true) l.add(new long[1 << 20]); } }" > Main.java && java -Xmx16m Main.java', expect: env('unclassified') },
  { id: 'java-no-main-class', tool: 'java', command: 'java -cp app.jar com.example.Reindex', expect: env('environment_difference') },
  { id: 'java-jar-missing', tool: 'java', command: 'java -jar /opt/tools/flyway.jar migrate', expect: env('environment_difference') },
  { id: 'java-access-denied', tool: 'java', command: 'java -jar rotate.jar', nobody: true, script: 'cd /tmp && printf "public class Main { public static void main(String[] a) throws Exception { new java.io.FileOutputStream(\\"/etc/app-rotate.state\\"); } }" > "$W/pub/Main.java" && java -Duser.home=/tmp "$W/pub/Main.java"', expect: env('permission_denied') },
  // kubectl (v1.32 here) with no cluster, and with a kubeconfig naming a cluster that does not resolve.
  { id: 'kubectl-no-kubeconfig', tool: 'kubectl', command: 'kubectl get pods -n checkout', script: 'KUBECONFIG="$W/none" kubectl get pods -n checkout', expect: env('environment_difference') },
  { id: 'kubectl-cluster-unresolvable', tool: 'kubectl', command: 'kubectl rollout restart deployment/checkout-api', script: 'kubectl config --kubeconfig="$W/kc" set-cluster prod --server=https://k8s-api.corp.invalid:6443 >/dev/null && kubectl config --kubeconfig="$W/kc" set-credentials ops --token=not-a-real-token >/dev/null && kubectl config --kubeconfig="$W/kc" set-context prod --cluster=prod --user=ops >/dev/null && kubectl --kubeconfig="$W/kc" --context=prod --request-timeout=5s rollout restart deployment/checkout-api', expect: env('external_dependency') },
  { id: 'kubectl-unauthorized', tool: 'kubectl', command: 'kubectl get deployments', script: 'kubectl config --kubeconfig="$W/kc2" set-cluster local --server=http://127.0.0.1:$HTTP/k8s401 >/dev/null && kubectl config --kubeconfig="$W/kc2" set-context local --cluster=local >/dev/null && kubectl --kubeconfig="$W/kc2" --context=local get deployments', expect: env('permission_denied') },
  // Added after the rules were frozen, and scored once before any rule change (a blind check; see the README).
  { id: 'late-git-clone-missing-path', tool: 'git', command: 'git clone /srv/git/platform-config.git', script: 'git clone "$W/none/platform-config.git"', expect: env('environment_difference') },
  { id: 'late-git-nothing-to-commit', tool: 'git', command: 'git commit -m "apply pool size"', script: 'git init -q r && cd r && git -c user.email=ops@example.com -c user.name=ops commit -q --allow-empty -m init && git -c user.email=ops@example.com -c user.name=ops commit -m "apply pool size"', expect: env('unclassified') },
  { id: 'late-curl-self-signed', tool: 'curl', command: 'curl -sS https://internal-api.corp.test/health', script: 'curl -sS --max-time 5 --resolve internal-api.corp.test:$HTTPS:127.0.0.1 https://internal-api.corp.test:$HTTPS/health', expect: env('environment_difference') },
  { id: 'late-psql-read-only-txn', tool: 'psql', command: 'psql -U app -c "update settings set v = 30"', script: `PGPASSWORD=apppw PGOPTIONS="-c default_transaction_read_only=on" ${pg} -U app -d postgres -v ON_ERROR_STOP=1 -c "create table t(x int)"`, expect: env('environment_difference') },
  { id: 'late-tar-missing-archive', tool: 'coreutils', command: 'tar -xzf /var/backups/config-2024.tgz -C /srv/app', script: 'tar -xzf "$W/none/config.tgz" -C .', expect: env('environment_difference') },
  { id: 'late-python-gaierror', tool: 'python', command: 'python3 scripts/flush_cache.py', script: 'python3 -c "import socket; socket.create_connection((\'cache.corp.invalid\', 6379), timeout=3)"', expect: env('external_dependency') },
  { id: 'late-node-listen-eacces', tool: 'node', command: 'node server.js', nobody: true, script: 'node -e "require(\\"http\\").createServer().listen(80)"', expect: env('permission_denied') },
  { id: 'late-kubectl-missing-manifest', tool: 'kubectl', command: 'kubectl apply -f deploy/checkout.yaml', script: 'kubectl apply --kubeconfig="$W/none" -f deploy/checkout.yaml', expect: env('environment_difference') },
  { id: 'late-podman-volume-missing', tool: 'podman', command: 'podman run --rm -v /srv/data:/data localhost/app:1', script: 'podman run --rm --pull=never -v "$W/none/data":/data localhost/app:1', expect: env('environment_difference') },
  // Meant as EACCES, it printed ENOTCACHED (offline, nothing cached): labelled for what it says.
  { id: 'late-npm-offline-not-cached', tool: 'npm', command: 'npm install --offline left-pad', nobody: true, script: 'cd "$W/rootrepo" && HOME=/tmp npm install --offline --no-audit --no-fund left-pad', expect: env('environment_difference') },
  { id: 'late-sed-missing-file', tool: 'coreutils', command: 'sed -i s/5/30/ /etc/app/pool.yaml', script: 'sed -i s/5/30/ "$W/none/pool.yaml"', expect: env('environment_difference') },
  { id: 'late-sh-missing-helm', tool: 'shell', command: 'helm upgrade checkout ./chart --reuse-values', script: 'sh -c "helm upgrade checkout ./chart --reuse-values"', expect: env('environment_difference', 'helm', 'precondition') },
  { id: 'late-docker-compose-missing', tool: 'docker', command: 'docker-compose up -d queue', script: 'bash -c "docker-compose up -d queue"', expect: env('environment_difference', 'docker-compose', 'alternative') },
];
