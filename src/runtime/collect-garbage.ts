/**
 * A full garbage collection on request, for the compile server's idle moments. The warm-up
 * (rehearsals, hashing the manifests' headers) leaves garbage that V8 otherwise collects during the
 * first build: ~40 ms of collector pauses in the compile threads of a fresh server's first fmt build
 * (a CPU profile; none in the second). Collecting it at the end of the warm-up, while the job runs
 * its other steps, keeps those pauses off the build.
 *
 * Node exposes `gc` only with --expose-gc. The flag is set at run time (V8 flags are per process,
 * so the compile threads see it too) and `gc` taken from a fresh context, as jest's leak detector
 * does. Where that fails, nothing is collected early: only a pause moves back into the build.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

/** Runs a full collection now; false where the runtime does not allow it. */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const found: unknown = vm.runInNewContext('gc');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      gc = null;
    }
  }
  if (gc === null) return false;
  gc();
  return true;
}
