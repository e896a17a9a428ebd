import { createHash } from 'node:crypto';
import type {
  DocumentLayout,
  FontRole,
  LayoutColour,
  LayoutElement,
  LineElement,
  SealElement,
  TextElement,
} from '@govshare/domain/exchange';
import * as fontkit from 'fontkit';
import subsetFont from 'subset-font';
import type { LayoutFonts } from '../fonts.ts';
import type { RenderMeta } from '../pdf.ts';
import { SEAL_RED, sealDrawing } from '../seal-drawing.ts';
import { DOC_ROOT, DOCUMENT_ID_DATA, SEAL_PLACE_DATA } from './names.ts';
import { el, lengths, type Markup, mm, xmlFile } from './xml.ts';
import { type OfdFiles, writePackage } from './zip-package.ts';

/**
 * The OFD writer (GB/T 33190-2016): a laid-out document as an OFD package, every element where
 * the layout puts it. OFD's page space is the layout's own (millimetres, origin top-left, y down),
 * so positions are written as they are; only type sizes change unit (points to millimetres).
 *
 *   OFD.xml                       DocInfo (DocID, Title, Author, CreationDate, …), DocRoot
 *   Doc_0/Document.xml            CommonData (MaxUnitID, A4 PhysicalBox, PublicRes), Pages
 *   Doc_0/PublicRes.xml           Fonts (each subset to the characters used), seal images
 *   Doc_0/Res/font_<ID>.ttf …     the embedded files
 *   Doc_0/Pages/Page_<n>/Content.xml   one Layer of TextObjects, PathObjects, ImageObjects
 *
 * The same layout and meta give the same bytes (no clock, no randomness; see writePackage).
 */
export interface OfdMeta extends RenderMeta {
  /** The platform's id of the document: DocID is derived from it, and it is kept in CustomDatas. */
  documentId: string;
}

const MM_PER_PT = 25.4 / 72;
const FONT_ROLES: FontRole[] = ['fangsong', 'songti', 'kaiti', 'xiaobiaosong', 'heiti'];
const RGB: Record<LayoutColour, string> = {
  black: '0 0 0',
  red: `${SEAL_RED.r} ${SEAL_RED.g} ${SEAL_RED.b}`,
};
/** A text object's box: from one em above the baseline to a quarter em below it. */
const ASCENT_EM = 1;
const DESCENT_EM = 0.25;
/** Cubic Bézier handle length that draws a quarter circle (error < 0.03 %). */
const KAPPA = 0.5522847498;

export async function renderOfd(
  layout: DocumentLayout,
  fonts: LayoutFonts,
  meta: OfdMeta,
): Promise<Uint8Array> {
  return writePackage(await ofdFiles(layout, fonts, meta), meta.createdAt);
}

