/**
 * The `compile-cache` command's sync half: restore, save, clean and ls, with flags named like the
 * action's inputs (`--bucket`, `--max-size 5G`, …) and `COMPILE_CACHE_<INPUT>` variables as
 * fallbacks, both taken from the input schema (src/config/input-schema.ts), as is the help
 * (`compile-cache --help`, `compile-cache <command> --help`). Credentials come from the environment
 * only (the default AWS chain), never from flags, so they stay out of shell history and process lists.
 * `--json` prints a command's figures as JSON on stdout for scripts.
 */
// First, before any module that touches fs or zlib: sizes libuv's thread pool (when run from source).
import '../runtime/threadpool.js';
import { readConfig, type ActionConfig, type StaticCredentials } from '../config/inputs.js';
import { CLI_INPUTS, inputEnvName, valueName, type InputSpec } from '../config/input-schema.js';
import { cleanLocal, installKept, openLocal } from '../backends/local.js';
import { openRemote, packOptions } from '../backends/s3.js';
import { defaultManifestPath, restoreJob, saveJob } from '../job/job.js';
import { renderSummary } from '../job/summary.js';
import { InvalidInputError } from '../store/errors.js';
import { removeLegacyState } from '../store/legacy-state.js';
import { isCompleteEntry, namespaceView } from '../sync/entries.js';
import { Failures } from '../sync/failures.js';
import { listNamespacePacks, packOnlyEntries } from '../sync/packs/namespace-packs.js';
import { describePrepack, prepackJournaled } from '../sync/packs/prepack.js';
import type { EntryInfo } from '../store/store.js';
import { errorText } from '../sync/failures.js';
import { formatBytes } from '../sync/progress.js';
import { ConfigFileError, readConfigFile, type ConfigFile } from './config-file.js';
import { BAR_INTERVAL_MS, TerminalProgressBar, wantsBar } from './progress-bar.js';

/** A command: what it does, and the flags beyond the inputs it takes. */
interface CommandHelp {
  summary: string;
  /** `[flag, value placeholder or '', text]` */
  extra: [string, string, string][];
  /** Whether the inputs are its flags (the bucket-side commands). */
  inputs: boolean;
}

const JSON_FLAG: [string, string, string] = [
  'json',
  '',
  'print the result as JSON on stdout (progress and log lines go to stderr)'
];
const MANIFEST_FLAG: [string, string, string] = [
  'manifest',
  'file',
  'the manifest restore writes and save reads (variable COMPILE_CACHE_MANIFEST; default under RUNNER_TEMP or the temp directory)'
];

/** Bucket-side commands, run here; the compiler-side ones run in the wrapper bundle (bin/compile-cache.js). */
const COMMANDS: Record<string, CommandHelp> = {
  restore: {
    summary:
      'fill the cache directory from the bucket (newest first, up to --max-size) and write the manifest',
    extra: [MANIFEST_FLAG, JSON_FLAG],
    inputs: true
  },
  save: {
    summary: 'clean the cache directory, upload new entries, refresh and prune the bucket',
    extra: [MANIFEST_FLAG, JSON_FLAG],
    inputs: true
  },
  clean: {
    summary: 'clean the cache directory only (--max-size, --max-age); needs no bucket',
    extra: [JSON_FLAG],
    inputs: true
  },
  prepack: {
    summary:
      "pack the entries written since the restore (the journal's) into the state directory now, so the save only sends them; the compile server does this when the build goes idle (needs no bucket)",
    extra: [JSON_FLAG],
    inputs: true
  },
  install: {
    summary:
      'write every entry the last lazy restore kept packed into the cache directory now (needs no bucket)',
    extra: [JSON_FLAG],
    inputs: true
  },
  ls: {
    summary: 'entries and bytes per namespace in the bucket (--local: in the cache directory)',
    extra: [['local', '', 'list the cache directory instead of the bucket (needs no bucket)'], JSON_FLAG],
    inputs: true
  }
};

