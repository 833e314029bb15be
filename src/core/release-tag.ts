// What a release tag's name says about the component it releases (`auth-svc/v6.1.0`, `orders-svc-v2.14.0`,
// `@acme/cart@1.4.0`): read by the git server to narrow a release to a folder and by ranking to say whose release it is.

/**
 * A version after the prefix: numbers with dots, an optional `v`, one pre-release of dotted words and a build part
 * (`2.14.0`, `v2.14.0-rc.1`, `2026.03.17`, `1.0.0+b7`). A pre-release holds no `-`, so in `api-v2-gateway-1.4.0` the
 * version is `1.4.0` and the prefix `api-v2-gateway`, not `api` with a version `v2-gateway-1.4.0`.
 */
const VERSION = /^v?\d+(?:\.\d+)*(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?(?:\+[0-9A-Za-z.-]+)?$/;

/** A prefix that is itself the start of a version is none: `2026-01-05` and `v1.2.3-rc-1` name no component. */
const VERSION_START = /^v?\d+(?:[.-]|$)/;

export interface ReleasePrefix {
  /** The tag up to its version: `auth-svc`, `services/auth`, `orders-svc`, `@acme/cart`. */
  prefix: string;
  /**
   * `path`: written `<dir>/<version>`, so the prefix is a path in the tree; `name`: written `<name>-<version>` or
   * `<name>@<version>`, so it names a folder whose place the tree has to tell.
   */
  shape: 'path' | 'name';
  /** The folder name to look for: the prefix, or a scoped npm name's last part (`cart` of `@acme/cart`). */
  folder: string;
}

/**
 * The prefix a tag puts before its version, or null when it has none (`v1.2.3`, `2026-01-05`). Whether the prefix
 * is a component is for the repository to say (a folder of that name); the name alone cannot tell `release-2026-01`
 * from `orders-svc-v2`.
 */
export function releasePrefix(tag: string): ReleasePrefix | null {
  // `@` first: a scoped npm name carries a slash that is no folder path (`@acme/cart@1.4.0`).
  const at = tag.lastIndexOf('@');
  if (at > 0 && VERSION.test(tag.slice(at + 1))) {
    const prefix = tag.slice(0, at);
    const folder = prefix.slice(prefix.lastIndexOf('/') + 1);
    return folder.length > 0 && !VERSION_START.test(prefix) ? { prefix, shape: 'name', folder } : null;
  }
  const slash = tag.lastIndexOf('/');
  if (slash > 0) return { prefix: tag.slice(0, slash), shape: 'path', folder: tag.slice(0, slash) };
  if (slash === 0) return null;
  // The leftmost `-` whose remainder is a version: `svc-1.0.0-1` is svc's 1.0.0-1.
  for (let i = tag.indexOf('-'); i > 0; i = tag.indexOf('-', i + 1)) {
    if (!VERSION.test(tag.slice(i + 1))) continue;
    const prefix = tag.slice(0, i);
    return VERSION_START.test(prefix) ? null : { prefix, shape: 'name', folder: prefix };
  }
  return null;
}

/**
 * The tag names `service` as the component it releases: its folder (or that folder's last segment, `auth` of
 * `services/auth/v2`) is the service. Without the folder check the git server makes, a name is all there is to go by.
 */
export function releaseNames(tag: string, service: string): boolean {
  const p = releasePrefix(tag);
  if (!p) return false;
  const want = service.toLowerCase();
  const folder = p.folder.toLowerCase();
  return folder === want || folder.slice(folder.lastIndexOf('/') + 1) === want;
}