/** The files of the package, in the order they are zipped. */
export async function ofdFiles(layout: DocumentLayout, fonts: LayoutFonts, meta: OfdMeta): Promise<OfdFiles> {
  let lastId = 0;
  const nextId = () => ++lastId;
  const resources = new Map<string, Uint8Array>();

  // One embedded font per font file (roles that share a file share its subset).
  const fontIds = new Map<FontRole, number>();
  const fontWeights = new Map<FontRole, number>();
  const fontEntries: Markup[] = [];
  const used = charactersByRole(layout);
  const byFile = new Map<Uint8Array, FontRole[]>();
  for (const role of FONT_ROLES) {
    if (!used.get(role)) continue;
    const file = fonts.file(role);
    byFile.set(file, [...(byFile.get(file) ?? []), role]);
  }
  for (const [file, roles] of byFile) {
    const id = nextId();
    const text = [...new Set(roles.flatMap((role) => [...(used.get(role) ?? '')]))].sort().join('');
    const subset = await subsetFont(Buffer.from(file.buffer, file.byteOffset, file.byteLength), text, {
      targetFormat: 'truetype',
    });
    const name = `font_${id}.ttf`;
    resources.set(name, new Uint8Array(subset));
    // FontName is the face ("Noto Serif SC Bold"), FamilyName its family; a heavy face's text also
    // carries its Weight, so a reader that picks faces by family and weight picks this one.
    const face = fontkit.create(Buffer.from(subset)) as fontkit.Font;
    const weight = (face['OS/2'] as { usWeightClass?: number } | undefined)?.usWeightClass ?? 400;
    fontEntries.push(
      el(
        'Font',
        { ID: id, FontName: face.fullName, FamilyName: fonts.family(roles[0] as FontRole) },
        el('FontFile', {}, name),
      ),
    );
    for (const role of roles) {
      fontIds.set(role, id);
      fontWeights.set(role, weight);
    }
  }

  const images = new Map<string, number>();
  const imageEntries: Markup[] = [];
  for (const page of layout.pages) {
    for (const element of page.elements) {
      const sha = element.kind === 'seal' ? element.imageSha256 : undefined;
      const data = sha ? meta.sealImages?.[sha] : undefined;
      if (!sha || !data || images.has(sha)) continue;
      const id = nextId();
      const format = imageFormat(data);
      const name = `image_${id}.${format === 'PNG' ? 'png' : 'jpg'}`;
      resources.set(name, data);
      images.set(sha, id);
      imageEntries.push(
        el('MultiMedia', { ID: id, Type: 'Image', Format: format }, el('MediaFile', {}, name)),
      );
    }
  }

  const sealPlaces: string[] = [];
  const pageFiles: [string, Uint8Array][] = [];
  const pageEntries: Markup[] = [];
  layout.pages.forEach((page, index) => {
    const pageId = nextId();
    const layerId = nextId();
    // Seals first: text over them stays legible, as printed under seal ink.
    const ordered = [...page.elements].sort((a, b) => Number(b.kind === 'seal') - Number(a.kind === 'seal'));
    const objects = ordered.flatMap((element) =>
      objectsOf(element, { nextId, fonts, fontIds, fontWeights, images, sealPlaces, pageIndex: index }),
    );
    const content = el(
      'Page',
      {},
      el('Area', {}, el('PhysicalBox', {}, lengths(0, 0, layout.widthMm, layout.heightMm))),
      el('Content', {}, el('Layer', { ID: layerId, Type: 'Body' }, ...objects)),
    );
    const loc = `Pages/Page_${index}/Content.xml`;
    pageFiles.push([`Doc_0/${loc}`, xmlFile(content)]);
    pageEntries.push(el('Page', { ID: pageId, BaseLoc: loc }));
  });

  const publicRes = el(
    'Res',
    { BaseLoc: 'Res' },
    fontEntries.length > 0 && el('Fonts', {}, ...fontEntries),
    imageEntries.length > 0 && el('MultiMedias', {}, ...imageEntries),
  );
  const document = el(
    'Document',
    {},
    el(
      'CommonData',
      {},
      el('MaxUnitID', {}, String(lastId)),
      el('PageArea', {}, el('PhysicalBox', {}, lengths(0, 0, layout.widthMm, layout.heightMm))),
      el('PublicRes', {}, 'PublicRes.xml'),
    ),
    el('Pages', {}, ...pageEntries),
  );
  const date = meta.createdAt.toISOString().slice(0, 10);
  const ofd = el(
    'OFD',
    { Version: '1.0', DocType: 'OFD' },
    el(
      'DocBody',
      {},
      el(
        'DocInfo',
        {},
        el('DocID', {}, docId(meta.documentId)),
        el('Title', {}, meta.title),
        el('Author', {}, meta.author),
        meta.subject !== undefined && el('Subject', {}, meta.subject),
        el('CreationDate', {}, date),
        el('Creator', {}, 'govshare'),
        el(
          'CustomDatas',
          {},
          el('CustomData', { Name: DOCUMENT_ID_DATA }, meta.documentId),
          ...sealPlaces.map((place) => el('CustomData', { Name: SEAL_PLACE_DATA }, place)),
        ),
      ),
      el('DocRoot', {}, DOC_ROOT),
    ),
  );

  const files: OfdFiles = new Map();
  files.set('OFD.xml', xmlFile(ofd));
  files.set(DOC_ROOT, xmlFile(document));
  files.set('Doc_0/PublicRes.xml', xmlFile(publicRes));
  for (const [path, data] of pageFiles) files.set(path, data);
  for (const [name, data] of resources) files.set(`Doc_0/Res/${name}`, data);
  return files;
}

