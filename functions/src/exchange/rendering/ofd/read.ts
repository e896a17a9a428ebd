import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DOCUMENT_ID_DATA, SEAL_PLACE_DATA } from './names.ts';
import { OFD_NAMESPACE } from './xml.ts';
import { type OfdFiles, readPackage, resolveLoc } from './zip-package.ts';

/**
 * Reading an OFD package back: the document's parts resolved from OFD.xml (GB/T 33190 §7.4–7.7),
 * the text of each page in content order, and the seal signatures it carries. Used by the verify
 * route and the tests; it reads what any writer following the standard writes, not only ours.
 */

export class OfdFormatError extends Error {}

type Node = Record<string, unknown>;
const LISTS = new Set([
  'Page',
  'Layer',
  'TextObject',
  'TextCode',
  'PathObject',
  'ImageObject',
  'PageBlock',
  'Font',
  'Signature',
  'Reference',
  'CustomData',
  'DocBody',
]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => LISTS.has(name),
});

/** One file of the package as XML, after checking it is well-formed and in OFD's namespace. */
export function parseXml(files: OfdFiles, path: string): Node {
  const data = files.get(path);
  if (!data) throw new OfdFormatError(`${path} is missing`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new OfdFormatError(`${path} is not UTF-8`);
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new OfdFormatError(`${path} is not well-formed XML: ${valid.err.msg}`);
  if (!text.includes(`"${OFD_NAMESPACE}"`)) throw new OfdFormatError(`${path} is not in the OFD namespace`);
  return parser.parse(text) as Node;
}

const child = (node: unknown, name: string): Node | undefined => {
  const value = (node as Node | undefined)?.[name];
  return Array.isArray(value) ? (value[0] as Node) : (value as Node | undefined);
};
const children = (node: unknown, name: string): Node[] => {
  const value = (node as Node | undefined)?.[name];
  return value === undefined ? [] : Array.isArray(value) ? (value as Node[]) : [value as Node];
};
/** Text content of an element (a plain string, or `#text` when it has attributes). */
export const textOf = (node: unknown): string =>
  typeof node === 'string'
    ? node
    : typeof node === 'object' && node
      ? String((node as Node)['#text'] ?? '')
      : '';

export interface OfdPageRef {
  id: string;
  path: string;
}

export interface OfdDocumentParts {
  files: OfdFiles;
  docRoot: string;
  info: Node;
  pages: OfdPageRef[];
  signaturesPath?: string;
  maxUnitId: number;
}

export function documentParts(files: OfdFiles): OfdDocumentParts {
  const ofd = child(parseXml(files, 'OFD.xml'), 'OFD');
  const body = child(ofd, 'DocBody');
  const rootLoc = textOf(child(body, 'DocRoot'));
  if (!rootLoc) throw new OfdFormatError('OFD.xml names no DocRoot');
  const docRoot = resolveLoc(rootLoc, 'OFD.xml');
  const document = child(parseXml(files, docRoot), 'Document');
  const pages = children(child(document, 'Pages'), 'Page').map((page) => ({
    id: String(page['@ID']),
    path: resolveLoc(String(page['@BaseLoc']), docRoot),
  }));
  const signaturesLoc = textOf(child(body, 'Signatures'));
  return {
    files,
    docRoot,
    info: child(body, 'DocInfo') ?? {},
    pages,
    maxUnitId: Number(textOf(child(child(document, 'CommonData'), 'MaxUnitID'))),
    ...(signaturesLoc ? { signaturesPath: resolveLoc(signaturesLoc, 'OFD.xml') } : {}),
  };
}

export interface OfdTextRun {
  text: string;
  /** Page position of the run's first glyph on its baseline, mm. */
  x: number;
  y: number;
  /** Each glyph step, mm. */
  deltaX: number[];
  sizeMm: number;
  font: string;
  fill?: string;
}

/** ST_Array with OFD's "g n value" repetition (GB/T 33190 §7.12.2, Table 35). */
export function deltas(value: string | undefined): number[] {
  const tokens = (value ?? '').trim().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'g') {
      const count = Number(tokens[i + 1]);
      const step = Number(tokens[i + 2]);
      for (let n = 0; n < count; n++) out.push(step);
      i += 2;
    } else out.push(Number(tokens[i]));
  }
  return out;
}

