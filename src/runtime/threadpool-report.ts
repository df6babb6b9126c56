/** A debug line about libuv's thread pool (see threadpool.ts): the setting, and on Linux the threads. */
import { readdirSync, readFileSync } from 'node:fs';

/**
 * `UV_THREADPOOL_SIZE=16, 16 libuv worker threads`: the second half only on Linux, where the
 * threads can be counted by name (`libuv-worker`, Node 22+); 0 means no fs or zlib work ran yet.
 */
export function threadPoolReport(): string {
  const setting = `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '(unset)'}`;
  if (process.platform !== 'linux') return setting;
  try {
    const workers = readdirSync('/proc/self/task').filter(t => {
      try {
        return readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() === 'libuv-worker';
      } catch {
        return false;
      }
    }).length;
    return `${setting}, ${workers} libuv worker threads`;
  } catch {
    return setting;
  }
}