/** DocID (GB/T 33190 §7.4: a UUID, 32 hex digits): derived from the document's id, so it is stable. */
function docId(documentId: string): string {
  return createHash('sha256').update(`govshare-ofd\n${documentId}`).digest('hex').slice(0, 32);
}

function charactersByRole(layout: DocumentLayout): Map<FontRole, string> {
  const used = new Map<FontRole, Set<string>>();
  const add = (role: FontRole, text: string) => {
    const set = used.get(role) ?? new Set<string>();
    for (const char of text) set.add(char);
    used.set(role, set);
  };
  for (const [role, text] of Object.entries(layout.characters)) add(role as FontRole, text ?? '');
  // The layout's list should already hold these; a text missing from it must still render.
  for (const page of layout.pages)
    for (const element of page.elements) if (element.kind === 'text') add(element.font, element.text);
  return new Map([...used].map(([role, set]) => [role, [...set].sort().join('')]));
}

function imageFormat(data: Uint8Array): 'PNG' | 'JPEG' {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'PNG';
  if (data[0] === 0xff && data[1] === 0xd8) return 'JPEG';
  throw new TypeError('A seal image must be PNG or JPEG');
}

interface PageContext {
  nextId: () => number;
  fonts: LayoutFonts;
  fontIds: Map<FontRole, number>;
  fontWeights: Map<FontRole, number>;
  images: Map<string, number>;
  sealPlaces: string[];
  pageIndex: number;
}

function objectsOf(element: LayoutElement, context: PageContext): Markup[] {
  if (element.kind === 'text') return [textObject(element, context)];
  if (element.kind === 'line') return [lineObject(element, context)];
  return sealObjects(element, context);
}

/** The advance of each character, mm: the font's width plus the element's letter spacing. */
export function glyphAdvances(element: TextElement, fonts: Pick<LayoutFonts, 'measure'>): number[] {
  const spacing = element.letterSpacingMm ?? 0;
  return [...element.text].map((char) => fonts.measure(char, element.font, element.sizePt) + spacing);
}

function textObject(element: TextElement, { nextId, fonts, fontIds, fontWeights }: PageContext): Markup {
  const weight = element.bold ? 700 : (fontWeights.get(element.font) ?? 400);
  const size = element.sizePt * MM_PER_PT;
  const advances = glyphAdvances(element, fonts);
  const width = advances.reduce((sum, advance) => sum + advance, 0) + Math.abs(element.letterSpacingMm ?? 0);
  const top = element.baseline - ASCENT_EM * size;
  return el(
    'TextObject',
    {
      ID: nextId(),
      Boundary: lengths(element.x, top, Math.max(width, size), (ASCENT_EM + DESCENT_EM) * size),
      Font: fontIds.get(element.font),
      Size: mm(size),
      Weight: weight === 400 ? undefined : weight,
    },
    el('FillColor', { Value: RGB[element.colour] }),
    el(
      'TextCode',
      {
        X: 0,
        Y: mm(ASCENT_EM * size),
        DeltaX: advances.length > 1 ? lengths(...advances.slice(0, -1)) : undefined,
      },
      element.text,
    ),
  );
}

function lineObject(element: LineElement, { nextId }: PageContext): Markup {
  const pad = element.widthMm;
  const left = Math.min(element.x1, element.x2) - pad;
  const top = Math.min(element.y1, element.y2) - pad;
  const width = Math.abs(element.x2 - element.x1) + 2 * pad;
  const height = Math.abs(element.y2 - element.y1) + 2 * pad;
  return el(
    'PathObject',
    {
      ID: nextId(),
      Boundary: lengths(left, top, width, height),
      LineWidth: mm(element.widthMm),
      Stroke: 'true',
      Fill: 'false',
    },
    el('StrokeColor', { Value: RGB[element.colour] }),
    el(
      'AbbreviatedData',
      {},
      `M ${lengths(element.x1 - left, element.y1 - top)} L ${lengths(element.x2 - left, element.y2 - top)}`,
    ),
  );
}

