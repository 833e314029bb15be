// Ranking's part for request bodies refused as too large (nginx's "client intended to send too large body", a 413):
// the change that lowered a body-size limit is the cause, since whatever answers 413 does so before any app sees the body.
import type { ChangedSetting, Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { latestSetter, pushSetter, revertOf } from './setter-hypothesis.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { settingOwner, topDirectory, type ChangeFinding } from './change-settings.js';
import { signatureText } from './signature-words.js';

/** As strong as a failure naming its setting (named-setting.ts): the refusal says which kind of limit it crossed. */
const SCORE = 0.8;

/**
 * A body refused for its size, in the words the usual refusers log: nginx (`client intended to send too large body`),
 * HTTP's 413 reason phrases, Go's `http: request body too large`, body-parser's `request entity too large`.
 */
const TOO_LARGE = /too large body|request entity too large|payload too large|(?:request )?body (?:is )?too large|body (?:size )?exceeds?(?:ed)? (?:the )?(?:max|limit)/i;
/** A setting that caps a request body's size: `proxy-body-size`, `client_max_body_size`, `maxRequestBodySize`, `max-upload-size`. */
const BODY_KEY = /body|payload|upload|request[_.-]?size|content[_.-]?length/i;
const SIZE_KEY = /size|max|limit|length/i;

/** Bytes of a size as configs write it (`25m`, `1M`, `512k`, `10MB`, `1048576`); null when it is none. */
export function sizeBytes(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(value.trim());
  if (!m) return null;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

/** The change lowered a limit on request bodies: its key names a body size and its new value is below the old. */
export function lowersBodyLimit(s: ChangedSetting): boolean {
  if (!BODY_KEY.test(s.key) || !SIZE_KEY.test(s.key)) return false;
  const from = sizeBytes(s.from);
  const to = sizeBytes(s.to);
  // 0 often means "no limit" (nginx's client_max_body_size 0): setting it is no cut.
  return from !== null && to !== null && to > 0 && (from === 0 || to < from);
}

/** Sizes of refused bodies the failing entries quote (`too large body: 3185395 bytes`). */
function refusedSizes(text: string): number[] {
  return [...text.matchAll(/(\d{3,})\s*bytes/gi)].map((m) => Number(m[1]));
}

/**
 * Bodies refused as too large, new at the onset, after a change lowered a body-size limit: that change, over releases
 * of the service behind it whose words (upload, body) the refusals share. When the entries quote the refused sizes,
 * they must exceed the new limit and fit the old one, or the cut does not explain them.
 */
export function rankBodyLimit(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const refusals = ctx.related.filter((r) => r.post > 0 && (r.isNew || r.post > 3 * Math.max(1, r.pre)) && TOO_LARGE.test(signatureText(r.sig)));
  if (refusals.length === 0) return;
  const sizes = refusals.flatMap((r) => refusedSizes(r.sig.example));
  const setter = latestSetter(changes, ctx.onset, (c) => c.settings.find((s) => lowersBodyLimit(s) && explains(s, sizes)));
  if (!setter) return;
  const { c, s } = setter;
  const owner = (s.path ? settingOwner(s.path, ctx.services) : null) ?? known(topDirectory(c.paths), ctx) ?? ctx.affectedService;
  const ref = c.change.ref ? ` (${c.change.ref})` : '';
  const gap = minutes(Math.max(0, ctx.onset - Date.parse(c.change.time)));
  const quoted = sizes.length ? `; the refused bodies (${Math.min(...sizes)} to ${Math.max(...sizes)} bytes) are above ${s.to}` : '';
  pushSetter(hypotheses, c, {
    summary:
      `${owner ?? 'the proxy'} refuses request bodies as too large since commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref} cut ${s.key} from ${s.from} to ${s.to}` +
      `${s.path ? ` in ${s.path}` : ''} ${gap} before the refusals began${quoted}: what answers 413 does so before the service behind it sees the body`,
    service: owner,
    score: SCORE,
    base,
    recommendations: [
      `Set ${s.key} back to ${s.from} (${revertOf(c)}) and confirm the 413s stop`,
      `Size ${s.key} against the largest bodies clients legitimately send (or raise it only on the routes that take uploads) before tightening it again`,
    ],
  });
}

/** Refused sizes, when quoted, are all above the new limit and some within the old one (a 0 old limit means none). */
function explains(s: ChangedSetting, sizes: number[]): boolean {
  if (sizes.length === 0) return true;
  const to = sizeBytes(s.to)!;
  const from = sizeBytes(s.from)!;
  return sizes.every((n) => n > to) && sizes.some((n) => from === 0 || n <= from);
}

const known = (name: string | null, ctx: AnalysisContext): string | null => (name && ctx.services.has(name) ? name : null);
