/**
 * The one definition of the action's inputs: name, description, default, which action.yml files
 * carry it (the main action, restore/ and save/), whether the `compile-cache` command takes it as a
 * flag (with its `COMPILE_CACHE_<NAME>` fallback), whether it is a secret, and its kind of value
 * (how inputs.ts parses it).
 *
 * Everything else is generated from this list by `scripts/gen-inputs.mjs` (run by `npm run build`):
 * the `inputs:` blocks of action.yml, restore/action.yml and save/action.yml, the README's inputs
 * table and docs/cli.md's flags table; `npm run check-inputs` (part of `npm test`) fails when one of
 * them differs. The CLI's help is built from it at run time.
 *
 * Imports nothing but the store layer's parsers: both the action and the CLI read it.
 */
import { InvalidInputError } from '../store/errors.js';
import { parseAge, parseSize } from '../store/size.js';

/** The action.yml files an input can belong to: `action.yml`, `restore/action.yml`, `save/action.yml`. */
export type ActionName = 'main' | 'restore' | 'save';

/** The kind of value, which says how it is parsed (see parseInputValue and inputs.ts) and shown in help. */
export type InputKind =
  | 'path'
  | 'file'
  | 'choice'
  | 'text'
  | 'url'
  | 'bool'
  | 'size'
  | 'age'
  | 'count'
  | 'list'
  | 'prefix'
  | 'secret';

export interface InputSpec {
  /** kebab-case, as in action.yml and as the CLI flag `--<name>`. */
  readonly name: string;
  /** One text, used in the action.yml files, the README, docs/cli.md and the CLI's help. */
  readonly description: string;
  /** The default as action.yml shows it (`''` for none); readConfig uses the same string. */
  readonly default: string;
  readonly kind: InputKind;
  /** The action.yml files that carry this input. */
  readonly actions: readonly ActionName[];
  /** Whether the `compile-cache` command takes it as `--<name>` (with its variable as a fallback). */
  readonly cli: boolean;
  /** Credentials: never a CLI flag, never in the action's state. */
  readonly secret: boolean;
}

const ALL: readonly ActionName[] = ['main', 'restore', 'save'];
const MAIN: readonly ActionName[] = ['main'];
const MAIN_SAVE: readonly ActionName[] = ['main', 'save'];
const MAIN_RESTORE: readonly ActionName[] = ['main', 'restore'];
/** In no action.yml: the CLI's own. */
const CLI_ONLY: readonly ActionName[] = [];

function input<N extends string, K extends InputKind>(
  name: N,
  kind: K,
  def: string,
  actions: readonly ActionName[],
  cli: boolean,
  description: string
): InputSpec & { readonly name: N; readonly kind: K } {
  return { name, kind, default: def, actions, cli, secret: kind === 'secret', description };
}

