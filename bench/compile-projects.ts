/**
 * The projects bench/compile.ts builds, from Debian's source packages (fetched with `apt-get source
 * --download-only` through a private deb-src list and private apt state under bench/work; the
 * machine's apt configuration is left alone):
 *
 * - `lua`: Lua 5.4 (the upstream tarball of the lua5.4 source package), C, `make -j2 linux` in the
 *   source tree (upstream's Makefile: Debian's patches switch the build to libtool).
 * - `fmt`: {fmt} 9 (the fmtlib source package with Debian's patches applied, which build the tests
 *   against the system googletest sources in /usr/src/googletest), C++, CMake + Ninja, Debug
 *   (`-g`), FMT_PEDANTIC on as Debian builds it, `ninja -j2` of the library and two of its test programs
 *   (FMT_TARGETS: the rest of the test suite is left out to keep a cold build to a few minutes on 2
 *   shared cores). The tests' support sources are compiled three times each, two of those times
 *   with the same flags except -o/-MT/-MF (the header-only tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function sh(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}
): string {
  return execFileSync(cmd, args, {
    ...opts,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20
  });
}

/** `apt-get install -y --no-install-recommends <pkgs>` for the commands or files that are missing. */
export function ensurePackages(wanted: Array<{ pkg: string; present: () => boolean }>): void {
  const missing = wanted.filter(w => !w.present()).map(w => w.pkg);
  if (missing.length === 0) return;
  let r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    encoding: 'utf8'
  });
  if (r.status !== 0) {
    // A machine whose package lists were never fetched finds nothing: once, then again.
    spawnSync('apt-get', ['update'], { encoding: 'utf8' });
    r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { encoding: 'utf8' });
  }
  if (r.status !== 0)
    throw new Error(`apt-get install -y ${missing.join(' ')} failed: ${r.stderr.slice(-1000)}`);
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Downloads a Debian source package (.dsc, .orig, .debian) into `dest` (cached there). */
function fetchSource(work: string, pkg: string, dest: string): void {
  if (existsSync(dest) && readdirSync(dest).some(n => n.startsWith(`${pkg}_`) && n.endsWith('.dsc'))) return;
  const apt = path.join(work, 'apt');
  mkdirSync(path.join(apt, 'lists', 'partial'), { recursive: true });
  mkdirSync(path.join(apt, 'cache', 'archives', 'partial'), { recursive: true });
  mkdirSync(dest, { recursive: true });
  const list = path.join(apt, 'sources.list');
  const suite = /VERSION_CODENAME=(\w+)/.exec(sh('cat', ['/etc/os-release']))?.[1] ?? 'bookworm';
  writeFileSync(list, `deb-src http://deb.debian.org/debian ${suite} main\n`);
  // A private list and state: the machine's apt configuration is left alone.
  const o = [
    '-o',
    `Dir::Etc::SourceList=${list}`,
    '-o',
    `Dir::Etc::SourceParts=${path.join(apt, 'none')}`,
    '-o',
    `Dir::State::Lists=${path.join(apt, 'lists')}`,
    '-o',
    `Dir::Cache=${path.join(apt, 'cache')}`,
    '-o',
    'APT::Sandbox::User=root'
  ];
  try {
    if (!existsSync(path.join(apt, 'updated'))) {
      sh('apt-get', [...o, 'update']);
      writeFileSync(path.join(apt, 'updated'), '');
    }
    sh('apt-get', [...o, 'source', '--download-only', pkg], { cwd: dest });
  } catch (err) {
    throw new Error(`cannot fetch ${pkg} from Debian's source packages: ${(err as Error).message}`, {
      cause: err
    });
  }
}

/** One build of a project, timed by bench/compile.ts: `clean` then `build` in `dir`. */
export interface BuildCommand {
  cmd: string;
  args: string[];
}

