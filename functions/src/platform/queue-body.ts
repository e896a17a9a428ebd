/**
 * The body of an SQS message, for any queue of the platform: JSON in which every character SQS could
 * refuse is written as a \uXXXX escape.
 *
 * Why: SQS accepts only #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF in a body, and the local
 * emulator refuses everything outside the BMP too, so a caller's text holding U+FFFE or a character of
 * CJK Extension B (𠀀, real in Chinese names) or an emoji would make the send fail. JSON.stringify
 * already escapes the controls below U+0020; escaping the surrogates (so every character outside the
 * BMP, as its pair) and U+FFFE/U+FFFF as well leaves only characters that both accept. The body stays
 * JSON: `JSON.parse` reads it as it is, so messages queued before as plain JSON, and consumers not yet
 * redeployed, read both. Chinese text of the BMP stays as it is (readable in a dead-letter queue,
 * 3 bytes a character); a character outside it costs 12 bytes instead of 4.
 */
export function encodeQueueBody(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('A queue message body must be JSON');
  // Outside strings JSON is ASCII, so every match is inside a string, where an escape is valid. The
  // pattern has no u flag: it sees UTF-16 code units, and a pair becomes two escapes, as JSON writes it.
  return json.replace(REFUSED_BY_SQS, escapeUnit);
}

/** The value of a body sent by encodeQueueBody, or of a plain-JSON one; throws on anything else. */
export function decodeQueueBody(body: string): unknown {
  return JSON.parse(body);
}

const REFUSED_BY_SQS = /[\ud800-\udfff\ufffe\uffff]/g;

const escapeUnit = (unit: string) => `\\u${unit.charCodeAt(0).toString(16)}`;