/** Every input, in the order of the action.yml files and the tables. */
export const INPUTS = [
  input(
    'config',
    'file',
    '',
    CLI_ONLY,
    true,
    'The Go system\'s TOML configuration (CLI only). Its [[cache]] blocks give the cache directory (type = "disk": location, max_size) and the bucket (type = "s3": bucket, region, endpoint, prefix, max_size as the bucket\'s limit, access_key with secret_key as static credentials); an optional [compile_cache] table gives any other flag by name, such as namespaces = ["compile"]. Flags and their variables take precedence over the file.'
  ),
  input(
    'cache-dir',
    'path',
    '~/.cache/compile-cache',
    ALL,
    true,
    'Local cache directory. The default persists across jobs on a self-hosted runner. It may be a symlink you chose; everything inside it is treated as untrusted (written by builds): symlinks, FIFOs and other non-regular files there are never followed or opened, only skipped with a warning. Must not lie under /proc, /sys or /dev (/dev/shm is fine).'
  ),
  input(
    'backend',
    'choice',
    'auto',
    ALL,
    false,
    'Where the cache is kept between jobs: auto (s3 when a bucket is set, else the GitHub Actions cache when the runner offers it, else local), s3, github (the GitHub Actions cache service, one archive per save) or local (nothing is synced).'
  ),
  input(
    'bucket',
    'text',
    '',
    ALL,
    true,
    'S3 bucket. Empty: the GitHub Actions cache when the runner offers it, else local-only mode (the cache is cleaned and counted, nothing is synced).'
  ),
  input(
    'region',
    'text',
    '',
    ALL,
    true,
    'Bucket region. Empty: AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1. Cloudflare R2 wants auto.'
  ),
  input(
    'endpoint',
    'url',
    '',
    ALL,
    true,
    'Custom S3 endpoint (MinIO, Ceph, R2, ...), e.g. https://minio.example.com:9000. Empty: AWS S3.'
  ),
  input(
    'path-style',
    'bool',
    '',
    ALL,
    true,
    'Path-style addressing (endpoint/bucket/key). Empty: on when an endpoint is set, off otherwise.'
  ),
  input(
    'access-key-id',
    'secret',
    '',
    ALL,
    false,
    'Static access key id (use a secret). Empty: the default AWS chain (environment, OIDC via aws-actions/configure-aws-credentials, instance role).'
  ),
  input(
    'secret-access-key',
    'secret',
    '',
    ALL,
    false,
    'Static secret access key (use a secret); needed together with access-key-id.'
  ),
  input(
    'session-token',
    'secret',
    '',
    ALL,
    false,
    'Session token for temporary static credentials (use a secret).'
  ),
  input('prefix', 'prefix', 'cache/', ALL, true, 'Key prefix in the bucket (the Go system uses cache/).'),
  input(
    'namespaces',
    'list',
    'compile, manifests',
    ALL,
    true,
    "Namespaces to sync, separated by commas or newlines. A namespace may be a path such as compile/local; compile carries every tenant. manifests holds direct mode's manifests, never read by the Go system's compile readers; leaving it out costs a fresh runner its direct-mode hits (its hits run the preprocessor), and turns depend mode off for the job (COMPILE_CACHE_DEPEND=off, unless the workflow sets it), since only a manifest finds a depend-mode entry. Each namespace has its own max-size and remote-max-size budget. Names starting with \".\" are reserved for the cache's own directories."
  ),
  input(
    'upload-mode',
    'choice',
    'auto',
    MAIN_SAVE,
    true,
    'What a save writes to the bucket: auto (packs only while every entry in the bucket is in a pack, as when only compile-cache writes there; both as soon as the bucket holds entries outside packs, as the Go system writes them), both (one object per blob, as the Go system reads, and compressed packs for fast bulk restores), objects (objects only) or packs (packs only: fewest requests, invisible to the Go system). A restore reads packs and objects whatever this is. Set both when Go system readers must see every entry this action writes.'
  ),
  input(
    'install',
    'choice',
    'lazy',
    MAIN_RESTORE,
    true,
    "How a restore puts the entries it reads from packs on disk: lazy (the compressed pack chunks are kept in the state directory, so the restore writes a few files instead of six per entry; the compile server writes the entries into the cache directory in the background until the build starts, and any left are written the first time a compile asks for one of their chunk) or eager (every restored entry is written into the cache directory during the restore; set this when the Go system's daemon shares the cache directory, since it does not read the kept packs). Direct mode's manifests, and entries fetched as objects, are always written at once."
  ),
  input(
    'pack-prefix',
    'prefix',
    '',
    ALL,
    true,
    'Key prefix of the packs, ending in /; the namespace is appended (<pack-prefix>compile/). Empty: <prefix>packs/. Must stay outside the synced namespaces.'
  ),
  input(
    'max-size',
    'size',
    '5G',
    ALL,
    true,
    'Local budget per namespace (restore fills up to it, the post step prunes to it), e.g. 500M, 5G. 0: no limit.'
  ),
  input(
    'max-age',
    'age',
    '14d',
    ALL,
    true,
    'Local entries unused for longer are pruned, e.g. 14d, 720h. 0: no limit.'
  ),
  input(
    'remote-max-size',
    'size',
    '',
    MAIN_SAVE,
    true,
    'Bucket budget per namespace; the post step prunes the bucket to it, least recently used first. Empty: the bucket is not pruned by size.'
  ),
  input(
    'remote-max-age',
    'age',
    '',
    MAIN_SAVE,
    true,
    'Bucket entries unused for longer are pruned by the post step. Empty: the bucket is not pruned by age.'
  ),
  input(
    'refresh-after',
    'age',
    '1d',
    MAIN_SAVE,
    true,
    'Entries hit in this job whose bucket time is older than this get their bucket time refreshed (server-side copy), so bucket pruning keeps them. 0: refresh every hit entry.'
  ),
  input('restore', 'bool', 'true', MAIN, false, 'Restore from the bucket before the job.'),
  input(
    'save',
    'bool',
    'true',
    MAIN,
    false,
    'Upload new entries after the job; an expression works, e.g. only on the main branch. The local cache is pruned either way.'
  ),
  input('concurrency', 'count', '64', ALL, true, 'Transfers in flight at most (1 to 256).'),
  input(
    'fail-on-error',
    'bool',
    'false',
    ALL,
    false,
    'Fail the job on cache trouble (unreachable bucket, failed transfers). Default: warn and go on.'
  ),
  input('summary', 'bool', 'true', MAIN_SAVE, false, 'Write the job summary.'),
  input(
    'compiler-shims',
    'bool',
    'true',
    MAIN_RESTORE,
    false,
    'Put cc, c++, gcc, g++, clang and clang++ shims that go through the cache first on PATH.'
  ),
  input(
    'cmake-launcher',
    'bool',
    'true',
    MAIN_RESTORE,
    false,
    'Export CMAKE_C_COMPILER_LAUNCHER and CMAKE_CXX_COMPILER_LAUNCHER pointing at the cache launcher.'
  ),
  input(
    'tenant',
    'text',
    'local',
    MAIN_RESTORE,
    false,
    'Tenant the wrapper writes under (compile/<tenant>/...): one path segment, not starting with "." (reserved).'
  ),
  input(
    'save-on-failure',
    'bool',
    'false',
    MAIN,
    false,
    'Run the post step (prune and upload) when the job failed too.'
  )
] as const;

