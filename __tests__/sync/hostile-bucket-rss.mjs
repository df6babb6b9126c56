/**
 * Preloaded into a step's node process (`NODE_OPTIONS=--import=<this file>`): on exit it writes the
 * process's peak resident memory (KiB) to `$HOSTILE_BUCKET_RSS_DIR/<pid>`, so a test can hold a
 * step's memory to a stated bound without sampling or timing anything.
 *
 * The figure is VmHWM from /proc/self/status: the high-water mark of this process image alone.
 * getrusage's maxRSS is not used where VmHWM exists, because Linux carries the peak of the process
 * that forked (here the jest worker, which may hold a few hundred MiB of test data) across the exec.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function peakKiB() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // Not Linux: getrusage below.
  }
  return process.resourceUsage().maxRSS;
}

const dir = process.env.HOSTILE_BUCKET_RSS_DIR;
if (dir) {
  process.on('exit', () => {
    try {
      writeFileSync(join(dir, String(process.pid)), String(peakKiB()));
    } catch {
      // A measurement that cannot be written must not change the step's exit.
    }
  });
}