function sealObjects(
  seal: SealElement,
  { nextId, fonts, images, sealPlaces, pageIndex }: PageContext,
): Markup[] {
  const radius = seal.diameterMm / 2;
  const left = seal.cx - radius;
  const top = seal.cy - radius;
  const box = lengths(left, top, seal.diameterMm, seal.diameterMm);
  sealPlaces.push(`${pageIndex} ${box} ${seal.unitName}`);
  const imageId = seal.imageSha256 ? images.get(seal.imageSha256) : undefined;
  if (imageId !== undefined) {
    return [
      el('ImageObject', {
        ID: nextId(),
        Boundary: box,
        CTM: `${mm(seal.diameterMm)} 0 0 ${mm(seal.diameterMm)} 0 0`,
        ResourceID: imageId,
      }),
    ];
  }
  const drawing = sealDrawing(seal, fonts);
  const red = `${drawing.colour.r} ${drawing.colour.g} ${drawing.colour.b}`;
  // Everything is drawn in the seal's square, centre at (radius, radius).
  const filled = (data: string, ctm?: string) =>
    el(
      'PathObject',
      { ID: nextId(), Boundary: box, CTM: ctm, Stroke: 'false', Fill: 'true' },
      el('FillColor', { Value: red }),
      el('AbbreviatedData', {}, data),
    );
  const objects = drawing.rings.map((ring) =>
    el(
      'PathObject',
      { ID: nextId(), Boundary: box, LineWidth: mm(ring.widthMm), Stroke: 'true', Fill: 'false' },
      el('StrokeColor', { Value: red }),
      el('AbbreviatedData', {}, circlePath(radius, radius, ring.radiusMm)),
    ),
  );
  const star = drawing.star.map(
    ([x, y], index) => `${index === 0 ? 'M' : 'L'} ${lengths(radius + x, radius + y)}`,
  );
  objects.push(filled(`${star.join(' ')} C`));
  for (const glyph of drawing.glyphs) {
    if (!glyph.path) continue;
    const turn = (glyph.rotationDeg * Math.PI) / 180;
    const cos = Math.cos(turn);
    const sin = Math.sin(turn);
    const ctm = `${mm(cos)} ${mm(sin)} ${mm(-sin)} ${mm(cos)} ${mm(radius + glyph.originX)} ${mm(radius + glyph.originY)}`;
    objects.push(filled(svgToAbbreviated(glyph.path), ctm));
  }
  return objects;
}

function circlePath(cx: number, cy: number, r: number): string {
  const k = r * KAPPA;
  const p = (x: number, y: number) => lengths(cx + x, cy + y);
  return [
    `M ${p(r, 0)}`,
    `B ${p(r, k)} ${p(k, r)} ${p(0, r)}`,
    `B ${p(-k, r)} ${p(-r, k)} ${p(-r, 0)}`,
    `B ${p(-r, -k)} ${p(-k, -r)} ${p(0, -r)}`,
    `B ${p(k, -r)} ${p(r, -k)} ${p(r, 0)}`,
    'C',
  ].join(' ');
}

/** SVG path data of absolute M/L/Q/C/Z commands (as fontkit writes outlines) in OFD's AbbreviatedData. */
export function svgToAbbreviated(svg: string): string {
  const OFD_COMMAND: Record<string, string> = { M: 'M', L: 'L', Q: 'Q', C: 'B', Z: 'C' };
  const out: string[] = [];
  for (const [, command, args] of svg.matchAll(/([A-Za-z])([^A-Za-z]*)/g)) {
    const ofdCommand = OFD_COMMAND[command as string];
    if (!ofdCommand) throw new TypeError(`Unexpected path command ${command}`);
    const numbers = (args as string)
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    out.push(numbers.length > 0 ? `${ofdCommand} ${lengths(...numbers)}` : ofdCommand);
  }
  return out.join(' ');
}
