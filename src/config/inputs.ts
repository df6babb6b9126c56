/**
 * The action's inputs: read, validated and resolved once (in the first step that runs), so every
 * later step works from the same values. Credentials are kept apart from the rest: the resolved
 * configuration goes into the action's state, credentials never do.
 */
import { realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { describeKind } from '../store/safe-fs.js';
import { InvalidInputError } from '../store/errors.js';
import {
  failInput,
  INPUTS,
  parseAgeInput,
  parseBoolInput,
  parseSizeInput,
  type InputName
} from './input-schema.js';
import { splitNamespacePath, validateNamespace } from '../store/validate.js';
import type { UploadMode } from '../sync/packs/namespace-packs.js';
import type { InstallMode } from '../sync/restore.js';

/** Reads one input by its kebab-case name, as `core.getInput` does (trimmed, `''` when unset). */
export type InputReader = (name: string) => string;

/** Where the cache is kept between jobs (the `backend` input, resolved). */
export type BackendName = 's3' | 'github' | 'local';

export const BACKEND_CHOICES = ['auto', 's3', 'github', 'local'] as const;

/** What a save writes to the bucket (the `upload-mode` input); see docs/packs.md. */
export const UPLOAD_MODE_CHOICES = [
  'auto',
  'objects',
  'packs',
  'both'
] as const satisfies readonly UploadMode[];

/** Everything the steps need, resolved; safe to store in the action's state (no credentials). */
export interface ActionConfig {
  /** Absolute path of the local cache directory. */
  cacheDir: string;
  /**
   * The resolved backend: `s3` (the bucket), `github` (the GitHub Actions cache service, one
   * archive per save) or `local` (nothing is synced). Never `auto`: see resolveBackend.
   */
  backend: BackendName;
  /** `''` = no bucket (the github or local backend). */
  bucket: string;
  region: string;
  endpoint: string;
  pathStyle: boolean;
  /** Key prefix in the bucket, `''` or ending in `/`. */
  prefix: string;
  /** Namespace paths such as `compile` or `compile/local`, no two overlapping. */
  namespaces: string[];
  /** What a save writes: one object per blob, packs, or both. A restore reads both whatever this is. */
  uploadMode: UploadMode;
  /** How a restore puts entries from packs on disk (docs/packs.md, "Lazy install"). */
  install: InstallMode;
  /**
   * Where packs live, ending in `/` (default `<prefix>packs/`); a namespace's packs are under
   * `<packPrefix><namespace>/`, outside every synced namespace's entries.
   */
  packPrefix: string;
  /** Local budget in bytes (0 = unlimited). */
  maxSize: number;
  /** Local age limit in milliseconds (0 = none). */
  maxAge: number;
  remoteMaxSize: number;
  remoteMaxAge: number;
  /** Refresh the bucket time of entries hit in this job when they are older than this (ms; 0 = never). */
  refreshAfter: number;
  restore: boolean;
  save: boolean;
  concurrency: number;
  failOnError: boolean;
  summary: boolean;
  compilerShims: boolean;
  cmakeLauncher: boolean;
  tenant: string;
  saveOnFailure: boolean;
}

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Defaults of the inputs other than the credentials, from the schema (src/config/input-schema.ts). */
export const INPUT_DEFAULTS: Readonly<Record<InputName, string>> = Object.fromEntries(
  INPUTS.filter(i => !i.secret).map(i => [i.name, i.default])
) as Record<InputName, string>;

export type { InputName };

const MAX_CONCURRENCY = 256;

const fail = failInput;

/** The input's value, or its default when unset (the runner passes defaults too, direct callers may not). */
function value(read: InputReader, name: InputName): string {
  const v = read(name).trim();
  return v === '' ? INPUT_DEFAULTS[name] : v;
}

function bool(read: InputReader, name: InputName): boolean {
  return parseBoolInput(name, value(read, name));
}

function size(read: InputReader, name: InputName): number {
  return parseSizeInput(name, value(read, name));
}

function age(read: InputReader, name: InputName): number {
  return parseAgeInput(name, value(read, name));
}

function expandHome(p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return resolve(homedir(), p.slice(2));
  return p;
}

/**
 * Kernel file systems: a cache there cannot work, and `mkdir -p` below /proc never returns.
 * /dev/shm is an ordinary tmpfs (a RAM disk someone may choose), so it is allowed.
 */
const KERNEL_DIRS = ['/proc', '/sys', '/dev'];
const ALLOWED_BELOW_KERNEL_DIRS = ['/dev/shm'];

function isBelow(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir + sep);
}

