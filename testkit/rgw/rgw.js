/**
 * A throwaway Ceph RADOS Gateway on loopback: a real S3 implementation (Ceph 16.2 "Pacific" from
 * Debian), for the tests that must not agree with us by construction (see docs/testing-servers.md).
 *
 * One temp directory holds everything: ceph.conf, the monitor's store, the OSD (memstore: objects
 * live in the OSD's memory, nothing is written but logs), logs, admin sockets, and `rgw.json` (pids,
 * endpoint, keys, the owning process). The cluster is one ceph-mon, one ceph-osd, no mgr, `auth
 * none`, pools of size 1 with 8 PGs, and radosgw (beast) on 127.0.0.1; a user with random keys is
 * created through radosgw-admin.
 *
 * Why these settings:
 * - Pacific has no dbstore backend, so RGW needs RADOS: mon + osd are the least that works.
 * - memstore over bluestore: no block file to size, no allocator, a few MB of RSS when empty.
 * - `ms mon client mode = crc secure`: with auth none, radosgw still asks the monitor for a secure
 *   session and, refused, retries for 300 s before "failed to fetch mon config". crc first fixes it.
 * - RGW's gc, lifecycle, quota and resharding threads are off: nothing in a test run needs them and
 *   the machine has two cores shared with jest.
 *
 * Plain JavaScript so that jest's global set-up can load it without a transform, and usable as a
 * command:  node testkit/rgw/rgw.js start | stop <dir> | sweep   (see usage() below).
 */
