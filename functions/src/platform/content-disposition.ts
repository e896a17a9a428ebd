/**
 * `attachment` with the file's name, for every download the platform hands out (exports answered
 * directly, presigned GETs of stored files): an ASCII fallback for old clients, and the UTF-8 name
 * (RFC 6266, RFC 8187) percent-encoded so Chinese names survive every browser.
 */
export const attachmentDisposition = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
