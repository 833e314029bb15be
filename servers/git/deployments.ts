// Reads tags as deployments: the tag list with dates (annotated tag date, else the commit date),
// pure parsing of for-each-ref output, and ordering so each release can be diffed against the previous one.
import { toUtcIso } from './parse-log.js';

const RS = '\u001e';
const US = '\u001f';

/** for-each-ref format: one record per tag; %1f/%1e are git's hex escapes for our separators. */
export const TAG_FORMAT =
  '--format=%(refname:strip=2)%1f%(objecttype)%1f%(objectname)%1f%(*objecttype)%1f%(*objectname)' +
  '%1f%(taggerdate:iso-strict)%1f%(committerdate:iso-strict)%1f%(*committerdate:iso-strict)%1f%(contents)%1e';

export interface TagRecord {
  tag: string;
  /** The commit the tag points at, or null when it is a tag of a tag (resolved separately) or of a tree/blob. */
  sha: string | null;
  time: string;
  annotation: string | null;
  /** The tag object points at something other than a commit directly (a tag chain, tree or blob). */
  needsPeel: boolean;
}

/** Parses `git for-each-ref refs/tags TAG_FORMAT` output; tags of trees and blobs are dropped. */
export function parseTags(output: string): TagRecord[] {
  const tags: TagRecord[] = [];
  for (const raw of output.split(RS)) {
    const record = raw.replace(/^\n+/, '');
    if (record.length === 0) continue;
    const f = record.split(US);
    if (f.length < 9) continue;
    const [tag, type, objectname, peeledType, peeledName, taggerDate, committerDate, peeledCommitterDate] = f as string[];
    const contents = f.slice(8).join(US);
    if (type === 'commit') {
      tags.push({ tag: tag!, sha: objectname!, time: toUtcIso(committerDate!), annotation: null, needsPeel: false });
    } else if (type === 'tag') {
      const annotation = stripSignature(contents).trim() || null;
      const time = taggerDate ? toUtcIso(taggerDate) : peeledCommitterDate ? toUtcIso(peeledCommitterDate) : '';
      if (peeledType === 'commit') {
        tags.push({ tag: tag!, sha: peeledName!, time, annotation, needsPeel: false });
      } else if (peeledType === 'tag') {
        tags.push({ tag: tag!, sha: null, time, annotation, needsPeel: true });
      }
    }
  }
  return tags;
}

function stripSignature(text: string): string {
  const i = text.indexOf('-----BEGIN PGP SIGNATURE-----');
  const j = text.indexOf('-----BEGIN SSH SIGNATURE-----');
  const cut = [i, j].filter((n) => n >= 0).sort((a, b) => a - b)[0];
  return cut === undefined ? text : text.slice(0, cut);
}

/** Newest first by deploy time; ties (same second) broken by name so the order is stable. */
export function sortNewestFirst<T extends { tag: string; time: string }>(tags: T[]): T[] {
  return [...tags].sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || compareVersionish(b.tag, a.tag));
}

/** Orders v2.10.0 after v2.9.0 (numeric runs compared as numbers). */
export function compareVersionish(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
