// A broker's own report that a client fell behind the messages it is sent, at whatever level it logs it: brokers log
// this at info or notice (it is the client's fault, not theirs), so error mining never sees it. request_flows reports it.
import { redact } from '../../src/core/redact.js';

/** What request_flows reports per client a broker named slow: the broker's service, when and how often, one line. */
export interface SlowConsumer {
  /** The client's name as the broker logged it (NATS' connection name, Redis' CLIENT SETNAME, an MQTT client id). */
  client: string;
  /** The service whose log it is (the broker's). */
  service: string | null;
  first: string;
  last: string;
  count: number;
  /** The first such line, redacted and cut to 240 characters. */
  example: string;
}

// A cheap first look: every form below has one of these words.
const MAYBE = /slow consumer|output buffer limits|messages are being dropped|has failed, removing it/i;
/**
 * Each broker's words for "this client does not take what it is sent fast enough", with the client's name:
 * - NATS (`Noticef`, printed `[INF]`): `"v2.7.0:python3:pricing-sync" - Slow Consumer Detected: WriteDeadline of 10s
 *   exceeded` or `MaxPending of 67108864 Exceeded`; the quoted `v<version>:<lang>:<name>` is the client's CONNECT info.
 * - Redis: `Client id=7 addr=… name=reports … scheduled to be closed ASAP for overcoming of output buffer limits.`
 * - Mosquitto (notice): `Outgoing messages are being dropped for client sensor-7.`
 * - Kafka's group coordinator (INFO): `Member consumer-1-… in group billing has failed, removing it from the group`
 *   (its heartbeat or poll deadline passed: the consumer is stuck in its handler); the group names the client.
 */
const FORMS: ReadonlyArray<{ test: RegExp; client: RegExp }> = [
  { test: /\bSlow Consumer Detected\b/i, client: /"v?[\w.+-]{1,40}:[\w.+-]{1,40}:([^"\s]{1,120})"\s*-\s*Slow Consumer/i },
  { test: /\bfor overcoming of output buffer limits\b/i, client: /\bname=([^\s=]{1,120})\s/ },
  { test: /\bOutgoing messages are being dropped for client\b/i, client: /\bdropped for client ([^\s]{1,120}?)\.?$/i },
  { test: /\bMember \S+ in group \S+ has failed, removing it\b/, client: /\bin group ([^\s]{1,120}) has failed/ },
];
/** Clients followed per broker log: the ones seen first are kept, the rest only counted away. */
const MAX_CLIENTS = 50;
/** Clients returned: the earliest first. */
const MAX_OUT = 10;

/** The client a broker's line names as falling behind, or null (any other line, or a slow client with no name). */
export function slowClientOf(message: string): string | null {
  if (!MAYBE.test(message)) return null;
  const line = message.split('\n', 1)[0]!;
  for (const f of FORMS) {
    if (!f.test.test(line)) continue;
    const name = f.client.exec(line)?.[1];
    return name && /[A-Za-z]/.test(name) ? name : null;
  }
  return null;
}

/** Slow-consumer lines gathered as the scan goes (files in any order), per broker log and client. */
export class SlowConsumerLog {
  private readonly seen = new Map<string, { client: string; service: string | null; first: number; last: number; count: number; example: string }>();

  add(time: number, service: string | null, message: string): void {
    const client = slowClientOf(message);
    if (!client) return;
    const key = `${service ?? ''}\u0000${client}`;
    const s = this.seen.get(key);
    if (s) {
      s.count++;
      if (time < s.first) [s.first, s.example] = [time, lineOf(message)];
      s.last = Math.max(s.last, time);
    } else if (this.seen.size < MAX_CLIENTS) this.seen.set(key, { client, service, first: time, last: time, count: 1, example: lineOf(message) });
  }

  result(): SlowConsumer[] {
    return [...this.seen.values()]
      .sort((a, b) => a.first - b.first || a.client.localeCompare(b.client))
      .slice(0, MAX_OUT)
      .map((s) => ({ client: s.client, service: s.service, first: new Date(s.first).toISOString(), last: new Date(s.last).toISOString(), count: s.count, example: s.example }));
  }
}

const lineOf = (message: string) => redact(message.split('\n', 1)[0]!.slice(0, 240));
