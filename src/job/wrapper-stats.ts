/** The wrapper's counters (src/compiler/stats.ts) as the job summary shows them. */
import type { WrapperStats } from '../compiler/stats.js';

/** The counters, or undefined when no compiler went through the wrapper in this job. */
export function wrapperFigures(stats: WrapperStats): WrapperStats | undefined {
  return stats.calls + stats.errors > 0 ? stats : undefined;
}
