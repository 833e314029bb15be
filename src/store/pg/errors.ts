// PostgreSQL failures as StoreErrors that say what to do: unreachable server, rejected credentials, missing
// database, full disk. Messages name user@host/database and never the password, which pg never echoes.
import { EXIT } from '../../core/errors.js';
import { StoreError } from '../errors.js';
import { BridgeError } from './bridge.js';
import { describeTarget } from './url.js';

export function pgStoreError(err: unknown, url: string): unknown {
  if (!(err instanceof BridgeError)) return err;
  const { code, message } = err.wire;
  const t = describeTarget(url);
  const db = `PostgreSQL database ${t.database} at ${t.where}`;
  if (code === '28P01' || code === '28000') {
    return new StoreError(`${db} rejected the credentials of user ${t.user}`, 'check the user and password in the URL (--db / INCIDENT_COPILOT_DB); the password is not printed', EXIT.usage);
  }
  if (code === '3D000') {
    return new StoreError(`${db} does not exist`, `create it (createdb ${t.database}) or fix the database name in the URL`, EXIT.usage);
  }
  if (code === '53100') {
    return new StoreError(`${db} could not be written: the server's disk is full`, 'free space on the PostgreSQL server, then run the command again');
  }
  if (code === '57014') {
    return new StoreError(`${db}: a query ran past the statement timeout`, 'raise INCIDENT_COPILOT_PG_STATEMENT_TIMEOUT_MS or check the server load');
  }
  if (err.wire.connectionLost) {
    return new StoreError(
      `cannot reach ${db} (${code ?? message})`,
      'check that the server is running and accepts connections from here, and the host and port in the URL; INCIDENT_COPILOT_PG_RETRY_MS sets how long to keep retrying',
    );
  }
  return new StoreError(`${db}: ${message}`);
}