export interface Project {
  id: 'lua' | 'fmt';
  /** What it is, for the report. */
  title: string;
  language: 'C' | 'C++';
  /** The timed command, for the report. */
  commandText: string;
  cmake: boolean;
  /** Where the build runs (the same path for every configuration, so debug info is the same). */
  buildDir: string;
  /**
   * Makes the build directory for one configuration (CMake: configured with that PATH and
   * launcher, kept aside under its name and moved to `buildDir` for each build).
   */
  prepare(config: string, env: NodeJS.ProcessEnv, launcher?: string): void;
  /** Moves the configuration's build directory into place (CMake); a no-op for an in-tree build. */
  use(config: string): void;
  /**
   * What a CI job's checkout (and its configure step) brings, at the paths the build uses: absent
   * when the action's pre step starts the compile server (the bench's "server before the tree" row).
   */
  checkout(): string[];
  clean: BuildCommand;
  build: BuildCommand;
  /** The object files a build writes, relative to buildDir. */
  objects(): string[];
  /** A compile that hits in a warm cache, for the one-hit timing: argv after the compiler, and cwd. */
  sampleCompile(): { compiler: string; args: string[]; cwd: string; label: string };
  /** Whether the built program works (a smoke test). */
  smoke(): boolean;
}

function walkObjects(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel === '' ? d.name : `${rel}/${d.name}`;
    if (d.isDirectory()) out.push(...walkObjects(root, r));
    else if (d.isFile() && (d.name.endsWith('.o') || d.name.endsWith('.obj'))) out.push(r);
  }
  return out.sort();
}

export function luaProject(work: string): Project {
  const srcRoot = path.join(work, 'src');
  const find = () => (existsSync(srcRoot) ? readdirSync(srcRoot).find(n => /^lua-\d/.test(n)) : undefined);
  let dir = find();
  if (dir === undefined) {
    fetchSource(work, 'lua5.4', srcRoot);
    const orig = readdirSync(srcRoot).find(n => /^lua5\.4_.*\.orig\.tar\.gz$/.test(n));
    if (orig === undefined) throw new Error(`no lua5.4 .orig.tar.gz in ${srcRoot}`);
    // The upstream tarball (Debian's patches switch the build to libtool; upstream's Makefile is plainer).
    sh('tar', ['xzf', orig], { cwd: srcRoot });
    dir = find();
    if (dir === undefined) throw new Error(`${orig} did not unpack to lua-<version>`);
  }
  const lua = path.join(srcRoot, dir);
  const cc = ['-std=gnu99', '-O2', '-Wall', '-Wextra', '-DLUA_COMPAT_5_3', '-DLUA_USE_LINUX', '-c', 'lapi.c'];
  return {
    id: 'lua',
    title: `${dir} (upstream tarball of Debian's lua5.4 source package)`,
    language: 'C',
    commandText: '`make clean; make -j2 linux` in the source tree',
    cmake: false,
    buildDir: lua,
    prepare: () => undefined,
    use: () => undefined,
    checkout: () => [lua],
    clean: { cmd: 'make', args: ['clean'] },
    build: { cmd: 'make', args: ['-j2', 'linux'] },
    objects: () => walkObjects(lua),
    sampleCompile: () => ({
      compiler: 'gcc',
      args: [...cc, '-o', 'lapi.o'],
      cwd: path.join(lua, 'src'),
      label: 'lapi.c'
    }),
    smoke: () =>
      spawnSync(path.join(lua, 'src', 'lua'), ['-e', 'print(1+1)'], { encoding: 'utf8' }).stdout?.trim() ===
      '2'
  };
}

/**
 * The fmt targets built: the library, googletest and googlemock, the tests' support library and two
 * test programs built header-only, each compiling the support sources again (18 compiles).
 */
export const FMT_TARGETS = ['fmt', 'test-main', 'format-impl-test', 'compile-fp-test'];