/** The compiler-side commands (bin/compile-cache.js sends them to the wrapper bundle). */
const WRAPPER_COMMANDS: Record<string, string> = {
  wrap: 'wrap <compiler> <args...>: run one compile through the cache',
  stats: 'stats [--json]: hits, misses and the hit rate since zero-stats (COMPILE_CACHE_DIR)',
  'zero-stats': 'zero-stats: start counting from zero (COMPILE_CACHE_DIR)',
  'install-shims': 'install-shims <dir>: write the compiler shims and compile-cache-launcher into <dir>',
  server:
    'server [--idle-timeout <seconds>] [--warm-up] | server status | server stop | server headers: the compile ' +
    'server of COMPILE_CACHE_DIR, in the foreground (the native shims start one on demand; --warm-up rehearses ' +
    "the hit path before the build's first compile, as the action's pre step has it do; headers, after a " +
    "checkout that came after the start, has it hash the project's headers too)"
};

const CREDENTIALS =
  'Credentials: the default AWS chain only (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, …), never flags.';

/** `text` wrapped to `width` columns, each line indented by `indent`. */
function wrapText(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

function inputFlagHelp(spec: InputSpec): string {
  const def = spec.default === '' ? 'empty' : spec.default;
  return (
    `  --${spec.name} <${valueName(spec)}>   (${inputEnvName(spec.name)}; default ${def})\n` +
    wrapText(spec.description, '      ')
  );
}

/** The usage of one command, its flags generated from the input schema. */
export function commandUsage(command: string): string {
  const wrapper = WRAPPER_COMMANDS[command];
  if (wrapper !== undefined) {
    return `usage: compile-cache ${wrapper}\n(see docs/wrapper.md: COMPILE_CACHE_DIR, COMPILE_CACHE_TENANT, COMPILE_CACHE_DISABLE, COMPILE_CACHE_LOG)\n`;
  }
  const c = COMMANDS[command]!;
  const parts = [`usage: compile-cache ${command} [--<flag> <value>]…`, '', wrapText(c.summary, ''), ''];
  parts.push('Flags (each falls back to its variable, then to the default):');
  if (c.inputs) for (const spec of CLI_INPUTS) parts.push(inputFlagHelp(spec));
  for (const [name, v, text] of c.extra) {
    parts.push(`  --${name}${v === '' ? '' : ` <${v}>`}\n${wrapText(text, '      ')}`);
  }
  parts.push(
    '  --help\n      print this help',
    '',
    CREDENTIALS,
    'Exit codes: 0 done, 1 cache trouble, 2 bad usage.'
  );
  return parts.join('\n') + '\n';
}

/** The overall usage: the commands, and the flags by name. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map(c => c.length));
  return [
    'usage: compile-cache <command> [--<flag> <value>]…',
    '       compile-cache <command> --help | compile-cache help <command>',
    '',
    'Commands (bucket side):',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    'Commands (compiler side):',
    ...Object.values(WRAPPER_COMMANDS).map(w => `  ${w}`),
    '',
    wrapText(
      `Flags of the bucket-side commands are the action's inputs: ${CLI_INPUTS.map(s => `--${s.name}`).join(', ')}; each falls back to its variable COMPILE_CACHE_<NAME> (COMPILE_CACHE_DIR for --cache-dir), then to the action's default. restore and save also take --manifest; every bucket-side command takes --json; ls takes --local.`,
      ''
    ),
    CREDENTIALS,
    ''
  ].join('\n');
}

const INPUT_FLAGS = new Set(CLI_INPUTS.map(s => s.name));
const FLAGS_WITHOUT_INPUT = new Set(['manifest', 'local', 'help', 'json']);
const SWITCHES = new Set(['local', 'help', 'json']);

interface Parsed {
  command: string;
  flags: Map<string, string>;
  /** For `help <command>`: the command asked about. */
  topic?: string;
}

