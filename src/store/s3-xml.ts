/**
 * Reading and writing the little XML that S3 speaks: listings, errors, DeleteObjects. The answers
 * are flat and regular (no attributes we need, no CDATA, no namespaces in element names), so the
 * elements are found by name; what is found is unescaped, and nothing else is trusted: a field that
 * is missing or not what its type says is absent, never a guess.
 */

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    ENTITY,
    (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (name) return NAMED[name]!;
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
  );
}

/** Text for an element's content; control characters as references, so no parser normalises them. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return text.replace(/[&<>"'\u0000-\u001f]/g, c => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#x${c.charCodeAt(0).toString(16)};`;
    }
  });
}

const patterns = new Map<string, RegExp>();

/** `<tag>…</tag>`, `<tag attr="…">…</tag>` or `<tag/>`, the inner text in group 1 (empty when self-closed). */
function elementPattern(tag: string): RegExp {
  let re = patterns.get(tag);
  if (!re) {
    re = new RegExp(`<${tag}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${tag}\\s*>)`, 'g');
    patterns.set(tag, re);
  }
  re.lastIndex = 0;
  return re;
}

/** The raw inner text of every `tag` element, in order (not unescaped: they may hold elements). */
export function xmlElements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = elementPattern(tag);
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] ?? '');
  return out;
}

/** The unescaped text of the first `tag` element, or undefined when there is none. */
export function xmlText(xml: string, tag: string): string | undefined {
  const m = elementPattern(tag).exec(xml);
  return m ? unescapeXml(m[1] ?? '') : undefined;
}
