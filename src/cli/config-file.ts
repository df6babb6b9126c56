/**
 * `--config <file>`: the Go system's TOML configuration as the CLI's settings. Its `[[cache]]` blocks
 * (validated by the store's parseConfigEntry, src/store/config.ts) say where the caches are:
 *
 *   [[cache]]                      → the cache directory
 *   type = "disk"
 *   location = "~/.cache/compile-cache"   --cache-dir
 *   max_size = "10G"                      --max-size
 *
 *   [[cache]]                      → the bucket
 *   type = "s3"
 *   bucket = "build-cache"                --bucket
 *   region = "eu-west-1"                  --region
 *   endpoint = "https://minio:9000"       --endpoint
 *   prefix = "cache/"                     --prefix
 *   max_size = "200G"                     --remote-max-size
 *   access_key = "…"                      static credentials, with secret_key (never printed)
 *   secret_key = "…"
 *
 * and an optional table of ours for what the Go format has no field for (namespaces, ages, …):
 *
 *   [compile_cache]
 *   namespaces = ["compile", "source"]    any CLI flag, by its name (`-` or `_`)
 *
 * Other top-level keys (the Go system's own settings) are not ours and are ignored. A field the file
 * sets counts as the flag's value when neither the flag nor its COMPILE_CACHE_* variable is given.
 * Every error names the file, the key, the value (never a credential's) and what is expected.
 */
import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import type { StaticCredentials } from '../config/inputs.js';
import { CLI_INPUTS } from '../config/input-schema.js';
import { parseConfigEntry, type S3StoreSpec } from '../store/config.js';
import { ConfigError } from '../store/errors.js';

/** A setting from the file: the input's value, and the key it came from (for messages). */
export interface FileSetting {
  value: string;
  key: string;
}

export interface ConfigFile {
  file: string;
  /** Input values by input name (`bucket`, `max-size`, …). */
  settings: Map<string, FileSetting>;
  /** From the s3 cache's access_key and secret_key, when it has both (as the Go system does). */
  credentials?: StaticCredentials;
}

/** Our table in the file. */
export const OWN_TABLE = 'compile_cache';

/** A bad configuration file: the message names the file. */
export class ConfigFileError extends ConfigError {
  override name = 'ConfigFileError';
  constructor(file: string, what: string) {
    super(`--config ${file}: ${what}`);
  }
}

/** The first line of a TOML error (the rest quotes the file's lines, which may hold a secret). */
function tomlProblem(err: TomlError): string {
  const first = err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
  return `is not valid TOML: ${first} (line ${err.line}, column ${err.column})`;
}

function tableOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A value of our table as an input's string; lists (namespaces) are joined with commas. */
function settingText(value: unknown, key: string, file: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) return value.join(', ');
  const kind = Array.isArray(value)
    ? 'a list with a value that is not a string'
    : value instanceof Date
      ? 'a date'
      : 'a table';
  throw new ConfigFileError(
    file,
    `${key} is ${kind}: expected a string, a number, true or false, or a list of strings`
  );
}

export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigFileError(file, `cannot be read: ${(err as Error).message}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (err) {
    if (err instanceof TomlError) throw new ConfigFileError(file, tomlProblem(err));
    throw err;
  }
  const settings = new Map<string, FileSetting>();
  const set = (input: string, value: string, key: string) => settings.set(input, { value, key });
  let credentials: StaticCredentials | undefined;

  const caches = doc.cache;
  if (caches !== undefined) {
    if (!Array.isArray(caches)) {
      throw new ConfigFileError(file, 'cache is not a list of tables: expected [[cache]] blocks');
    }
    const seen: Record<string, number> = {};
    caches.forEach((entry, i) => {
      let spec;
      try {
        spec = parseConfigEntry(entry, i);
      } catch (err) {
        if (err instanceof ConfigError) throw new ConfigFileError(file, err.message);
        throw err;
      }
      const where = `cache[${i}]`;
      const earlier = seen[spec.type];
      if (earlier !== undefined) {
        throw new ConfigFileError(
          file,
          `${where} is a second ${spec.type} cache (cache[${earlier}] is one): the CLI uses one cache directory and one bucket, so keep one [[cache]] of each type`
        );
      }
      seen[spec.type] = i;
      const raw = entry as Record<string, unknown>;
      const hasSize = raw.max_size !== undefined && raw.max_size !== '';
      if (spec.type === 'disk') {
        set('cache-dir', spec.location, `${where}.location`);
        if (hasSize) set('max-size', String(spec.maxSize), `${where}.max_size`);
        return;
      }
      const s3: S3StoreSpec = spec;
      set('bucket', s3.bucket, `${where}.bucket`);
      if (s3.region !== undefined) set('region', s3.region, `${where}.region`);
      if (s3.endpoint !== undefined) set('endpoint', s3.endpoint, `${where}.endpoint`);
      if (raw.prefix !== undefined) set('prefix', s3.prefix, `${where}.prefix`);
      if (hasSize) set('remote-max-size', String(s3.maxSize), `${where}.max_size`);
      if (s3.credentials !== undefined) credentials = s3.credentials;
    });
  }

  const own = doc[OWN_TABLE];
  if (own !== undefined) {
    const table = tableOf(own);
    if (table === undefined) {
      throw new ConfigFileError(
        file,
        `${OWN_TABLE} is not a table: expected [${OWN_TABLE}] with flags by name`
      );
    }
    const names = CLI_INPUTS.map(s => s.name);
    for (const [k, v] of Object.entries(table)) {
      const name = k.replace(/_/g, '-');
      const key = `${OWN_TABLE}.${k}`;
      if (!names.includes(name)) {
        throw new ConfigFileError(
          file,
          `${key} is not a setting of the CLI: expected one of ${names.join(', ')} (credentials only as access_key and secret_key of an s3 [[cache]])`
        );
      }
      // [compile_cache] is the more specific place: it wins over a [[cache]] field for the same flag.
      set(name, settingText(v, key, file), key);
    }
  }
  if (settings.size === 0) {
    throw new ConfigFileError(
      file,
      `has no [[cache]] block and no [${OWN_TABLE}] table: expected [[cache]] blocks with type = "disk" or "s3"`
    );
  }
  return { file, settings, credentials };
}
