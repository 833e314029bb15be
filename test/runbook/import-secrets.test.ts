// What an imported command may not keep: passwords written into the Markdown become `"$RB_<PARAM>"`, and
// `exec -it` loses the -t a non-interactive run cannot have; ports, paths and references stay as written.
import { describe, expect, it } from 'vitest';
import { sanitizeImported } from '../../src/runbook/import-secrets.js';

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
});
