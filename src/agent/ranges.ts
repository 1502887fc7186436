// The targets an agent may scan (pure): every target must lie wholly inside its site's ranges
// before a probe is sent. The server checks the pushed hosts and targets again with the same
// scope rule (`src/sites/scope.ts`); this check only spares the site a scan it would refuse.
import type { Target } from '../netaudit/index.js';
import { firstOutOfScope } from '../sites/index.js';

/** The first target not wholly inside the site's ranges (CIDR texts), and why; undefined when all are. */
export function targetOutside(
  targets: readonly Target[],
  ranges: readonly string[],
): { target: Target; why: string } | undefined {
  for (const t of targets) {
    if (t.kind === 'name')
      return { target: t, why: 'a host name; give the addresses, so they can be checked' };
    if (firstOutOfScope(ranges, [], [t.spec]) !== undefined)
      return { target: t, why: `outside the site's ranges (${ranges.join(', ')})` };
  }
  return undefined;
}
