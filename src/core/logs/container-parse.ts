// Line parsers for container logs: a runtime-wrapped line is parsed by the app's own format underneath (the
// runtime's time fills in when the app wrote none), and a Kubernetes file's lines name their pod and workload.
import { UNWRAP, type ContainerWrapper } from './container-logs.js';
import type { LineParser } from './parsed-head.js';
import { podIdentity } from './kubernetes.js';

/** The parser of a wrapped file: null (a continuation) exactly when the app's line continues its entry. */
export function wrappedParser(wrapper: ContainerWrapper, inner: LineParser): LineParser {
  const unwrap = UNWRAP[wrapper];
  const parse: LineParser = (line) => {
    const u = unwrap(line);
    if (!u) return inner(line);
    const head = u.text.length === 0 ? null : inner(u.text);
    if (head === null) return null;
    // A merged stream's prefix names the container that wrote the line: its service, whatever the line says.
    if (u.source !== undefined) head.service = u.source;
    if (u.fields !== undefined) head.fields = head.fields === undefined ? u.fields : { ...head.fields, ...u.fields };
    if (head.time === null && u.time !== null) return { ...head, time: u.time };
    return head;
  };
  // Continuation lines (stack frames) join their entry as the app wrote them, without the runtime's framing.
  parse.inner = (line) => unwrap(line)?.text ?? line;
  return parse;
}

/** Adds the pod, namespace and container of a Kubernetes log file to each entry; its workload is the service. */
export function withPodIdentity(parse: LineParser, file: string): LineParser {
  const id = podIdentity(file);
  if (!id) return parse;
  const k8s = { pod: id.pod, namespace: id.namespace, container: id.container };
  const out: LineParser = (line) => {
    const head = parse(line);
    return head && { ...head, service: id.service, fields: { ...head.fields, ...k8s } };
  };
  if (parse.inner) out.inner = parse.inner;
  return out;
}