import { spawn, execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { accessSync, closeSync, constants, openSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { basename, delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every binary the start needs (Debian: radosgw, ceph-mon, ceph-osd, ceph-common). */
export const RGW_BINARIES = ['radosgw', 'radosgw-admin', 'ceph-mon', 'ceph-osd', 'monmaptool', 'ceph'];
/** Temp directories of started gateways are named like this (the sweep looks for them). */
const DIR_PREFIX = 'compile-cache-rgw-';
const STATE_FILE = 'rgw.json';

/** Where a command is on PATH, or undefined. */
export function onPath(command, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The binaries of RGW_BINARIES that are not on PATH (empty when a start can be tried). */
export function missingBinaries() {
  return RGW_BINARIES.filter(b => !onPath(b));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function run(command, args, timeoutMs) {
  return new Promise(resolve => {
    execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      resolve({ ok: !err, code: err ? (err.code ?? err.signal) : 0, stdout, stderr });
    });
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * True when pid is one of our daemons of this directory: its command line names the directory's
 * ceph.conf. A pid file outliving its process may name a reused pid; that process is left alone.
 */
function ourDaemon(pid, directory) {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes(join(directory, 'ceph.conf'));
  } catch {
    return false;
  }
}

/** The tail of a daemon's log files, for a failure message. */
function logTail(directory, name, lines = 15) {
  const parts = [];
  for (const file of [`${name}.out`, `${name}.log`]) {
    try {
      const text = readFileSync(join(directory, 'log', file), 'utf8')
        .trimEnd()
        .split('\n');
      parts.push(
        `--- ${join(directory, 'log', file)} (last ${lines} lines)\n${text.slice(-lines).join('\n')}`
      );
    } catch {
      // not written
    }
  }
  return parts.join('\n');
}

function cephConf(d, fsid, monPort, rgwPort) {
  return `[global]
fsid = ${fsid}
mon host = v2:127.0.0.1:${monPort}
public addr = 127.0.0.1
ms bind msgr1 = false
auth cluster required = none
auth service required = none
auth client required = none
keyring = /dev/null
run dir = ${d}/run
log file = ${d}/log/$name.log
log to stderr = false
mon data = ${d}/mon
mon data avail crit = 1
mon data avail warn = 2
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
# Each pool radosgw creates is an OSD map epoch, and the monitor batches changes for 1 s by default:
# 0.1 s brings the gateway's first start from ~9 s to ~2 s.
paxos propose interval = 0.1
osd data = ${d}/osd
osd objectstore = memstore
# A cap, not an allocation: memstore holds what is written (the tests write a few MB).
memstore device bytes = 2147483648
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0

# Admin sockets for the daemons only: concurrent ceph commands (client.admin) would fight over one.
[mon]
admin socket = ${d}/run/$name.asok
[osd]
admin socket = ${d}/run/$name.asok

[client]
# auth none, yet radosgw asks for a secure session unless crc is offered first (see the file comment).
ms mon client mode = crc secure

[client.rgw.test]
admin socket = ${d}/run/$name.asok
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${d}/rgw
rgw thread pool size = 64
rgw enable gc threads = false
rgw enable lc threads = false
rgw enable quota threads = false
rgw dynamic resharding = false
`;
}

/**
 * Starts the cluster and the gateway; resolves once a signed S3 request can succeed.
 * @param {{ timeoutMs?: number, detached?: boolean, log?: (line: string) => void }} [options]
 *   timeoutMs bounds each of the two attempts (default 60 s, or COMPILE_CACHE_RGW_START_TIMEOUT_MS);
 *   detached leaves the daemons running after this process exits (the `start` command).
 */
export async function startRgw(options = {}) {
  const missing = missingBinaries();
  if (missing.length > 0) {
    throw new Error(
      `cannot start RGW: ${missing.join(', ')} not on PATH ` +
        '(Debian: apt-get install --no-install-recommends radosgw ceph-mon ceph-osd ceph-common)'
    );
  }
  const timeoutMs = options.timeoutMs ?? Number(process.env.COMPILE_CACHE_RGW_START_TIMEOUT_MS || 60_000);
  const log = options.log ?? (() => {});
  await sweepStaleRgw(log);
  // A second attempt in a fresh directory, on fresh ports: the ports are picked free and then
  // released, so another process may take one in between. Two attempts bound the start at twice
  // the timeout.
  try {
    return await startOnce(options, timeoutMs, log);
  } catch (first) {
    log(`${first.message}\ntrying once more`);
    try {
      return await startOnce(options, timeoutMs, log);
    } catch (second) {
      second.message = `${second.message}\n(the first attempt failed too: ${first.message.split('\n')[0]})`;
      throw second;
    }
  }
}

async function startOnce(options, timeoutMs, log) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());

  const directory = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  const conf = join(directory, 'ceph.conf');
  for (const sub of ['mon', 'osd', 'run', 'log', 'rgw']) await mkdir(join(directory, sub));
  const [monPort, rgwPort] = [await freePort(), await freePort()];
  const fsid = randomUUID();
  const credentials = {
    accessKeyId: `RGW${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(20).toString('hex')
  };
  const endpoint = `http://127.0.0.1:${rgwPort}`;
  const state = {
    owner: options.detached ? null : process.pid,
    directory,
    endpoint,
    credentials,
    pids: {},
    started: new Date(started).toISOString()
  };
  const saveState = () => writeFile(join(directory, STATE_FILE), JSON.stringify(state, null, 2) + '\n');
  await writeFile(conf, cephConf(directory, fsid, monPort, rgwPort));
  await saveState();

  const children = [];
  /** A daemon in the foreground (-f), its stdout/stderr into log/<name>.out. */
  const daemon = async (name, command, args) => {
    const out = openSync(join(directory, 'log', `${name}.out`), 'a');
    const child = spawn(command, ['-f', '-c', conf, ...args], {
      stdio: ['ignore', out, out],
      detached: Boolean(options.detached)
    });
    closeSync(out);
    child.unref();
    child.exitInfo = null;
    child.on('exit', (code, signal) => (child.exitInfo = signal ?? `code ${code}`));
    child.on('error', err => (child.exitInfo = err.message));
    children.push({ name, child });
    state.pids[name] = child.pid;
    await saveState();
    return child;
  };
  const ceph = (args, ms = 15_000) =>
    run(
      'ceph',
      ['-c', conf, '--connect-timeout', String(Math.ceil(Math.min(ms, left()) / 1000)), ...args],
      Math.min(ms, left())
    );
  const fail = async (what, name, detail = '') => {
    const message =
      `RGW did not start: ${what} (after ${((Date.now() - started) / 1000).toFixed(1)} s)` +
      (detail ? `\n${detail.trim()}` : '') +
      (name ? `\n${logTail(directory, name)}` : '');
    await stopRgwDirectory(directory);
    return new Error(message);
  };
  /** Polls until check() is truthy; fails when the daemon died or the deadline passed. */
  const waitFor = async (what, name, child, check) => {
    for (;;) {
      const value = await check();
      if (value) return value;
      if (child?.exitInfo)
        throw await fail(`${name} exited (${child.exitInfo}) while waiting for ${what}`, name);
      if (Date.now() >= deadline)
        throw await fail(`timed out after ${timeoutMs} ms waiting for ${what}`, name);
      await sleep(250);
    }
  };
  // Whatever happens to this process, the non-detached daemons go with it (a crash that skips even
  // this is handled by the sweep of the next start: see sweepStaleRgw).
  const onExit = () => {
    for (const { child } of children) if (!child.exitInfo) child.kill('SIGKILL');
  };
  if (!options.detached) process.on('exit', onExit);

  try {
    // 1. The monitor.
    const monmap = join(directory, 'monmap');
    let r = await run(
      'monmaptool',
      ['--create', '--fsid', fsid, '--addv', 'a', `[v2:127.0.0.1:${monPort}]`, monmap],
      left()
    );
    if (!r.ok) throw await fail('monmaptool failed', null, r.stderr);
    r = await run('ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', monmap], left());
    if (!r.ok) throw await fail('ceph-mon --mkfs failed', 'mon.a', r.stderr);
    const mon = await daemon('mon.a', 'ceph-mon', ['-i', 'a']);
    log(`ceph-mon started (pid ${mon.pid}, port ${monPort})`);

    // 2. One OSD on memstore: registered with the monitor, made, started, then up in the OSD map.
    const osdUuid = randomUUID();
    const osdNew = await waitFor('the monitor to register an OSD', 'mon.a', mon, async () => {
      const out = await ceph(['osd', 'new', osdUuid], 10_000);
      return out.ok ? out : null;
    });
    const osdId = osdNew.stdout.trim();
    r = await run('ceph-osd', ['-c', conf, '--mkfs', '-i', osdId, '--osd-uuid', osdUuid], left());
    if (!r.ok) throw await fail('ceph-osd --mkfs failed', `osd.${osdId}`, r.stderr);
    const osd = await daemon(`osd.${osdId}`, 'ceph-osd', ['-i', osdId]);
    await waitFor('the OSD to be up', `osd.${osdId}`, osd, async () => {
      const out = await ceph(['osd', 'stat', '-f', 'json'], 10_000);
      if (!out.ok) return false;
      try {
        return JSON.parse(out.stdout).num_up_osds >= 1;
      } catch {
        return false;
      }
    });
    log(`ceph-osd up after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // 3. The gateway.
    const rgw = await daemon('client.rgw.test', 'radosgw', ['-n', 'client.rgw.test']);
    await waitFor(`radosgw to answer on ${endpoint}`, 'client.rgw.test', rgw, async () => {
      try {
        const res = await globalThis.fetch(endpoint, { signal: globalThis.AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        return true;
      } catch {
        return false;
      }
    });
    // 4. A user with our keys.
    r = await run(
      'radosgw-admin',
      [
        '-c',
        conf,
        'user',
        'create',
        '--uid',
        'compile-cache-test',
        '--display-name',
        'compile-cache tests',
        '--access-key',
        credentials.accessKeyId,
        '--secret-key',
        credentials.secretAccessKey
      ],
      left()
    );
    if (!r.ok) throw await fail('radosgw-admin user create failed', 'client.rgw.test', r.stderr);
  } catch (err) {
    if (!options.detached) process.off('exit', onExit);
    throw err;
  }
  const startMs = Date.now() - started;
  state.startMs = startMs;
  await saveState();
  log(`RGW up on ${endpoint} in ${(startMs / 1000).toFixed(1)} s (state in ${directory})`);
  return {
    endpoint,
    credentials,
    directory,
    pids: { ...state.pids },
    startMs,
    /** Resident memory of the daemons, in bytes (from /proc), by daemon name. */
    memory: () => daemonMemory(state.pids),
    async stop() {
      if (!options.detached) process.off('exit', onExit);
      await stopRgwDirectory(directory);
    }
  };
}

/** RSS of each pid (bytes), read from /proc/<pid>/status. */
export function daemonMemory(pids) {
  const out = {};
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) out[name] = Number(m[1]) * 1024;
    } catch {
      // exited
    }
  }
  return out;
}

/**
 * Stops the daemons of a gateway directory (those whose command line names its ceph.conf: a reused
 * pid is never killed) and removes the directory. SIGKILL: the state is thrown away, and a clean
 * memstore shutdown would first write every object to disk.
 */
export async function stopRgwDirectory(directory) {
  // Only ever a directory this module made: the command line takes a path.
  if (!basename(directory).startsWith(DIR_PREFIX)) throw new Error(`not an RGW directory: ${directory}`);
  let state;
  try {
    state = JSON.parse(await readFile(join(directory, STATE_FILE), 'utf8'));
  } catch {
    state = { pids: {} };
  }
  const pids = Object.values(state.pids ?? {}).filter(pid => ourDaemon(pid, directory));
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  // Wait until they are gone (bounded), so nothing writes into the directory while it is removed.
  for (let i = 0; i < 100 && pids.some(pid => alive(pid) && ourDaemon(pid, directory)); i++) await sleep(50);
  await rm(directory, { recursive: true, force: true });
}

/**
 * Removes what a crashed run left behind: gateway directories under the temp dir whose owner
 * process is gone (directories started with `start` have no owner and stay until `stop`).
 */
export async function sweepStaleRgw(log = () => {}) {
  let names;
  try {
    names = readdirSync(tmpdir()).filter(n => n.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const directory = join(tmpdir(), name);
    let state;
    try {
      state = JSON.parse(readFileSync(join(directory, STATE_FILE), 'utf8'));
    } catch {
      continue; // being created right now by another process, or not ours
    }
    if (state.owner === null || alive(state.owner)) continue;
    log(`removing the RGW left behind by process ${state.owner}: ${directory}`);
    await stopRgwDirectory(directory);
  }
}

function usage() {
  return `usage: node testkit/rgw/rgw.js <command>
  start         start a gateway that outlives this command; prints shell variables:
                COMPILE_CACHE_TEST_RGW_ENDPOINT, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY, _DIR
                (jest uses a gateway given this way instead of starting its own)
  stop <dir>    stop the gateway of that directory and remove the directory
  sweep         stop and remove gateways whose owner process is gone
`;
}

async function main(argv) {
  const [command, arg] = argv;
  if (command === 'start') {
    const rgw = await startRgw({ detached: true, log: l => process.stderr.write(`${l}\n`) });
    const mem = Object.values(rgw.memory()).reduce((a, b) => a + b, 0);
    process.stderr.write(`daemons' RSS: ${(mem / 2 ** 20).toFixed(0)} MiB\n`);
    process.stdout.write(
      `export COMPILE_CACHE_TEST_RGW_ENDPOINT=${rgw.endpoint}\n` +
        `export COMPILE_CACHE_TEST_RGW_ACCESS_KEY_ID=${rgw.credentials.accessKeyId}\n` +
        `export COMPILE_CACHE_TEST_RGW_SECRET_ACCESS_KEY=${rgw.credentials.secretAccessKey}\n` +
        `export COMPILE_CACHE_TEST_RGW_DIR=${rgw.directory}\n`
    );
  } else if (command === 'stop' && arg) {
    await stopRgwDirectory(arg);
  } else if (command === 'sweep') {
    await sweepStaleRgw(l => process.stderr.write(`${l}\n`));
  } else {
    process.stderr.write(usage());
    process.exitCode = 2;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch(err => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  });
}
