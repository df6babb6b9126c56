/**
 * The `compile-cache` command's sync half: restore, save, clean and ls, with flags named like the
 * action's inputs (`--bucket`, `--max-size 5G`, …) and `COMPILE_CACHE_<INPUT>` variables as
 * fallbacks. Credentials come from the environment only (the default AWS chain), never from flags,
 * so they stay out of shell history and process lists.
 */
// First, before any module that touches fs or zlib: sizes libuv's thread pool (when run from source).
import '../action/threadpool.js';
import { readConfig, INPUT_DEFAULTS, type ActionConfig } from '../action/inputs.js';
import {
  cleanLocal,
  defaultManifestPath,
  openLocal,
  openRemote,
  restoreJob,
  saveJob
} from '../action/job.js';
import { renderSummary } from '../action/summary.js';
import { InvalidInputError } from '../store/errors.js';
import { namespaceView } from '../sync/entries.js';
import { errorText } from '../sync/failures.js';
import { formatBytes } from '../sync/progress.js';

const USAGE = `usage: compile-cache <command> [--<input> <value>]…

Commands (bucket side):
  restore       fill the cache directory from the bucket (newest first, up to --max-size)
  save          clean the cache directory, upload new entries, refresh and prune the bucket
  clean         clean the cache directory only (--max-size, --max-age)
  ls            entries and bytes per namespace (the bucket; --local for the cache directory)
Commands (compiler side, see compile-cache wrap --help):
  wrap, stats, zero-stats, install-shims

Flags are the action's inputs: --cache-dir, --bucket, --region, --endpoint, --path-style, --prefix,
--namespaces, --max-size, --max-age, --remote-max-size, --remote-max-age, --refresh-after,
--concurrency, --upload-mode (objects, packs or both; default both), --pack-prefix (default
<prefix>packs/), --manifest (restore writes it, save reads it). Each flag falls back to the variable
COMPILE_CACHE_<NAME> (e.g. COMPILE_CACHE_BUCKET, COMPILE_CACHE_DIR), then to the action's default.
Credentials: the default AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, …).
`;

const FLAGS_WITHOUT_INPUT = new Set(['manifest', 'local', 'help']);

interface Parsed {
  command: string;
  flags: Map<string, string>;
}

export function parseArgs(argv: string[]): Parsed {
  const [command = 'help', ...rest] = argv;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--'))
      throw new InvalidInputError(`unexpected argument ${JSON.stringify(arg)}: expected --<flag> <value>`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!(name in INPUT_DEFAULTS) && !FLAGS_WITHOUT_INPUT.has(name)) {
      throw new InvalidInputError(
        `unknown flag --${name}: expected one of the action's inputs (see compile-cache help)`
      );
    }
    if (eq >= 0) flags.set(name, arg.slice(eq + 1));
    else if (name === 'local' || name === 'help') flags.set(name, 'true');
    else {
      const v = rest[++i];
      if (v === undefined) throw new InvalidInputError(`flag --${name} needs a value`);
      flags.set(name, v);
    }
  }
  return { command, flags };
}

function envName(input: string): string {
  return input === 'cache-dir'
    ? 'COMPILE_CACHE_DIR'
    : `COMPILE_CACHE_${input.toUpperCase().replace(/-/g, '_')}`;
}

function configFrom(flags: Map<string, string>, env: NodeJS.ProcessEnv): ActionConfig {
  return readConfig(name => flags.get(name) ?? env[envName(name)] ?? '', env);
}

const print = (line: string) => process.stdout.write(line + '\n');

/** Runs one command; returns the exit code (0 ok, 1 cache trouble, 2 bad usage). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed: Parsed;
  let config: ActionConfig;
  try {
    parsed = parseArgs(argv);
    if (parsed.command === 'help' || parsed.flags.has('help')) {
      print(USAGE);
      return 0;
    }
    config = configFrom(parsed.flags, env);
  } catch (err) {
    process.stderr.write(`compile-cache: ${errorText(err)}\n`);
    return 2;
  }
  const manifestPath =
    parsed.flags.get('manifest') ?? env.COMPILE_CACHE_MANIFEST ?? defaultManifestPath(config, env);
  const needsBucket = ['restore', 'save', 'ls'].includes(parsed.command) && !parsed.flags.has('local');
  if (needsBucket && !config.bucket) {
    process.stderr.write(`compile-cache: ${parsed.command} needs --bucket (or COMPILE_CACHE_BUCKET)\n`);
    return 2;
  }
  try {
    return await runCommand(parsed, config, manifestPath);
  } catch (err) {
    // A cache directory that cannot be made or written (named), or another failure of ours.
    process.stderr.write(`compile-cache: ${parsed.command} failed: ${errorText(err)}\n`);
    return 1;
  }
}

async function runCommand(parsed: Parsed, config: ActionConfig, manifestPath: string): Promise<number> {
  switch (parsed.command) {
    case 'restore': {
      const r = await restoreJob(config, undefined, { log: print, manifestPath });
      print(
        renderSummary({
          location: `s3://${config.bucket}/${config.prefix}`,
          cacheDir: config.cacheDir,
          remoteUnavailable: r.remoteUnavailable,
          restore: r.figures,
          warnings: r.warnings
        })
      );
      if (r.manifestPath) print(`manifest: ${r.manifestPath}`);
      return r.remoteUnavailable ? 1 : 0;
    }
    case 'save': {
      const s = await saveJob(config, undefined, { log: print, manifestPath, upload: true });
      print(
        renderSummary({
          location: `s3://${config.bucket}/${config.prefix}`,
          cacheDir: config.cacheDir,
          remoteUnavailable: s.remoteUnavailable,
          save: s.figures,
          uploadMode: s.localOnly ? undefined : config.uploadMode,
          warnings: s.warnings
        })
      );
      return s.remoteUnavailable ? 1 : 0;
    }
    case 'clean': {
      const warnings: string[] = [];
      const figures = await cleanLocal(config, warnings);
      print(
        renderSummary({
          location: '',
          cacheDir: config.cacheDir,
          remoteUnavailable: false,
          save: figures,
          warnings
        })
      );
      return warnings.length > 0 ? 1 : 0;
    }
    case 'ls':
      return ls(config, parsed.flags.has('local'));
    default:
      process.stderr.write(`compile-cache: unknown command ${JSON.stringify(parsed.command)}\n${USAGE}`);
      return 2;
  }
}

async function ls(config: ActionConfig, local: boolean): Promise<number> {
  try {
    const root = local
      ? openLocal(config, m => process.stderr.write(`compile-cache: warning: ${m}\n`))
      : await openRemote(config, undefined);
    print(`${local ? config.cacheDir : `s3://${config.bucket}/${config.prefix}`}`);
    for (const ns of config.namespaces) {
      const entries = await namespaceView(root, ns).list();
      const bytes = entries.reduce((a, e) => a + e.size, 0);
      let newest = -Infinity;
      let oldest = Infinity;
      for (const e of entries) {
        newest = Math.max(newest, e.mtime.getTime());
        oldest = Math.min(oldest, e.mtime.getTime());
      }
      const span =
        entries.length > 0
          ? `, newest ${new Date(newest).toISOString()}, oldest ${new Date(oldest).toISOString()}`
          : '';
      print(`  ${ns}: ${entries.length} entries, ${formatBytes(bytes)}${span}`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`compile-cache: ls failed: ${errorText(err)}\n`);
    return 1;
  }
}