/**
 * `dir` with the symlinks of its existing part resolved (the user may have chosen a symlink), the
 * missing rest appended as it is.
 */
function resolveExisting(dir: string): string {
  const missing: string[] = [];
  let p = dir;
  for (;;) {
    try {
      return join(realpathSync(p), ...missing.reverse());
    } catch {
      const parent = dirname(p);
      if (parent === p) return dir;
      missing.push(basename(p));
      p = parent;
    }
  }
}

/**
 * The cache directory must be a directory (or not exist yet) and must not lie on a kernel file
 * system (after resolving the user's symlinks). Whether it can be created and written is checked
 * when a step uses it (see cache-dir.ts): that is cache trouble, not a wrong value.
 */
function checkCacheDirPath(raw: string, cacheDir: string): void {
  const real = resolveExisting(cacheDir);
  const kernel = KERNEL_DIRS.find(k => isBelow(real, k));
  if (kernel !== undefined && !ALLOWED_BELOW_KERNEL_DIRS.some(a => isBelow(real, a))) {
    fail(
      'cache-dir',
      raw,
      `resolves to ${real}, on the kernel file system ${kernel}: expected a directory on a normal disk, such as ~/.cache/compile-cache`
    );
  }
  let st;
  try {
    st = statSync(cacheDir);
  } catch {
    return; // missing (made later) or unreachable (reported when a step uses it)
  }
  if (!st.isDirectory()) {
    fail(
      'cache-dir',
      raw,
      `is ${describeKind(st)}, not a directory: expected a directory (or a path where one can be created), such as ~/.cache/compile-cache`
    );
  }
}