function unknownCommand(command: string): InvalidInputError {
  return new InvalidInputError(
    `unknown command ${JSON.stringify(command)}: expected one of ${[...Object.keys(COMMANDS), ...Object.keys(WRAPPER_COMMANDS)].join(', ')} (see compile-cache --help)`
  );
}

export function parseArgs(argv: string[]): Parsed {
  const [first = 'help', ...rest] = argv;
  const command = first === '--help' || first === '-h' ? 'help' : first;
  if (command === 'help') {
    if (rest.length > 1)
      throw new InvalidInputError('help takes at most one command: compile-cache help <command>');
    const topic = rest[0];
    if (topic !== undefined && !(topic in COMMANDS) && !(topic in WRAPPER_COMMANDS))
      throw unknownCommand(topic);
    return { command, flags: new Map(), topic };
  }
  // The compiler-side commands run in the wrapper bundle; only their usage is printed here.
  if (command in WRAPPER_COMMANDS && (rest[0] === '--help' || rest[0] === '-h')) {
    return { command: 'help', flags: new Map(), topic: command };
  }
  if (!(command in COMMANDS)) throw unknownCommand(command);
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '-h') {
      flags.set('help', 'true');
      continue;
    }
    if (!arg.startsWith('--'))
      throw new InvalidInputError(`unexpected argument ${JSON.stringify(arg)}: expected --<flag> <value>`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!INPUT_FLAGS.has(name) && !FLAGS_WITHOUT_INPUT.has(name)) {
      throw new InvalidInputError(
        `unknown flag --${name}: expected one of the flags in compile-cache ${command} --help`
      );
    }
    if (eq >= 0) flags.set(name, arg.slice(eq + 1));
    else if (SWITCHES.has(name)) flags.set(name, 'true');
    else {
      const v = rest[++i];
      if (v === undefined) throw new InvalidInputError(`flag --${name} needs a value`);
      flags.set(name, v);
    }
  }
  return { command, flags };
}

/**
 * The configuration from the flags, then the `COMPILE_CACHE_<NAME>` variables, then the `--config`
 * file (src/cli/config-file.ts), then the defaults. Inputs that are not CLI flags (the job-only ones,
 * such as summary or compiler-shims) take their defaults: the variables the action itself exports
 * (COMPILE_CACHE_TENANT, …) must not steer them. Credentials: the file's static keys, or none (the
 * default AWS chain).
 */
function configFrom(
  flags: Map<string, string>,
  env: NodeJS.ProcessEnv
): { config: ActionConfig; credentials: StaticCredentials | undefined } {
  const given = (name: string) => flags.get(name) ?? env[inputEnvName(name)];
  const configPath = given('config');
  const file: ConfigFile | undefined = configPath ? readConfigFile(configPath) : undefined;
  try {
    const config = readConfig(
      name => (INPUT_FLAGS.has(name) ? (given(name) ?? file?.settings.get(name)?.value ?? '') : ''),
      env
    );
    return { config, credentials: file?.credentials };
  } catch (err) {
    // A bad value from the file: name the file and the key it came from.
    const name = err instanceof InvalidInputError ? /^input "([^"]+)"/.exec(err.message)?.[1] : undefined;
    const setting = name !== undefined && given(name) === undefined ? file?.settings.get(name) : undefined;
    if (file !== undefined && setting !== undefined) {
      throw new ConfigFileError(file.file, `${setting.key}: ${(err as Error).message}`);
    }
    throw err;
  }
}

const print = (line: string) => process.stdout.write(line + '\n');
const printErr = (line: string) => process.stderr.write(line + '\n');
const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));

