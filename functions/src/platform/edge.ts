import type { FieldIssue } from '@govshare/domain/kernel';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * What every request must be before any route sees it, checked in one place for every route:
 * text is valid UTF-8 and holds no unpaired surrogate or non-character (U+FFFE, U+FDD0…: SQS,
 * XML and most databases refuse them, and no real name holds one), query values are properly
 * percent-encoded, and no key is one that reaches an object's prototype.
 * Characters outside the Basic Multilingual Plane (CJK Extension B, 𠀀) are real in Chinese
 * names and pass.
 */

/** Keys that name an object's prototype machinery: never a field of govshare. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first disallowed character of a text, described, or undefined if it has none. */
export function disallowedCharacter(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'an unpaired surrogate';
      const codePoint = text.codePointAt(i) as number;
      if ((codePoint & 0xfffe) === 0xfffe)
        return `the non-character U+${codePoint.toString(16).toUpperCase()}`;
      i++;
      continue;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return 'an unpaired surrogate';
    if ((unit >= 0xfdd0 && unit <= 0xfdef) || unit === 0xfffe || unit === 0xffff) {
      return `the non-character U+${unit.toString(16).toUpperCase()}`;
    }
  }
  return undefined;
}

/** Issues for every disallowed key or character in a decoded JSON value (body, params, query). */
export function valueIssues(value: unknown, path: string, issues: FieldIssue[] = []): FieldIssue[] {
  if (typeof value === 'string') {
    const bad = disallowedCharacter(value);
    if (bad) issues.push({ path, message: `holds ${bad}, which no text may hold` });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      valueIssues(item, `${path}.${index}`, issues);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (PROTOTYPE_KEYS.has(key)) issues.push({ path: at, message: 'is not a known field' });
      else {
        const badKey = disallowedCharacter(key);
        if (badKey) issues.push({ path: at, message: `holds ${badKey}, which no field name may hold` });
        valueIssues(item, at, issues);
      }
    }
  }
  return issues;
}

/**
 * The query string, decoded strictly from the raw text: `%FF` (not UTF-8) or `%zz` (not an escape)
 * is an issue naming the parameter, where API Gateway's own map would hold a replacement character.
 * Repeated names are joined with commas, as API Gateway joins them. The map has no prototype, so
 * `__proto__` is an ordinary (refused) key.
 */
export function strictQuery(event: APIGatewayProxyEventV2): {
  values: Record<string, string>;
  issues: FieldIssue[];
} {
  const values = Object.create(null) as Record<string, string>;
  const issues: FieldIssue[] = [];
  const raw = event.rawQueryString;
  if (raw === undefined) {
    // Built by hand (tests, some tools): the decoded map is all there is.
    for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) values[key] = value ?? '';
    return { values, issues };
  }
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const rawKey = separator < 0 ? pair : pair.slice(0, separator);
    const rawValue = separator < 0 ? '' : pair.slice(separator + 1);
    const key = strictDecode(rawKey);
    const name = key ?? rawKey;
    const value = strictDecode(rawValue);
    if (key === undefined || value === undefined) {
      issues.push({ path: `query.${name}`, message: 'is not valid percent-encoded UTF-8' });
      continue;
    }
    values[key] = key in values ? `${values[key]},${value}` : value;
  }
  return { values, issues };
}

function strictDecode(text: string): string | undefined {
  try {
    // decodeURIComponent throws on a broken escape and on bytes that are not UTF-8.
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * A body the gateway could not pass as text arrives base64-encoded: decode it strictly, so bytes
 * that are not UTF-8 are refused (naming `body`) instead of turned into replacement characters.
 * Returns the issue, if any; otherwise the event carries the decoded text.
 */
export function decodeBody(event: APIGatewayProxyEventV2): FieldIssue | undefined {
  if (!event.isBase64Encoded || event.body === undefined) return undefined;
  try {
    event.body = strictUtf8.decode(Buffer.from(event.body, 'base64'));
    event.isBase64Encoded = false;
    return undefined;
  } catch {
    return { path: 'body', message: 'is not valid UTF-8' };
  }
}
