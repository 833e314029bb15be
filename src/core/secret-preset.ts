// Runs secretlint's recommended rule preset (the maintained rule set, from npm) synchronously over a text and
// returns where each secret VALUE is: the preset reports whole matches, we narrow them to the token itself.
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';

export interface SecretSpan {
  start: number;
  end: number;
  /** A multi-line secret (a PEM body): redacted line by line so line structure survives. */
  multiline?: boolean;
  /** The extent is exact (a quoted value): not cut at quotes or escapes inside it. */
  exact?: boolean;
}

interface Report {
  range: readonly [number, number];
  message: { id: string; props: Record<string, unknown> };
}

interface FileHandler {
  file?: (source: { content: string; filePath: string; ext: string; contentType: 'text' }) => unknown;
}

interface PresetRule {
  meta: { id: string };
  create(context: unknown, options: Record<string, unknown>): FileHandler;
}

// Rules that need a real file (GCP .p12/.json key files) or are directives, not detectors.
const SKIPPED_RULES = new Set(['@secretlint/secretlint-rule-gcp', '@secretlint/secretlint-rule-filter-comments']);
// An AWS account id is an identifier that incidents quote (ARNs, billing), not a credential.
const SKIPPED_MESSAGES = new Set(['AWSAccountID']);
const RULE_OPTIONS: Record<string, Record<string, unknown>> = {
  // The access key id scan is off by default in secretlint (too noisy for source trees); in logs it is what leaks.
  '@secretlint/secretlint-rule-aws': { enableIDScanRule: true },
};

// A literal each rule's patterns require (as gitleaks' `keywords`): a rule runs only on text that has it, which
// keeps redaction of ordinary log lines cheap. A rule missing here (a newer preset) always runs.
const P = '@secretlint/secretlint-rule-';
const KEYWORDS: Record<string, RegExp> = {
  [`${P}aws`]: /A3T|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA|secret_?access_?key/i,
  [`${P}privatekey`]: /PRIVATE KEY/,
  [`${P}npm`]: /npm_|_authToken|x-oauth-basic/,
  [`${P}basicauth`]: /:\/\/[^\s]*@/,
  [`${P}slack`]: /xox|xapp|hooks\.slack\.com/i,
  [`${P}sendgrid`]: /SG\./,
  [`${P}shopify`]: /shp(?:pa|ca|at|ss)_/,
  [`${P}stripe`]: /[sr]k_(?:live|test)_/,
  [`${P}github`]: /gh[pousr]_|github_pat_/,
  [`${P}gitlab`]: /glpat-/,
  [`${P}grafana`]: /gl(?:c|sa)_/,
  [`${P}openai`]: /sk-/,
  [`${P}anthropic`]: /sk-ant-/,
  [`${P}groq`]: /gsk_/,
  [`${P}huggingface`]: /hf_/,
  [`${P}linear`]: /lin_api_/,
  [`${P}notion`]: /ntn_/,
  [`${P}1password`]: /ops_/,
  [`${P}database-connection-string`]: /mongodb|mysql|postgres/i,
  [`${P}hashicorp-vault`]: /hv[sbr]\./,
  [`${P}vercel`]: /v(?:cp|ci|ca|cr|ck)_/,
  [`${P}databricks`]: /dapi/,
  [`${P}docker`]: /dckr_pat_/,
  [`${P}figma`]: /figd_/,
  [`${P}cloudflare`]: /cf(?:k|ut|at)_/,
  [`${P}tailscale`]: /tskey-/,
};
const ALWAYS = /(?:)/;

let sink: Report[] = [];
const handlers: Array<{ keyword: RegExp; handler: FileHandler }> = (presetRules as unknown as PresetRule[])
  .filter((r) => !SKIPPED_RULES.has(r.meta.id))
  .map((rule) => ({ keyword: KEYWORDS[rule.meta.id] ?? ALWAYS, handler: rule.create(
      {
        // Messages become {id, props}: props carry the matched token, which is what we redact.
        createTranslator: () => (id: string, props: Record<string, unknown>) => ({ id, props }),
        report: (r: Report) => sink.push(r),
        ignore: () => undefined,
      },
      RULE_OPTIONS[rule.meta.id] ?? {},
    ),
  }));

/** Ids of the preset's rules that run on every text (no keyword known): a test lists them. */
export const presetRulesWithoutKeyword = (presetRules as unknown as PresetRule[])
  .map((r) => r.meta.id)
  .filter((id) => !SKIPPED_RULES.has(id) && !KEYWORDS[id]);

// `jdbc:mysql://user:pw@host`: a scheme may itself be prefixed (jdbc:).
const USERINFO = /^(?:[a-z][a-z0-9+.-]*:)+\/\/[^\s:@/]*:([^\s@/]+)@/i;

/** Where the preset's rules find secrets in `text`, narrowed to the secret values. */
export function presetSecretSpans(text: string): SecretSpan[] {
  sink = [];
  for (const { keyword, handler } of handlers) {
    if (keyword.test(text)) handler.file?.({ content: text, filePath: 'input.txt', ext: '.txt', contentType: 'text' });
  }
  const found = sink;
  sink = [];
  const out: SecretSpan[] = [];
  for (const r of found) {
    if (SKIPPED_MESSAGES.has(r.message?.id)) continue;
    const span = narrow(text, r);
    if (span) out.push(span);
  }
  return out;
}

function narrow(text: string, r: Report): SecretSpan | null {
  let [start, end] = r.range;
  // Some rules report the whole `KEY=value` match, or a range that starts at the key and has the value's length:
  // the token in the message props is what was found, so locate it from the start of the match.
  const token = Object.values(r.message?.props ?? {})
    .filter((v): v is string => typeof v === 'string' && v.length >= 8)
    .sort((a, b) => b.length - a.length)[0];
  if (token) {
    const at = text.indexOf(token, start);
    if (at >= 0 && at <= end) [start, end] = [at, at + token.length];
  }
  if (/private.?key/i.test(r.message?.id ?? '') || /^-----BEGIN/.test(text.slice(start, start + 10))) return { start, end, multiline: true };
  // Connection strings and basic-auth URLs: only the password, so the user, host and database stay as evidence.
  const url = USERINFO.exec(text.slice(start, end));
  if (url) {
    const pw = url.index + url[0].length - 1 - url[1]!.length;
    return { start: start + pw, end: start + pw + url[1]!.length };
  }
  return { start, end };
}