/** Runs one command; returns the exit code (0 ok, 1 cache trouble, 2 bad usage). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed: Parsed;
  let config: ActionConfig;
  let credentials: StaticCredentials | undefined;
  try {
    parsed = parseArgs(argv);
    if (parsed.command === 'help') {
      process.stdout.write(parsed.topic === undefined ? usage() : commandUsage(parsed.topic));
      return 0;
    }
    if (parsed.flags.has('help')) {
      process.stdout.write(commandUsage(parsed.command));
      return 0;
    }
    ({ config, credentials } = configFrom(parsed.flags, env));
  } catch (err) {
    process.stderr.write(`compile-cache: ${errorText(err)}\n`);
    return 2;
  }
  const manifestPath =
    parsed.flags.get('manifest') ?? env.COMPILE_CACHE_MANIFEST ?? defaultManifestPath(config, env);
  const needsBucket = ['restore', 'save', 'ls'].includes(parsed.command) && !parsed.flags.has('local');
  if (needsBucket && !config.bucket) {
    process.stderr.write(
      `compile-cache: ${parsed.command} needs --bucket (or COMPILE_CACHE_BUCKET, or an s3 [[cache]] in --config)\n`
    );
    return 2;
  }
  try {
    return await runCommand(parsed, config, credentials, manifestPath, env);
  } catch (err) {
    // A cache directory that cannot be made or written (named), or another failure of ours.
    process.stderr.write(`compile-cache: ${parsed.command} failed: ${errorText(err)}\n`);
    return 1;
  }
}

async function runCommand(
  parsed: Parsed,
  config: ActionConfig,
  credentials: StaticCredentials | undefined,
  manifestPath: string,
  env: NodeJS.ProcessEnv
): Promise<number> {
  const json = parsed.flags.has('json');
  // On a terminal, restore and save draw a progress bar on stderr (none for --json or a log).
  const bar =
    (parsed.command === 'restore' || parsed.command === 'save') && wantsBar(process.stderr, env, json)
      ? new TerminalProgressBar(process.stderr)
      : undefined;
  try {
    return await runCommandWith(parsed, config, credentials, manifestPath, bar);
  } finally {
    bar?.clear();
  }
}

async function runCommandWith(
  parsed: Parsed,
  config: ActionConfig,
  credentials: StaticCredentials | undefined,
  manifestPath: string,
  bar: TerminalProgressBar | undefined
): Promise<number> {
  const json = parsed.flags.has('json');
  // With --json, stdout carries only the JSON document.
  const log = bar ? bar.log(print) : json ? printErr : print;
  const progressIntervalMs = bar ? BAR_INTERVAL_MS : undefined;
  const location = `s3://${config.bucket}/${config.prefix}`;
  switch (parsed.command) {
    case 'restore': {
      const r = await restoreJob(config, credentials, { log, manifestPath, progressIntervalMs });
      bar?.clear();
      if (json) {
        printJson({
          command: 'restore',
          location,
          cacheDir: config.cacheDir,
          remoteUnavailable: r.remoteUnavailable,
          namespaces: r.figures,
          warnings: r.warnings,
          manifestPath: r.manifestPath ?? null
        });
      } else {
        print(
          renderSummary({
            location,
            cacheDir: config.cacheDir,
            remoteUnavailable: r.remoteUnavailable,
            restore: r.figures,
            warnings: r.warnings
          })
        );
        if (r.manifestPath) print(`manifest: ${r.manifestPath}`);
      }
      return r.remoteUnavailable ? 1 : 0;
    }
    case 'save': {
      const s = await saveJob(config, credentials, { log, manifestPath, progressIntervalMs });
      bar?.clear();
      if (json) {
        printJson({
          command: 'save',
          location,
          cacheDir: config.cacheDir,
          remoteUnavailable: s.remoteUnavailable,
          uploadMode: s.localOnly ? null : config.uploadMode,
          namespaces: s.figures,
          warnings: s.warnings
        });
      } else {
        print(
          renderSummary({
            location,
            cacheDir: config.cacheDir,
            remoteUnavailable: s.remoteUnavailable,
            save: s.figures,
            uploadMode: s.localOnly ? undefined : config.uploadMode,
            warnings: s.warnings
          })
        );
      }
      return s.remoteUnavailable ? 1 : 0;
    }
    case 'clean': {
      const warnings: string[] = [];
      // What an earlier version kept at the cache directory's root goes (docs/store.md).
      for (const note of removeLegacyState(config.cacheDir)) log(note);
      const figures = await cleanLocal(config, warnings);
      if (json) {
        printJson({ command: 'clean', cacheDir: config.cacheDir, namespaces: figures, warnings });
      } else {
        print(
          renderSummary({
            location: '',
            cacheDir: config.cacheDir,
            remoteUnavailable: false,
            save: figures,
            warnings
          })
        );
      }
      return warnings.length > 0 ? 1 : 0;
    }
    case 'install': {
      const started = Date.now();
      const entries = await installKept(config, log);
      if (json) printJson({ command: 'install', cacheDir: config.cacheDir, entries });
      else print(`installed ${entries} kept entries into ${config.cacheDir} in ${Date.now() - started} ms`);
      return 0;
    }
    case 'prepack': {
      const started = Date.now();
      const r = await prepackJournaled({ cacheDir: config.cacheDir });
      const ms = Date.now() - started;
      if (json) printJson({ command: 'prepack', cacheDir: config.cacheDir, ...r, durationMs: ms });
      else print(describePrepack(r, ms));
      return 0;
    }
    case 'ls':
      return ls(config, credentials, parsed.flags.has('local'), json);
    default:
      // parseArgs lets only known commands through.
      throw unknownCommand(parsed.command);
  }
}

interface NamespaceListing {
  namespace: string;
  entries: number;
  bytes: number;
  /** ISO times of the newest and oldest entry; null when there is none. */
  newest: string | null;
  oldest: string | null;
}

