import { InvalidInputError } from './errors.js';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4
};

const SIZE_FORMS =
  'a whole number of bytes with an optional unit B, K/KB/KiB, M/MB/MiB, G/GB/GiB or T/TB/TiB (base 1024), e.g. 500M or 10 GiB';

/**
 * Parses a size such as `4 GB` into bytes (compat with the Go system: base 1024, no sign, no
 * fractions). An empty string is 0, which means unlimited.
 */
export function parseSize(input: string): number {
  const s = input.trim();
  if (s === '') return 0;
  const m = /^(\d+)\s*([a-zA-Z]*)$/.exec(s);
  if (!m) throw new InvalidInputError(`invalid size ${JSON.stringify(input)}: expected ${SIZE_FORMS}`);
  const unit = UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) {
    throw new InvalidInputError(
      `invalid size ${JSON.stringify(input)}: unknown unit ${JSON.stringify(m[2])}; expected ${SIZE_FORMS}`
    );
  }
  const value = BigInt(m[1]!) * BigInt(unit);
  // The Go side keeps sizes in an int64; beyond that, and beyond exact doubles, it is an overflow.
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidInputError(
      `invalid size ${JSON.stringify(input)}: too large (overflow); expected ${SIZE_FORMS}`
    );
  }
  return Number(value);
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000
};

const AGE_FORMS = 'a duration such as 720h, 1h30m, 90s or whole days such as 14d (0 or empty disables)';

/**
 * Parses an age into milliseconds: Go durations (`720h`, `1h30m`, `1.5h`, `90s`) plus days (`14d`).
 * Empty and `0` mean 0 (disabled). Negative ages are rejected.
 */
export function parseAge(input: string): number {
  const s = input.trim();
  if (s === '' || s === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    part.lastIndex = pos;
    const m = part.exec(s);
    if (!m) throw new InvalidInputError(`invalid age ${JSON.stringify(input)}: expected ${AGE_FORMS}`);
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    pos = part.lastIndex;
  }
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) {
    throw new InvalidInputError(`invalid age ${JSON.stringify(input)}: too large; expected ${AGE_FORMS}`);
  }
  return Math.round(total);
}