/** The text runs of a page, in content order (layers, then objects, including those in PageBlocks). */
export function pageTextRuns(files: OfdFiles, path: string): OfdTextRun[] {
  const page = child(parseXml(files, path), 'Page');
  const runs: OfdTextRun[] = [];
  const visit = (container: Node) => {
    for (const object of children(container, 'TextObject')) {
      const [x0 = 0, y0 = 0] = String(object['@Boundary'] ?? '0 0 0 0')
        .split(/\s+/)
        .map(Number);
      for (const code of children(object, 'TextCode')) {
        runs.push({
          text: textOf(code),
          x: x0 + Number(code['@X'] ?? 0),
          y: y0 + Number(code['@Y'] ?? 0),
          deltaX: deltas(code['@DeltaX'] as string | undefined),
          sizeMm: Number(object['@Size']),
          font: String(object['@Font']),
          ...(child(object, 'FillColor') ? { fill: String(child(object, 'FillColor')?.['@Value']) } : {}),
        });
      }
    }
    for (const block of children(container, 'PageBlock')) visit(block);
  };
  for (const layer of children(child(page, 'Content'), 'Layer')) visit(layer);
  return runs;
}

export interface OfdSignatureEntry {
  id: string;
  type: string;
  path: string;
}

export function signatureEntries(parts: OfdDocumentParts): OfdSignatureEntry[] {
  if (!parts.signaturesPath) return [];
  const list = child(parseXml(parts.files, parts.signaturesPath), 'Signatures');
  return children(list, 'Signature').map((entry) => ({
    id: String(entry['@ID']),
    type: String(entry['@Type'] ?? 'Seal'),
    path: resolveLoc(String(entry['@BaseLoc']), parts.signaturesPath as string),
  }));
}

export interface OfdStamp {
  /** 0-based page index. */
  page: number;
  boundary: [number, number, number, number];
}

export interface SignatureXml {
  method: string;
  checkMethod: string;
  dateTime: string;
  references: { path: string; fileRef: string; checkValue: string }[];
  stamps: OfdStamp[];
  signedValuePath: string;
}

export function signatureXml(parts: OfdDocumentParts, path: string): SignatureXml {
  const signature = child(parseXml(parts.files, path), 'Signature');
  const info = child(signature, 'SignedInfo');
  const references = child(info, 'References');
  const signedValue = textOf(child(signature, 'SignedValue'));
  if (!signedValue) throw new OfdFormatError(`${path} has no SignedValue`);
  return {
    method: textOf(child(info, 'SignatureMethod')),
    checkMethod: String(references?.['@CheckMethod'] ?? 'MD5'),
    dateTime: textOf(child(info, 'SignatureDateTime')),
    references: children(references, 'Reference').map((reference) => ({
      fileRef: String(reference['@FileRef']),
      path: resolveLoc(String(reference['@FileRef']), path),
      checkValue: textOf(child(reference, 'CheckValue')).trim(),
    })),
    stamps: children(info, 'StampAnnot').map((stamp) => ({
      page: parts.pages.findIndex((page) => page.id === String(stamp['@PageRef'])),
      boundary: String(stamp['@Boundary']).split(/\s+/).map(Number) as OfdStamp['boundary'],
    })),
    signedValuePath: resolveLoc(signedValue, path),
  };
}

/** The CustomData values of DocInfo with this name, in order. */
export function customData(parts: OfdDocumentParts, name: string): string[] {
  return children(child(parts.info, 'CustomDatas'), 'CustomData')
    .filter((data) => data['@Name'] === name)
    .map(textOf);
}

export interface SealPlace extends OfdStamp {
  unitName: string;
}

/** Where the writer drew each seal (our CustomData, see render.ts). */
export function sealPlaces(parts: OfdDocumentParts): SealPlace[] {
  return customData(parts, SEAL_PLACE_DATA).map((value) => {
    const [page, x, y, w, h, ...name] = value.split(' ');
    return {
      page: Number(page),
      boundary: [Number(x), Number(y), Number(w), Number(h)],
      unitName: name.join(' '),
    };
  });
}

export interface ReadOfd {
  pages: number;
  /** Each page's text: its text runs in content order, one line each. */
  text: string[];
  title: string;
  documentId?: string;
  signatures: { id: string; path: string; stamps: OfdStamp[]; dateTime: string }[];
}

export function readOfd(bytes: Uint8Array): ReadOfd {
  const parts = documentParts(readPackage(bytes));
  const documentId = customData(parts, DOCUMENT_ID_DATA)[0];
  return {
    pages: parts.pages.length,
    text: parts.pages.map((page) =>
      pageTextRuns(parts.files, page.path)
        .map((run) => run.text)
        .join('\n'),
    ),
    title: textOf(child(parts.info, 'Title')),
    ...(documentId ? { documentId } : {}),
    signatures: signatureEntries(parts).map((entry) => {
      const signature = signatureXml(parts, entry.path);
      return { id: entry.id, path: entry.path, stamps: signature.stamps, dateTime: signature.dateTime };
    }),
  };
}
