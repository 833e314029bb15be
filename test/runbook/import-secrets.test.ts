// What an imported command may not keep: passwords written into the Markdown become `"$RB_<PARAM>"`, and
// `exec -it` loses the -t a non-interactive run cannot have; ports, paths and references stay as written.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { secretNamer } from '../../src/runbook/import-secret-names.js';
import { sanitizeImported } from '../../src/runbook/import-secrets.js';

/** Runs a command through a real sh with the given environment, in a temp working dir, and returns its stdout. */
const sh = (cmd: string, env: Record<string, string> = {}) =>
  execFileSync('sh', ['-c', cmd], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });

describe('sanitizeImported', () => {
  it.each([
    ['cypher-shell -u neo4j -p password "RETURN 1"', 'cypher-shell -u neo4j -p "$RB_CYPHER_SHELL_PASSWORD" "RETURN 1"', 'cypher_shell_password'],
    ['mysql -u root -ps3cret shop', 'mysql -u root -p"$RB_MYSQL_PASSWORD" shop', 'mysql_password'],
    ['mongosh --host db -p hunter2', 'mongosh --host db -p "$RB_MONGOSH_PASSWORD"', 'mongosh_password'],
    ['redis-cli -h cache -a hunter2 ping', 'redis-cli -h cache -a "$RB_REDIS_CLI_PASSWORD" ping', 'redis_cli_password'],
    ['pg_dump --password=hunter2 shop', 'pg_dump --password="$RB_PG_DUMP_PASSWORD" shop', 'pg_dump_password'],
    ['vault login --password hunter2', 'vault login --password "$RB_VAULT_PASSWORD"', 'vault_password'],
    ['neo4j-admin set-initial-password newpassword', 'neo4j-admin set-initial-password "$RB_NEO4J_ADMIN_PASSWORD"', 'neo4j_admin_password'],
  ])('%s', (cmd, want, param) => {
    const s = sanitizeImported(cmd);
    expect(s.cmd).toBe(want);
    expect(s.secrets.map((x) => x.name)).toEqual([param]);
  });

  it.each([
    'docker run -d -p 8080:80 nginx',
    'mkdir -p /var/lib/x',
    'ssh -p 2222 host uptime',
    'psql -h db -p 5432 -U app',
    'mysql -u root -p shop',
    'cypher-shell -u neo4j -p "$NEO4J_PASSWORD"',
    'curl --password-file /run/secrets/x http://h',
  ])('leaves %s alone', (cmd) => {
    expect(sanitizeImported(cmd)).toEqual({ cmd, secrets: [], droppedTty: false });
  });

  it('drops -t from docker / podman / kubectl exec and nothing else', () => {
    expect(sanitizeImported('docker exec -it mcp-neo4j cypher-shell')).toMatchObject({ cmd: 'docker exec -i mcp-neo4j cypher-shell', droppedTty: true });
    expect(sanitizeImported('podman exec -ti db sh').cmd).toBe('podman exec -i db sh');
    expect(sanitizeImported('docker exec -t db date').cmd).toBe('docker exec db date');
    expect(sanitizeImported('kubectl exec --tty -i pod -- sh').cmd).toBe('kubectl exec -i pod -- sh');
    expect(sanitizeImported('docker exec db tar -tf x.tar')).toMatchObject({ cmd: 'docker exec db tar -tf x.tar', droppedTty: false });
  });

  // The program is printf/cat, so a real shell shows the rewritten command gives the program what the original did.
  it.each([
    ["printf '%s\\n' postgres://app:s3cret@db:5432/shop", "printf '%s\\n' postgres://app:\"${RB_DB_PASSWORD}\"@db:5432/shop", { RB_DB_PASSWORD: 's3cret' }],
    ["printf '%s\\n' 'postgres://app:s3cret@db/shop'", "printf '%s\\n' 'postgres://app:'\"${RB_DB_PASSWORD}\"'@db/shop'", { RB_DB_PASSWORD: 's3cret' }],
    ["printf '%s\\n' redis://:hunter2@cache:6379", "printf '%s\\n' redis://:\"${RB_CACHE_PASSWORD}\"@cache:6379", { RB_CACHE_PASSWORD: 'hunter2' }],
    ['printf "%s\\n" "https://deploy:tok3n@git.example.com/x"', 'printf "%s\\n" "https://deploy:${RB_GIT_EXAMPLE_COM_PASSWORD}@git.example.com/x"', { RB_GIT_EXAMPLE_COM_PASSWORD: 'tok3n' }],
    ['PGPASSWORD=hunter2 sh -c \'echo "$PGPASSWORD"\'', 'PGPASSWORD="${RB_PGPASSWORD}" sh -c \'echo "$PGPASSWORD"\'', { RB_PGPASSWORD: 'hunter2' }],
    ['export API_TOKEN=abc123def && sh -c \'echo "$API_TOKEN"\'', 'export API_TOKEN="${RB_API_TOKEN}" && sh -c \'echo "$API_TOKEN"\'', { RB_API_TOKEN: 'abc123def' }],
    ["cat <<'EOF'\ndatabase:\n  host: db\n  password: \"hunter2\"\nEOF", 'cat <<EOF\ndatabase:\n  host: db\n  password: "${RB_PASSWORD}"\nEOF', { RB_PASSWORD: 'hunter2' }],
    ['cat <<EOF\nDB_PASSWORD=hunter2\nHOST=db\nEOF', 'cat <<EOF\nDB_PASSWORD=${RB_DB_PASSWORD}\nHOST=db\nEOF', { RB_DB_PASSWORD: 'hunter2' }],
  ])('%s keeps working with the value read from RB_*', (cmd, want, env) => {
    const s = sanitizeImported(cmd);
    expect(s.cmd).toBe(want);
    expect(s.secrets.map((x) => `RB_${x.name.toUpperCase()}`)).toEqual(Object.keys(env));
    expect(sh(s.cmd, env)).toBe(sh(cmd));
  });

  it('takes the URL password out of a secret-named assignment, not the whole URL', () => {
    const s = sanitizeImported('DATABASE_URL="postgres://u:pw123@db/x" ./migrate');
    expect(s.cmd).toBe('DATABASE_URL="postgres://u:${RB_DB_PASSWORD}@db/x" ./migrate');
  });

  it('names a param after what it protects, one per distinct secret, the same when a secret repeats', () => {
    const namer = secretNamer();
    const names = (cmd: string) => sanitizeImported(cmd, namer).secrets.map((x) => x.name);
    // Two URLs of one scheme: their hosts tell them apart; one host with two users: the user does.
    expect(names('curl https://deploy:tokA@git.example.com/x https://ci:tokB@ci.example.com/y')).toEqual(['git_example_com_password', 'ci_example_com_password']);
    expect(names('curl https://bot:tokC@git.example.com/z')).toEqual(['bot_git_example_com_password']);
    expect(names('curl https://deploy:tokA@git.example.com/again')).toEqual(['git_example_com_password']);
    // Flags: the program first, its user or host when the program already has another password.
    expect(names('mysql -u root -ps3cret shop')).toEqual(['mysql_password']);
    expect(names('mysql -u app -potherpw shop')).toEqual(['mysql_app_password']);
    expect(names('mysql -u app -potherpw shop')).toEqual(['mysql_app_password']);
    expect(names('mysql -u app -pthirdpw shop')).toEqual(['mysql_password_2']);
    // Without a namer of its own, each command starts afresh.
    expect(sanitizeImported('mysql -u app -potherpw shop').secrets.map((x) => x.name)).toEqual(['mysql_password']);
  });

  it('leaves a quoted here-doc quoted when it expands nothing else would, and says the value is set by hand', () => {
    const cmd = "cat <<'EOF'\ntoken: abc123\npath: $HOME\nEOF";
    const s = sanitizeImported(cmd);
    expect(s.cmd).toBe("cat <<'EOF'\ntoken: ${RB_TOKEN}\npath: $HOME\nEOF");
    expect(s.byHand).toBe(true);
  });

  it.each([
    'psql "$DATABASE_URL"',
    'curl http://localhost:3000/health',
    'redis-cli -u redis://cache:6379 ping',
    'curl https://${USER}:${RB_TOKEN}@h/x',
    'export PORT=8080 && ./run',
    'TOKEN_FILE=/run/secrets/t ./run',
    "cat <<EOF\npassword: ${DB_PASSWORD}\nEOF",
  ])('leaves %s alone', (cmd) => {
    expect(sanitizeImported(cmd).secrets).toEqual([]);
    expect(sanitizeImported(cmd).cmd).toBe(cmd);
  });

  it.each([
    ['docker run -it --rm -p 8080:80 nginx sh', 'docker run -i --rm -p 8080:80 nginx sh'],
    ['docker run -ti busybox', 'docker run -i busybox'],
    ['docker run --interactive --tty --name x busybox', 'docker run --interactive --name x busybox'],
    ['docker run -i -t busybox sh', 'docker run -i busybox sh'],
    ['podman run -dit alpine sh', 'podman run -di alpine sh'],
    ['kubectl exec web-0 -it -- sh', 'kubectl exec web-0 -i -- sh'],
  ])('drops the TTY from %s', (cmd, want) => {
    expect(sanitizeImported(cmd)).toMatchObject({ cmd: want, droppedTty: true });
  });

  it.each(['docker run -d -p 80:80 nginx -t', 'docker run -e TERM=xterm-256color -v /t:/t busybox top -t', 'docker run --name t busybox'])("keeps %s (the -t is not docker's)", (cmd) => {
    expect(sanitizeImported(cmd)).toMatchObject({ cmd, droppedTty: false });
  });
});

