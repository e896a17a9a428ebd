import type { DocumentLayout, FontRole, LayoutColour, LayoutElement } from '@govshare/domain/exchange';
import PDFDocument from 'pdfkit';
import { type LayoutFonts, PLAIN_FEATURES } from './fonts.ts';
import { SEAL_RED, sealDrawing } from './seal-drawing.ts';

export interface RenderMeta {
  title: string;
  author: string;
  subject?: string;
  createdAt: Date;
  /** Uploaded seal images (PNG or JPEG) by SHA-256, for seals that name one; others are drawn. */
  sealImages?: Record<string, Uint8Array>;
}

const PT_PER_MM = 72 / 25.4;
const pt = (mm: number) => mm * PT_PER_MM;
const COLOURS: Record<LayoutColour, [number, number, number]> = {
  black: [0, 0, 0],
  red: [SEAL_RED.r, SEAL_RED.g, SEAL_RED.b],
};

/**
 * Writes a laid-out document as PDF, placing each element exactly where the layout says: pdfkit's
 * origin is the page's top-left corner with y down, as the layout's, and text is set on its
 * baseline (`baseline: 'alphabetic'`). Fonts are subset to the characters used. The same layout
 * and meta give the same bytes: the dates and the file ID come from `meta` only.
 */
export async function renderPdf(
  layout: DocumentLayout,
  fonts: LayoutFonts,
  meta: RenderMeta,
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    // No default Helvetica: every run names its embedded font, and a bundle has no AFM files.
    font: '',
    compress: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      ...(meta.subject ? { Subject: meta.subject } : {}),
      Creator: 'govshare',
      Producer: 'govshare',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  // Roles sharing one file share one embedded subset.
  const registered = new Map<Uint8Array, string>();
  const fontName = (role: FontRole) => {
    const file = fonts.file(role);
    let name = registered.get(file);
    if (!name) {
      name = `F${registered.size + 1}`;
      doc.registerFont(name, Buffer.from(file.buffer, file.byteOffset, file.byteLength));
      registered.set(file, name);
    }
    return name;
  };

  for (const page of layout.pages) {
    doc.addPage({ size: [pt(layout.widthMm), pt(layout.heightMm)], margin: 0 });
    // Seals first: the text over them stays legible, as on a printed page under seal ink.
    const ordered = [...page.elements].sort((a, b) => Number(b.kind === 'seal') - Number(a.kind === 'seal'));
    for (const element of ordered) drawElement(doc, element, fonts, fontName, meta.sealImages ?? {});
  }
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

function drawElement(
  doc: PDFKit.PDFDocument,
  element: LayoutElement,
  fonts: LayoutFonts,
  fontName: (role: FontRole) => string,
  sealImages: Record<string, Uint8Array>,
) {
  if (element.kind === 'text') {
    doc
      .font(fontName(element.font))
      .fontSize(element.sizePt)
      .fillColor(COLOURS[element.colour])
      .text(element.text, pt(element.x), pt(element.baseline), {
        lineBreak: false,
        baseline: 'alphabetic',
        characterSpacing: pt(element.letterSpacingMm ?? 0),
        features: PLAIN_FEATURES as unknown as PDFKit.Mixins.OpenTypeFeatures[],
      });
    return;
  }
  if (element.kind === 'line') {
    doc
      .moveTo(pt(element.x1), pt(element.y1))
      .lineTo(pt(element.x2), pt(element.y2))
      .lineWidth(pt(element.widthMm))
      .strokeColor(COLOURS[element.colour])
      .stroke();
    return;
  }
  const image = element.imageSha256 ? sealImages[element.imageSha256] : undefined;
  if (image) {
    const size = pt(element.diameterMm);
    doc.image(Buffer.from(image), pt(element.cx) - size / 2, pt(element.cy) - size / 2, {
      fit: [size, size],
      align: 'center',
      valign: 'center',
    });
    return;
  }
  const drawing = sealDrawing(element, fonts);
  const red: [number, number, number] = [drawing.colour.r, drawing.colour.g, drawing.colour.b];
  doc.save();
  doc.translate(pt(element.cx), pt(element.cy));
  for (const ring of drawing.rings) {
    doc.circle(0, 0, pt(ring.radiusMm)).lineWidth(pt(ring.widthMm)).strokeColor(red).stroke();
  }
  doc
    .polygon(...drawing.star.map(([x, y]): [number, number] => [pt(x), pt(y)]))
    .fillColor(red)
    .fill();
  for (const glyph of drawing.glyphs) {
    doc.save();
    doc.translate(pt(glyph.originX), pt(glyph.originY));
    doc.rotate(glyph.rotationDeg, { origin: [0, 0] });
    doc.scale(PT_PER_MM);
    doc
      .path(glyph.path ?? '')
      .fillColor(red)
      .fill('nonzero');
    doc.restore();
  }
  doc.restore();
}