/** The inputs that are not credentials (readConfig reads these; credentials go through readCredentials). */
export type InputName = Exclude<(typeof INPUTS)[number], { kind: 'secret' }>['name'];

/** The input named `name`, or undefined. */
export function inputSpec(name: string): InputSpec | undefined {
  return (INPUTS as readonly InputSpec[]).find(i => i.name === name);
}

/** The variable the CLI falls back to for a flag: `COMPILE_CACHE_<NAME>`, and COMPILE_CACHE_DIR for cache-dir. */
export function inputEnvName(name: string): string {
  return name === 'cache-dir'
    ? 'COMPILE_CACHE_DIR'
    : `COMPILE_CACHE_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** The CLI's flags from the inputs: never a secret. */
export const CLI_INPUTS: readonly InputSpec[] = (INPUTS as readonly InputSpec[]).filter(
  i => i.cli && !i.secret
);

/** The placeholder a flag's value is shown with in the help (`--max-size <size>`). */
export function valueName(spec: InputSpec): string {
  switch (spec.kind) {
    case 'path':
      return 'dir';
    case 'file':
      return 'file';
    case 'choice':
      return spec.name === 'upload-mode' ? 'objects|packs|both' : 'choice';
    case 'text':
      return 'name';
    case 'url':
      return 'url';
    case 'bool':
      return 'true|false';
    case 'size':
      return 'size';
    case 'age':
      return 'age';
    case 'count':
      return 'n';
    case 'list':
      return 'list';
    case 'prefix':
      return 'prefix';
    case 'secret':
      return 'secret';
  }
}

/** Throws the InvalidInputError every input check uses: `input "<name>": "<value>" <what>`. */
export function failInput(name: string, value: string, what: string): never {
  throw new InvalidInputError(`input "${name}": ${JSON.stringify(value)} ${what}`);
}

/** The parsers of the kinds that need no other input: `bool`, `size` and `age`. */
export function parseBoolInput(name: string, v: string): boolean {
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  return failInput(name, v, 'is not a boolean: expected true or false');
}

export function parseSizeInput(name: string, v: string): number {
  try {
    return parseSize(v);
  } catch {
    return failInput(
      name,
      v,
      'is not a size: expected a whole number of bytes with an optional unit B, K/KB/KiB, M/MB/MiB, G/GB/GiB or T/TB/TiB (base 1024), e.g. 500M or 10G; empty or 0 for no limit'
    );
  }
}

export function parseAgeInput(name: string, v: string): number {
  try {
    return parseAge(v);
  } catch {
    return failInput(
      name,
      v,
      'is not an age: expected whole days such as 14d or a duration such as 720h, 1h30m or 90s; empty or 0 for no limit'
    );
  }
}