export function fmtProject(work: string, targets: string[] = FMT_TARGETS): Project {
  ensurePackages([
    { pkg: 'cmake', present: () => hasCommand('cmake') },
    { pkg: 'ninja-build', present: () => hasCommand('ninja') },
    { pkg: 'googletest', present: () => existsSync('/usr/src/googletest/CMakeLists.txt') },
    { pkg: 'dpkg-dev', present: () => hasCommand('dpkg-source') }
  ]);
  const srcRoot = path.join(work, 'src');
  const source = path.join(srcRoot, 'fmtlib');
  if (!existsSync(path.join(source, 'CMakeLists.txt'))) {
    fetchSource(work, 'fmtlib', srcRoot);
    const dsc = readdirSync(srcRoot).find(n => /^fmtlib_.*\.dsc$/.test(n));
    if (dsc === undefined) throw new Error(`no fmtlib .dsc in ${srcRoot}`);
    rmSync(source, { recursive: true, force: true });
    // Unpacks and applies Debian's patches (one builds the tests against /usr/src/googletest).
    sh('dpkg-source', ['--no-check', '-x', dsc, 'fmtlib'], { cwd: srcRoot });
  }
  const version = /^fmtlib_(.+)\.dsc$/.exec(
    readdirSync(srcRoot).find(n => /^fmtlib_.*\.dsc$/.test(n)) ?? ''
  )?.[1];
  const buildDir = path.join(work, 'fmt-build');
  const aside = (config: string) => path.join(work, `fmt-build.${config}`);
  let current: string | undefined;
  const park = () => {
    if (current !== undefined && existsSync(buildDir)) renameSync(buildDir, aside(current));
    current = undefined;
  };
  const project: Project = {
    id: 'fmt',
    title: `fmt ${version ?? ''} (Debian's fmtlib source package, its patches applied)`,
    language: 'C++',
    commandText: `\`ninja -t clean; ninja -j2 ${targets.join(' ')}\` in a CMake build directory (-G Ninja, Debug, FMT_PEDANTIC=ON)`,
    cmake: true,
    buildDir,
    prepare(config, env, launcher) {
      park();
      rmSync(aside(config), { recursive: true, force: true });
      rmSync(buildDir, { recursive: true, force: true });
      mkdirSync(buildDir, { recursive: true });
      const args = [
        '-G',
        'Ninja',
        '-DCMAKE_BUILD_TYPE=Debug',
        '-DFMT_DOC=OFF',
        '-DFMT_PEDANTIC=ON',
        ...(launcher === undefined
          ? []
          : [`-DCMAKE_CXX_COMPILER_LAUNCHER=${launcher}`, `-DCMAKE_C_COMPILER_LAUNCHER=${launcher}`]),
        source
      ];
      const r = spawnSync('cmake', args, { cwd: buildDir, env, encoding: 'utf8' });
      if (r.status !== 0)
        throw new Error(`cmake for ${config} failed:\n${r.stdout.slice(-1500)}${r.stderr.slice(-1500)}`);
      current = config;
    },
    use(config) {
      if (current === config) return;
      park();
      renameSync(aside(config), buildDir);
      current = config;
    },
    checkout: () => [source, buildDir],
    clean: { cmd: 'ninja', args: ['-t', 'clean'] },
    build: { cmd: 'ninja', args: ['-j2', ...targets] },
    objects: () => walkObjects(buildDir),
    sampleCompile() {
      // The last target's own source (a test program's: FMT_TARGETS ends with one).
      const target = targets[targets.length - 1] as string;
      const lines = sh('ninja', ['-t', 'commands', target], { cwd: buildDir }).split('\n');
      const line = lines.find(l => l.endsWith(`/${target}.cc`) && / -c /.test(l));
      if (line === undefined) throw new Error(`no compile of ${target}.cc in ninja -t commands`);
      if (/["'\\]/.test(line)) throw new Error(`the sample compile needs a shell to split: ${line}`);
      // The compile itself, without a launcher in front (the caller puts its own there).
      const words = line.trim().split(/\s+/);
      const at = words.findIndex(w => /(^|\/)(c\+\+|g\+\+|clang\+\+)$/.test(w));
      return {
        compiler: path.basename(words[at] as string),
        args: words.slice(at + 1),
        cwd: buildDir,
        label: `${target}.cc`
      };
    },
    smoke: () =>
      spawnSync(path.join(buildDir, 'bin', targets[targets.length - 1] as string), [], { stdio: 'ignore' })
        .status === 0
  };
  return project;
}