async function ls(
  config: ActionConfig,
  credentials: StaticCredentials | undefined,
  local: boolean,
  json: boolean
): Promise<number> {
  try {
    const warn = (m: string): boolean => process.stderr.write(`compile-cache: warning: ${m}\n`);
    const remote = local ? null : await openRemote(config, credentials);
    const root = remote ?? openLocal(config, warn);
    const location = local ? config.cacheDir : `s3://${config.bucket}/${config.prefix}`;
    const listings: NamespaceListing[] = [];
    for (const ns of config.namespaces) {
      let entries: EntryInfo[] = await namespaceView(root, ns).list();
      if (remote) {
        // The bucket's entries are its objects and what only packs hold (upload modes packs and
        // auto write no objects).
        const failures = new Failures(`ls ${ns}`, [], warn);
        const packs = await listNamespacePacks(packOptions(config, remote), ns, failures, { catalog: true });
        entries = [...entries, ...packOnlyEntries(packs, entries).filter(e => isCompleteEntry(ns, e))];
      }
      const bytes = entries.reduce((a, e) => a + e.size, 0);
      let newest = -Infinity;
      let oldest = Infinity;
      for (const e of entries) {
        newest = Math.max(newest, e.mtime.getTime());
        oldest = Math.min(oldest, e.mtime.getTime());
      }
      const some = entries.length > 0;
      listings.push({
        namespace: ns,
        entries: entries.length,
        bytes,
        newest: some ? new Date(newest).toISOString() : null,
        oldest: some ? new Date(oldest).toISOString() : null
      });
    }
    if (json) {
      printJson({ location, local, namespaces: listings });
      return 0;
    }
    print(location);
    for (const l of listings) {
      const span = l.newest !== null ? `, newest ${l.newest}, oldest ${l.oldest}` : '';
      print(`  ${l.namespace}: ${l.entries} entries, ${formatBytes(l.bytes)}${span}`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`compile-cache: ls failed: ${errorText(err)}\n`);
    return 1;
  }
}
