// The `match` argument of list_metrics and get_anomalies turned into matchers: a selector or a name regex,
// where a malformed one is the caller's mistake (an isError result), not a server failure.
import { ToolInputError } from '../../../src/core/tool-kit.js';
import { matchArgument, QueryError, type Matcher } from '../promql/selector.js';

export function matchersFor(match: string | undefined): Matcher[] {
  try {
    return matchArgument(match);
  } catch (err) {
    if (err instanceof QueryError) throw new ToolInputError(err.message);
    throw err;
  }
}