/** Splits `compile, source` or one namespace per line; each may be a path such as `compile/local`. */
export function parseNamespaces(raw: string, name = 'namespaces'): string[] {
  const items = raw
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(s => s !== '');
  if (items.length === 0) fail(name, raw, 'names no namespace: expected one or more, such as compile');
  const paths: string[] = [];
  for (const item of items) {
    let parts: string[];
    try {
      parts = splitNamespacePath(item);
    } catch {
      return fail(
        name,
        item,
        'is not a namespace: expected a path of names such as compile or compile/local (no ".", "..", "\\" or empty parts)'
      );
    }
    const dotted = parts.find(p => p.startsWith('.'));
    if (dotted !== undefined) {
      // The store's own directories (.staging) and other dot-names are reserved; every walk skips them.
      fail(
        name,
        item,
        `is not a namespace: "${dotted}" starts with ".", which is reserved for the cache's own directories; expected names such as compile or compile/local`
      );
    }
    const path = parts.join('/');
    if (!paths.includes(path)) paths.push(path);
  }
  // Overlapping namespaces would sync the same entries twice and split one budget two ways.
  for (const a of paths) {
    for (const b of paths) {
      if (a !== b && b.startsWith(a + '/')) {
        fail(
          name,
          raw,
          `lists both "${a}" and "${b}", which lies inside it: expected namespaces that do not overlap`
        );
      }
    }
  }
  return paths;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const REGION_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Reads and validates every input. Throws InvalidInputError naming the input, the value and the
 * expected form, so the first step fails fast with a message the user can act on.
 */
export function readConfig(read: InputReader, env: NodeJS.ProcessEnv = process.env): ActionConfig {
  const cacheDirRaw = value(read, 'cache-dir');
  if (cacheDirRaw.includes('\0'))
    fail('cache-dir', cacheDirRaw, 'is not a path: it contains a NUL character');
  // Relative paths are taken from the workspace (the steps' working directory).
  const cacheDir = resolve(expandHome(cacheDirRaw));
  checkCacheDirPath(cacheDirRaw, cacheDir);

  const bucket = value(read, 'bucket');
  if (bucket !== '' && !BUCKET_NAME.test(bucket)) {
    fail(
      'bucket',
      bucket,
      'is not a bucket name: expected 3 to 63 lowercase letters, digits, dots, hyphens or underscores, starting and ending with a letter or digit'
    );
  }

  const endpoint = value(read, 'endpoint');
  if (endpoint !== '') {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      fail(
        'endpoint',
        endpoint,
        'is not an endpoint: expected an http:// or https:// URL such as https://minio.example.com:9000'
      );
    }
  }

  // The AWS chain's own region variables apply when the input is empty (configure-aws-credentials sets them).
  let region = value(read, 'region');
  if (region === '') region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1';
  if (!REGION_NAME.test(region)) {
    fail('region', region, 'is not a region: expected a name such as us-east-1, or auto for Cloudflare R2');
  }

  const pathStyleRaw = read('path-style').trim();
  const pathStyle = pathStyleRaw === '' ? endpoint !== '' : bool(read, 'path-style');

  let prefix = value(read, 'prefix');
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  if (
    prefix.startsWith('/') ||
    prefix.includes('//') ||
    prefix.split('/').some(p => p === '.' || p === '..')
  ) {
    fail(
      'prefix',
      read('prefix'),
      'is not a key prefix: expected names separated by "/", such as cache/ or team/cache/'
    );
  }
  if (/[\\\0]/.test(prefix)) {
    fail('prefix', read('prefix'), 'is not a key prefix: expected names separated by "/", such as cache/');
  }

  const namespaces = parseNamespaces(value(read, 'namespaces'));
  const uploadMode = parseUploadModeInput(value(read, 'upload-mode'));
  const install = parseInstallInput(value(read, 'install'));
  const packPrefix = parsePackPrefix(value(read, 'pack-prefix'), prefix, namespaces);

  const concurrencyRaw = value(read, 'concurrency');
  const concurrency = Number(concurrencyRaw);
  if (!/^\d+$/.test(concurrencyRaw) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    fail(
      'concurrency',
      concurrencyRaw,
      `is not a transfer count: expected a whole number from 1 to ${MAX_CONCURRENCY}`
    );
  }

  const backend = resolveBackend(value(read, 'backend'), bucket, env);

  const tenant = value(read, 'tenant');
  try {
    validateNamespace(tenant);
    if (tenant.startsWith('.')) throw new Error('reserved');
  } catch {
    fail(
      'tenant',
      tenant,
      'is not a tenant name: expected one path segment such as local (no "/", "\\", and not starting with ".", which is reserved for the cache\'s own directories)'
    );
  }

  return {
    cacheDir,
    backend,
    bucket,
    region,
    endpoint,
    pathStyle,
    prefix,
    namespaces,
    uploadMode,
    install,
    packPrefix,
    maxSize: size(read, 'max-size'),
    maxAge: age(read, 'max-age'),
    remoteMaxSize: size(read, 'remote-max-size'),
    remoteMaxAge: age(read, 'remote-max-age'),
    refreshAfter: age(read, 'refresh-after'),
    restore: bool(read, 'restore'),
    save: bool(read, 'save'),
    concurrency,
    failOnError: bool(read, 'fail-on-error'),
    summary: bool(read, 'summary'),
    compilerShims: bool(read, 'compiler-shims'),
    cmakeLauncher: bool(read, 'cmake-launcher'),
    tenant,
    saveOnFailure: bool(read, 'save-on-failure')
  };
}

export const INSTALL_CHOICES = ['lazy', 'eager'] as const satisfies readonly InstallMode[];

/** A choice input, case-insensitive; anything else fails naming the input, the value and `expected`. */
function parseChoice<T extends string>(
  name: string,
  raw: string,
  choices: readonly T[],
  expected: string
): T {
  const v = raw.toLowerCase();
  if (!(choices as readonly string[]).includes(v)) fail(name, raw, expected);
  return v as T;
}

function parseInstallInput(raw: string): InstallMode {
  return parseChoice(
    'install',
    raw,
    INSTALL_CHOICES,
    'is not an install mode: expected lazy (entries from packs are kept packed and written into the cache directory in the background or when a compile first asks for them) or eager (all of them during the restore)'
  );
}

function parseUploadModeInput(raw: string): UploadMode {
  return parseChoice(
    'upload-mode',
    raw,
    UPLOAD_MODE_CHOICES,
    `is not an upload mode: expected one of ${UPLOAD_MODE_CHOICES.join(', ')} (auto: packs, plus objects when the bucket holds entries outside packs; objects: one object per blob, as the Go system reads; packs: compressed packs only; both)`
  );
}

