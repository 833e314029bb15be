// Whose change a commit is: the release its tag names, or a folder of its files spelling the service. Rules that
// tie a mechanism to a service's own change (keep-alive races, pinned carriers) ask this one question the same way.
import { releaseNames } from '../core/release-tag.js';
import type { ChangeFinding } from './change-settings.js';

/** The change configures `service`: a folder of its files or the release its tag names is that service. */
export const configures = (c: ChangeFinding, service: string): boolean => {
  const want = serviceAlias(service);
  return (
    (c.change.ref !== null && releaseNames(c.change.ref, service)) ||
    c.paths.some((p) => {
      const dirs = p.toLowerCase().split('/').slice(0, -1);
      // A folder, or two nested ones spelling the deployment (`edge/nginx/` is the edge's nginx, `edge-nginx`).
      return dirs.some((d, i) => serviceAlias(d) === want || (i > 0 && serviceAlias(`${dirs[i - 1]}-${d}`) === want));
    })
  );
};

/** A name as a service's host name: an upstream block's `orders_api` and a host's `orders-api.shop` are `orders-api`. */
export const serviceAlias = (name: string) => name.toLowerCase().split('.')[0]!.replace(/_/g, '-');

/**
 * The latest of `service`'s own changes live by `before` whose diff shows `what` (virtual threads turned on, a blocking
 * call added), however long before: such a mechanism bites only once load finds it, so the one in force is the latest.
 */
export function latestOwnChange(changes: ChangeFinding[], service: string, before: number, what: (c: ChangeFinding) => boolean): ChangeFinding | undefined {
  return changes
    .filter((c) => what(c) && !c.inert && Date.parse(c.change.time) <= before && configures(c, service))
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
}
