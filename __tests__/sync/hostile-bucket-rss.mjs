/**
 * Preloaded into a step's node process (`NODE_OPTIONS=--import=<this file>`): on exit it writes the
 * process's peak resident memory (KiB, from getrusage) to `$HOSTILE_BUCKET_RSS_DIR/<pid>`, so a test
 * can hold a step's memory to a stated bound without sampling or timing anything.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.HOSTILE_BUCKET_RSS_DIR;
if (dir) {
  process.on('exit', () => {
    try {
      writeFileSync(join(dir, String(process.pid)), String(process.resourceUsage().maxRSS));
    } catch {
      // A measurement that cannot be written must not change the step's exit.
    }
  });
}
