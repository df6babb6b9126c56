/**
 * Depfiles (`-MD`/`-MMD` output) as gcc and clang write them, so that a cached depfile can be given
 * the target(s) and checkout path of the call it is restored for, byte for byte as that call's own
 * compile would have written it. The object path, `-MT`/`-MQ` and `-MF` are then not in the key
 * (a build compiling one source under several object names, as fmt's tests do, hits).
 *
 * The model is checked, not trusted: a stored depfile is used only when rendering its own parsed
 * targets and dependencies in the compiler's style gives back exactly its bytes; otherwise the call
 * is a miss. Anything needing make quoting (spaces, `$`, `#`, backslash escapes) is never rewritten.
 */

/** Which compiler wrote it: their line wrapping differs. */
export type DepfileStyle = 'gcc' | 'clang';

export interface ParsedDepfile {
  targets: string[];
  deps: string[];
  /** `-MP`: a phony rule for every dependency but the first (the source). */
  phony: boolean;
}

/** Characters a path may have for us to rewrite it: nothing make would need quoted, no `:` or `=`. */
export const PLAIN_PATH = /^[A-Za-z0-9._+\-/@~,%]+$/;

/** gcc (mkdeps.cc, make_write_name): wraps before a name that would pass column 72; continuation lines start with one space. */
function renderGcc(d: ParsedDepfile): string {
  const COLMAX = 72;
  let out = '';
  let col = 0;
  const name = (n: string) => {
    if (col !== 0) {
      if (col + n.length > COLMAX) {
        out += ' \\\n';
        col = 0;
      }
      col++;
      out += ' ';
    }
    col += n.length;
    out += n;
  };
  d.targets.forEach(name);
  out += ':';
  col++;
  d.deps.forEach(name);
  out += '\n';
  if (d.phony) for (const dep of d.deps.slice(1)) out += `${dep}:\n`;
  return out;
}

/** clang (DependencyFileGenerator::outputDependencyFile): 75 columns, leaving room for ` \`; phony rules separated by blank lines. */
function renderClang(d: ParsedDepfile): string {
  const MAX = 75;
  let out = '';
  let col = 0;
  for (const t of d.targets) {
    if (col === 0) col += t.length;
    else if (col + t.length + 2 > MAX) {
      col = t.length + 2;
      out += ' \\\n  ';
    } else {
      col += t.length + 1;
      out += ' ';
    }
    out += t;
  }
  out += ':';
  col += 1;
  for (const dep of d.deps) {
    if (col + dep.length + 1 + 2 > MAX) {
      out += ' \\\n ';
      col = 2;
    }
    out += ' ' + dep;
    col += dep.length + 1;
  }
  out += '\n';
  if (d.phony) for (const dep of d.deps.slice(1)) out += `\n${dep}:\n`;
  return out;
}

export function renderDepfile(style: DepfileStyle, d: ParsedDepfile): string {
  return style === 'gcc' ? renderGcc(d) : renderClang(d);
}

/** Targets, dependencies and phony rules of a depfile with only plain paths; null for anything else. */
export function parseDepfile(text: string): ParsedDepfile | null {
  if (!text.endsWith('\n') || /[$\t\r]|\\(?!\n)/.test(text)) return null;
  const end = /(?<!\\)\n/.exec(text);
  if (end === null) return null;
  const words = text
    .slice(0, end.index)
    .replace(/\\\n/g, ' ')
    .split(' ')
    .filter(w => w !== '');
  const colon = words.findIndex(w => w.endsWith(':'));
  if (colon < 0) return null;
  const targets = [...words.slice(0, colon), (words[colon] as string).slice(0, -1)];
  const deps = words.slice(colon + 1);
  const rest = text
    .slice(end.index + 1)
    .split('\n')
    .filter(l => l !== '');
  if (rest.some(l => !l.endsWith(':'))) return null;
  const all = [...targets, ...deps];
  if (all.length === 0 || all.some(p => !PLAIN_PATH.test(p))) return null;
  return { targets, deps, phony: rest.length > 0 };
}

/**
 * The stored depfile as this call's compile would write it: `targets` instead of the stored ones,
 * and dependencies below `fromPrefix` moved below `toPrefix` (the checkout the entry was made in and
 * this one). Null when the stored bytes are not exactly what the model renders (then: a miss).
 */
export function rewriteDepfile(
  stored: Uint8Array,
  style: DepfileStyle,
  targets: readonly string[],
  move: { from: string; to: string } | null
): Buffer | null {
  const text = Buffer.from(stored).toString('latin1');
  const parsed = parseDepfile(text);
  if (parsed === null || renderDepfile(style, parsed) !== text) return null;
  if (targets.some(t => !PLAIN_PATH.test(t))) return null;
  const moved = (p: string) =>
    move !== null && (p === move.from || p.startsWith(move.from.endsWith('/') ? move.from : move.from + '/'))
      ? move.to + p.slice(move.from.length)
      : p;
  const deps = parsed.deps.map(moved);
  if (deps.some(p => !PLAIN_PATH.test(p))) return null;
  return Buffer.from(renderDepfile(style, { targets: [...targets], deps, phony: parsed.phony }), 'latin1');
}