/**
 * The `pack-prefix` input resolved (empty: `<prefix>packs/`). Each namespace's packs go under
 * `<packPrefix><namespace>/`, which must not lie inside a synced namespace's entries (the Go
 * system and the bucket clean would walk the pack objects) nor contain them (pack maintenance
 * would see entry objects).
 */
function parsePackPrefix(raw: string, prefix: string, namespaces: readonly string[]): string {
  if (
    raw !== '' &&
    (!raw.endsWith('/') ||
      raw.startsWith('/') ||
      raw.includes('//') ||
      /[\\\0]/.test(raw) ||
      raw.split('/').some(p => p === '.' || p === '..'))
  ) {
    fail(
      'pack-prefix',
      raw,
      'is not a key prefix: expected names separated by "/" and ending in "/", such as cache/packs/; empty for <prefix>packs/'
    );
  }
  const packPrefix = raw === '' ? `${prefix}packs/` : raw;
  for (const packNs of namespaces) {
    const packRoot = `${packPrefix}${packNs}/`;
    for (const ns of namespaces) {
      const entries = `${prefix}${ns}/`;
      if (packRoot.startsWith(entries) || entries.startsWith(packRoot)) {
        fail(
          'pack-prefix',
          packPrefix,
          `puts the packs of ${packNs} at ${packRoot}, which overlaps the entries of namespace ${ns} at ${entries}: expected a pack prefix that keeps every <pack-prefix><namespace>/ apart from the synced namespaces' entries`
        );
      }
    }
  }
  return packPrefix;
}

/**
 * Whether the runner offers the GitHub Actions cache service to this step, by the rule of
 * @actions/cache's isFeatureAvailable (service v2 needs ACTIONS_RESULTS_URL, the legacy v1
 * ACTIONS_CACHE_URL; GHES has only v1), plus the runtime token every call needs. The runner gives
 * these to JavaScript actions only, never to `run:` steps.
 */
export function ghaCacheAvailable(env: NodeJS.ProcessEnv): boolean {
  if (!env.ACTIONS_RUNTIME_TOKEN) return false;
  const host = (() => {
    try {
      return new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase();
    } catch {
      return '';
    }
  })();
  const ghes = host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
  const v2 = !ghes && Boolean(env.ACTIONS_CACHE_SERVICE_V2);
  return v2 ? Boolean(env.ACTIONS_RESULTS_URL) : Boolean(env.ACTIONS_CACHE_URL);
}

/**
 * The `backend` input resolved: `auto` is s3 with a bucket, else github when the runner offers
 * the cache service, else local. An explicit `github` without the service stays `github` (the
 * step then warns and runs locally), so a misconfigured runner is visible rather than silent.
 */
function resolveBackend(raw: string, bucket: string, env: NodeJS.ProcessEnv): BackendName {
  if (!(BACKEND_CHOICES as readonly string[]).includes(raw)) {
    fail('backend', raw, `is not a backend: expected one of ${BACKEND_CHOICES.join(', ')}`);
  }
  if (raw === 's3' && bucket === '') fail('backend', raw, 'needs a bucket: set the bucket input');
  if (raw === 'auto') return bucket !== '' ? 's3' : ghaCacheAvailable(env) ? 'github' : 'local';
  return raw as BackendName;
}

/**
 * Static credentials from the inputs, or undefined for the default AWS chain (environment, profile,
 * web identity / OIDC, instance role). Read afresh in every step: they are never stored.
 */
export function readCredentials(read: InputReader): StaticCredentials | undefined {
  const accessKeyId = read('access-key-id').trim();
  const secretAccessKey = read('secret-access-key').trim();
  const sessionToken = read('session-token').trim();
  if (accessKeyId === '' && secretAccessKey === '') {
    if (sessionToken !== '') {
      throw new InvalidInputError(
        'input "session-token" is set but "access-key-id" and "secret-access-key" are not: expected all three, or only the key pair'
      );
    }
    return undefined;
  }
  // The values themselves are never quoted: they are secrets.
  if (accessKeyId === '') {
    throw new InvalidInputError(
      'input "access-key-id" is empty but "secret-access-key" is set: expected both or neither'
    );
  }
  if (secretAccessKey === '') {
    throw new InvalidInputError(
      'input "secret-access-key" is empty but "access-key-id" is set: expected both or neither'
    );
  }
  return sessionToken === ''
    ? { accessKeyId, secretAccessKey }
    : { accessKeyId, secretAccessKey, sessionToken };
}
