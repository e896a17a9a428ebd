import type { DocumentType, Urgency } from '../document.ts';

/**
 * The fixed layout (版式) of an official document: every page as positioned elements, in
 * millimetres from the page's top-left corner, as GB/T 9704-2012 gives its geometry. Produced by the
 * layout engine (layout-document.ts) from a `LayoutInput`; written out by the PDF and OFD writers
 * (functions/src/exchange/rendering/), which only place what they are given: one model, two
 * formats, so a PDF and an OFD of one document cannot disagree on where anything is.
 */

/** A4, portrait (GB/T 9704 5.2.1). */
export const PAGE_WIDTH_MM = 210;
export const PAGE_HEIGHT_MM = 297;

/**
 * The typefaces a 公文 uses (GB/T 9704 5.2.3 and 7.x): body in 仿宋, titles in 小标宋, first-level
 * headings in 黑体, second-level in 楷体. A writer maps each role to an embedded font; where no open
 * font of that style exists, it names the substitute in its README entry.
 */
export type FontRole = 'fangsong' | 'xiaobiaosong' | 'heiti' | 'kaiti' | 'songti';

/** Colours the standard uses: black text, red 发文机关标志 / separator / seal (GB/T 9704 5.2.4). */
export type LayoutColour = 'black' | 'red';

/** What an element is, so geometry tests and text extraction can find each part of the document. */
export type ElementRole =
  | 'copy-number'
  | 'classification'
  | 'urgency'
  | 'issuer-mark'
  | 'document-number'
  | 'signer'
  | 'separator'
  | 'title'
  | 'main-recipients'
  | 'body'
  | 'heading-1'
  | 'heading-2'
  | 'heading-3'
  | 'heading-4'
  | 'attachment-note'
  | 'signature-unit'
  | 'written-on'
  | 'note'
  | 'copy-to'
  | 'printed-by'
  | 'printed-on'
  | 'colophon-line'
  | 'page-number';

/** One line of text (or part of a line), placed by its left end and its baseline. */
export interface TextElement {
  kind: 'text';
  role: ElementRole;
  text: string;
  /** Left end of the first glyph, mm from the page's left edge. */
  x: number;
  /** Baseline, mm from the page's top edge. */
  baseline: number;
  font: FontRole;
  /** Type size in points (3号 = 16 pt, 4号 = 14 pt, 2号 = 22 pt; GB/T 148 and the printing trade's 号). */
  sizePt: number;
  colour: LayoutColour;
  /**
   * Extra space after each character, mm: how a line is justified to the 版心 and how the
   * 发文机关标志 is spread. 0 when absent.
   */
  letterSpacingMm?: number;
  bold?: boolean;
}

/** A straight line: the red separator (版头中的分隔线), the 版记 lines. */
export interface LineElement {
  kind: 'line';
  role: ElementRole;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Stroke width, mm (the separator 0.35 mm as printed; 版记 lines 0.35 / 0.25 mm). */
  widthMm: number;
  colour: LayoutColour;
}

/**
 * The seal impression (印章) of one issuing unit, placed as GB/T 9704 7.3.5.1 says (over the 署名
 * and 成文日期, the date inside the seal's lower part). Drawn by the writer: a red ring, the unit's
 * name along the top arc and a star, or the unit's uploaded image when it has one.
 */
export interface SealElement {
  kind: 'seal';
  role: 'seal';
  /** Centre, mm from the top-left corner. */
  cx: number;
  cy: number;
  /** Outer diameter, mm (a 机关 seal is commonly 42 mm; the standard does not fix it). */
  diameterMm: number;
  unitName: string;
  /** SHA-256 of an uploaded seal image to use instead of the drawn one. */
  imageSha256?: string;
}

export type LayoutElement = TextElement | LineElement | SealElement;

export interface LayoutPage {
  /** 1-based. */
  number: number;
  elements: LayoutElement[];
}

export interface DocumentLayout {
  widthMm: typeof PAGE_WIDTH_MM;
  heightMm: typeof PAGE_HEIGHT_MM;
  pages: LayoutPage[];
  /** Every character the pages use, per font role: what a writer subsets each embedded font to. */
  characters: Partial<Record<FontRole, string>>;
}

/**
 * Everything the layout needs, resolved to what is printed (names, not unit codes): built from a
 * signed document and the directory by the exchange (functions/src/exchange), pure from here on.
 */
export interface LayoutInput {
  type: DocumentType;
  title: string;
  /** 正文 as drafted: paragraphs separated by line breaks; headings start with 一、 （一） 1. （1）. */
  body: string;
  /** 份号, six digits. */
  copyNumber?: string;
  urgency?: Urgency;
  /** 发文机关标志: one line per issuing unit for a joint document, e.g. 商洛市人民政府文件. */
  issuerMarks: string[];
  /** 发文字号 as printed, e.g. 商政发〔2026〕12号. */
  number: string;
  /** 签发人 names, printed for upward documents (请示, 报告) only. */
  signers: string[];
  mainRecipients: string[];
  copyRecipients: string[];
  /** 附件说明: attachment names in order. */
  attachments: string[];
  /** 署名: the issuing units' names, in order. */
  signatureUnits: string[];
  /** 成文日期, YYYY-MM-DD (printed in Arabic numerals: 2026年12月2日, GB/T 9704 7.3.5.1). */
  writtenOn: string;
  note?: string;
  /** 印发机关 and 印发日期 (版记). */
  printedBy?: string;
  printedOn?: string;
  /** Seal images by issuing unit name, when a unit uploaded one. */
  sealImages?: Record<string, string>;
}

/** Width of `text` set in `font` at `sizePt`, mm: supplied by the writer from the embedded font's metrics. */
export type MeasureText = (text: string, font: FontRole, sizePt: number) => number;
