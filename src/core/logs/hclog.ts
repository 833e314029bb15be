// HashiCorp's hclog (Vault, Consul, Nomad, Terraform providers, Go services using it): `<time> [ERROR] payout.locks:
// failed to acquire lock: key=locks/m_1 error="context deadline exceeded"`. The dotted name is a logger.
import { logfmtPairs, pairsMessage } from './structured-formats.js';

// hclog writes its arguments after the message as `: key=value key="quoted value"`, to the line's end.
const PAIRS_ONLY = /^[A-Za-z_][\w.@/-]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]*)(?: [A-Za-z_][\w.@/-]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]*))*\s*$/;

/**
 * The message and fields of what follows hclog's `name: `: the arguments become fields, and an `error` among them
 * joins the message (as klog's structured lines and logrus' do) as does the request of a `request completed`, so
 * entries mine by what failed and not by the values of their other arguments.
 */
export function hclogBody(name: string, text: string): { message: string; fields: Record<string, unknown> } {
  for (let at = text.indexOf(': '); at >= 0; at = text.indexOf(': ', at + 2)) {
    const rest = text.slice(at + 2);
    if (!PAIRS_ONLY.test(rest)) continue;
    const { obj } = logfmtPairs(rest);
    return { message: pairsMessage(text.slice(0, at), obj), fields: { logger: name, ...obj } };
  }
  return { message: text, fields: { logger: name } };
}
