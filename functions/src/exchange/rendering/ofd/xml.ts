/**
 * The little XML the OFD package needs, written so that no text can become markup: element names
 * are fixed in code, every attribute value and text child is escaped, and markup can only come from
 * `el` itself (a `Markup` value), never from a string.
 */

/** OFD's one namespace (GB/T 33190-2016 §7.1). */
export const OFD_NAMESPACE = 'http://www.ofdspec.org/2016';

export class Markup {
  constructor(readonly text: string) {}
}

export type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Markup | string | undefined | false;

// XML 1.0 §2.2 Char: anything else (C0 controls but tab/LF/CR, surrogates, U+FFFE/FFFF) is refused, not dropped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function escapeXml(text: string, attribute: boolean): string {
  if (NOT_XML_CHAR.test(text)) throw new RangeError('Text holds a character XML cannot carry');
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute
    ? escaped.replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
    : escaped.replace(/\r/g, '&#13;');
}

/** `<ofd:name attributes>children</ofd:name>`; undefined attributes and children are left out. */
export function el(name: string, attributes: Attributes = {}, ...children: Child[]): Markup {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value), true)}"`)
    .join('');
  const body = children
    .filter((child): child is Markup | string => child !== undefined && child !== false)
    .map((child) => (child instanceof Markup ? child.text : escapeXml(child, false)))
    .join('');
  const tag = `ofd:${name}`;
  return new Markup(body ? `<${tag}${attrs}>${body}</${tag}>` : `<${tag}${attrs}/>`);
}

/** A whole file: the declaration and the root element, which carries the namespace. */
export function xmlFile(root: Markup): Uint8Array {
  const text = root.text.replace(/^<ofd:(\w+)/, `<ofd:$1 xmlns:ofd="${OFD_NAMESPACE}"`);
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`);
}

/** Millimetres as OFD writes them: at most three decimals (1 µm), no trailing zeros, no "-0". */
export function mm(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a length: ${value}`);
  const rounded = Math.round(value * 1000) / 1000;
  return String(rounded === 0 ? 0 : rounded);
}

/** An ST_Box or ST_Array of lengths: "x y w h". */
export const lengths = (...values: number[]) => values.map(mm).join(' ');
