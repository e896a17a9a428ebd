import {
  BODY_PT,
  baselineBelow,
  baselineInCell,
  CHAR_PITCH_MM,
  COLOPHON_THICK_MM,
  COLOPHON_THIN_MM,
  DASH_CENTRE_EM,
  EM_ASCENT,
  emMm,
  ISSUER_MARK_MAX_PT,
  ISSUER_MARK_OFFSET_MM,
  LETTER_BOTTOM_RULE_FROM_BOTTOM_MM,
  LETTER_GAP_MM,
  LETTER_MARK_TOP_MM,
  LETTER_RULE_LENGTH_MM,
  LINE_PITCH_MM,
  LINES_PER_PAGE,
  ORDER_MARK_OFFSET_MM,
  PAGE_NUMBER_GAP_MM,
  SEAL_DIAMETER_MM,
  SEPARATOR_GAP_MM,
  SEPARATOR_WIDTH_MM,
  SIZE_PT,
  TEXT_BOTTOM_MM,
  TEXT_LEFT_MM,
  TEXT_RIGHT_MM,
  TEXT_TOP_MM,
  TEXT_WIDTH_MM,
} from './geometry.ts';
import { breakLines, type CharWidth, type Glyph, titleBreakPoints, widthCache } from './line-breaking.ts';
import {
  type DocumentLayout,
  type ElementRole,
  type FontRole,
  type LayoutColour,
  type LayoutElement,
  type LayoutInput,
  type LayoutPage,
  type MeasureText,
  PAGE_HEIGHT_MM,
  PAGE_WIDTH_MM,
  type TextElement,
} from './page-model.ts';

/**
 * Lays an official document out as GB/T 9704-2012 says (geometry.ts has the figures): the 版头
 * placed on the first page, then the 主体 flowed through line cells of the 22-line grid page by
 * page, then the 版记 at the foot of the last page and the page numbers. Pure: widths come from
 * `measure`, which the writer supplies from the fonts it embeds.
 *
 * The formats of chapter 10 are chosen by type: 函 in the 信函 format, 命令 in the 命令 format,
 * 纪要 in the 纪要 format; 请示 and 报告 are upward documents (上行文) with their 签发人.
 */
export function layoutDocument(input: LayoutInput, measure: MeasureText): DocumentLayout {
  const charWidth = widthCache(measure);
  const format = formatOf(input);
  const header = layoutHeader(input, format, charWidth);
  const recipientsInColophon = !recipientsFitFirstPage(input, format, header, charWidth);
  const flow = flowItems(input, format, charWidth, recipientsInColophon);
  const pages = paginate(header, flow);
  placeColophon(pages, input, format, charWidth, recipientsInColophon);
  numberPages(pages, format, charWidth);
  return {
    widthMm: PAGE_WIDTH_MM,
    heightMm: PAGE_HEIGHT_MM,
    pages: pages.map(({ number, elements }): LayoutPage => ({ number, elements })),
    characters: charactersOf(pages),
  };
}

type Format = 'standard' | 'upward' | 'letter' | 'order' | 'minutes';

function formatOf(input: LayoutInput): Format {
  if (input.type === '函') return 'letter';
  if (input.type === '命令') return 'order';
  if (input.type === '纪要') return 'minutes';
  if (input.type === '请示' || input.type === '报告') return 'upward';
  return 'standard';
}

/** 7.3.5.4: 成文日期 in Arabic numerals, the year in full, no leading zeros. */
export function formatChineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

// ——— setting text ———

/** Extra space per character that puts body characters on the 28-per-line grid (negative: 5.571 mm pitch for a 5.644 mm em). */
const GRID_SPACING_MM = CHAR_PITCH_MM - emMm(BODY_PT);

interface TextStyle {
  font: FontRole;
  role: ElementRole;
  sizePt: number;
  colour?: LayoutColour;
}

function text(
  value: string,
  x: number,
  baseline: number,
  style: TextStyle,
  letterSpacingMm = 0,
): TextElement {
  return {
    kind: 'text',
    role: style.role,
    text: value,
    x,
    baseline,
    font: style.font,
    sizePt: style.sizePt,
    colour: style.colour ?? 'black',
    ...(letterSpacingMm !== 0 ? { letterSpacingMm } : {}),
  };
}

const glyphsOf = (value: string, font: FontRole, role: ElementRole): Glyph[] =>
  [...value].map((char) => ({ char, font, role }));

/** Width of a string set with `spacing` after each character. */
function widthOf(value: string, font: FontRole, sizePt: number, charWidth: CharWidth, spacing = 0) {
  let width = 0;
  for (const char of value) width += charWidth(char, font, sizePt) + spacing;
  return width;
}

/** One set line: its glyphs split into runs of one font and role, placed from `x`. */
function setGlyphs(
  glyphs: Glyph[],
  x: number,
  baseline: number,
  sizePt: number,
  spacing: number,
  charWidth: CharWidth,
): TextElement[] {
  const elements: TextElement[] = [];
  let cursor = x;
  let run: { glyphs: Glyph[]; x: number } | undefined;
  const flush = () => {
    if (!run || run.glyphs.length === 0) return;
    const first = run.glyphs[0] as Glyph;
    elements.push(
      text(
        run.glyphs.map((glyph) => glyph.char).join(''),
        run.x,
        baseline,
        { font: first.font, role: first.role as ElementRole, sizePt },
        spacing,
      ),
    );
  };
  for (const glyph of glyphs) {
    if (!run || run.glyphs[0]?.font !== glyph.font || run.glyphs[0]?.role !== glyph.role) {
      flush();
      run = { glyphs: [], x: cursor };
    }
    run.glyphs.push(glyph);
    cursor += charWidth(glyph.char, glyph.font, sizePt) + spacing;
  }
  flush();
  return elements;
}

// ——— the flow: line cells of the 22-line grid ———

interface FlowItem {
  /** Line cells it takes. */
  cells: number;
  /** Kept on one page with the item after it (headings, the body's last line before the 署名). */
  keepWithNext?: boolean;
  /** A blank line, dropped when it would open a page. */
  blank?: boolean;
  place(cellTop: number): LayoutElement[];
}

const blankLine = (): FlowItem => ({ cells: 1, blank: true, place: () => [] });

interface ParagraphOptions {
  sizePt?: number;
  /** Left end of the text block, and its width. */
  left?: number;
  width?: number;
  firstIndent?: number;
  indent?: number;
  /** Grid spacing (body) or the font's own advances (titles, 版记). */
  spacing?: number;
}

/**
 * A paragraph as lines: each but the last justified to the block's width (both ends flush), the
 * last on the grid. 5.2.2 / 7.3.3: every paragraph indented two characters, continuation lines flush left.
 */
function paragraph(glyphs: Glyph[], charWidth: CharWidth, options: ParagraphOptions = {}): FlowItem[] {
  const sizePt = options.sizePt ?? BODY_PT;
  const left = options.left ?? TEXT_LEFT_MM;
  const width = options.width ?? TEXT_WIDTH_MM;
  const firstIndent = options.firstIndent ?? 0;
  const indent = options.indent ?? 0;
  const spacing = options.spacing ?? GRID_SPACING_MM;
  const widthOfGlyph = (glyph: Glyph) => charWidth(glyph.char, glyph.font, sizePt);
  const lines = breakLines(glyphs, widthOfGlyph, spacing, width - firstIndent, width - indent);
  return lines.map(([start, end], index) => {
    const line = glyphs.slice(start, end);
    const x = left + (index === 0 ? firstIndent : indent);
    const available = width - (index === 0 ? firstIndent : indent);
    const natural = line.reduce((sum, glyph) => sum + widthOfGlyph(glyph), 0);
    const last = index === lines.length - 1;
    const lineSpacing = last || line.length < 2 ? spacing : (available - natural) / (line.length - 1);
    return {
      cells: 1,
      place: (cellTop: number) =>
        setGlyphs(line, x, baselineInCell(cellTop, sizePt), sizePt, lineSpacing, charWidth),
    };
  });
}

const HEADING_MARKERS: { level: 1 | 2 | 3 | 4; marker: RegExp; font: FontRole }[] = [
  { level: 1, marker: /^[一二三四五六七八九十百零]+、/, font: 'heiti' },
  { level: 2, marker: /^[（(][一二三四五六七八九十百零]+[）)]/, font: 'kaiti' },
  { level: 3, marker: /^\d+[.．](?!\d)/, font: 'fangsong' },
  { level: 4, marker: /^[（(]\d+[）)]/, font: 'fangsong' },
];

/**
 * 7.3.3: headings 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋. A heading followed by text in the
 * same paragraph ends at its first 。; only the heading part takes the heading's font.
 */
export function bodyParagraphs(
  body: string,
): { text: string; level?: 1 | 2 | 3 | 4; headingLength: number }[] {
  return body
    .split(/\r?\n/)
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((line) => line.length > 0)
    .map((line) => {
      const heading = HEADING_MARKERS.find(({ marker }) => marker.test(line));
      if (!heading) return { text: line, headingLength: 0 };
      const chars = [...line];
      const stop = chars.indexOf('。');
      const headingLength = stop >= 0 && stop < chars.length - 1 ? stop + 1 : chars.length;
      return { text: line, level: heading.level, headingLength };
    });
}

function bodyItems(body: string, charWidth: CharWidth): FlowItem[] {
  const items: FlowItem[] = [];
  for (const { text: value, level, headingLength } of bodyParagraphs(body)) {
    const chars = [...value];
    const headingFont = HEADING_MARKERS.find((heading) => heading.level === level)?.font ?? 'fangsong';
    const glyphs: Glyph[] = chars.map((char, index) =>
      index < headingLength && level
        ? { char, font: headingFont, role: `heading-${level}` }
        : { char, font: 'fangsong', role: 'body' },
    );
    const lines = paragraph(glyphs, charWidth, { firstIndent: 2 * CHAR_PITCH_MM });
    const standaloneHeading = level !== undefined && headingLength === chars.length;
    for (const line of lines) items.push(standaloneHeading ? { ...line, keepWithNext: true } : line);
  }
  return items;
}

// ——— 版头 ———

interface Header {
  elements: LayoutElement[];
  /** Top of the first line cell of the flow on page 1. */
  flowTop: number;
}

/** The 发文机关标志: red, centred, at most ISSUER_MARK_MAX_PT and never wider than the 版心. */
function issuerMark(marks: string[], emTop: number, charWidth: CharWidth): LayoutElement[] {
  const style = (sizePt: number): TextStyle => ({
    font: 'xiaobiaosong',
    role: 'issuer-mark',
    sizePt,
    colour: 'red',
  });
  const lines = marks.length > 0 ? marks : [''];
  // 7.2.4, joint documents: the names stacked, 文件 to their right, centred on the stack.
  const joint = lines.length > 1 && lines.every((line) => line.endsWith('文件'));
  const names = joint ? lines.map((line) => line.slice(0, -2)) : lines;
  const tail = joint ? '文件' : '';
  const unit = (value: string) => widthOf(value, 'xiaobiaosong', 1, charWidth);
  const widest = Math.max(...names.map(unit));
  const gap = joint ? 0.5 : 0;
  const widthPerPt = widest + (joint ? gap * unit('文') + unit(tail) : 0);
  const sizePt = Math.min(ISSUER_MARK_MAX_PT, Math.floor((TEXT_WIDTH_MM / widthPerPt) * 10) / 10);
  const total = widthPerPt * sizePt;
  const left = TEXT_LEFT_MM + (TEXT_WIDTH_MM - total) / 2;
  const pitch = emMm(sizePt) * 1.15;
  const elements: LayoutElement[] = names.map((name, index) => {
    const natural = unit(name) * sizePt;
    const count = [...name].length;
    // Stacked names are spread to the widest one, so the block has straight edges.
    const spread = joint && count > 1 ? (widest * sizePt - natural) / (count - 1) : 0;
    return text(name, left, baselineBelow(emTop + index * pitch, sizePt), style(sizePt), spread);
  });
  if (joint) {
    const stackHeight = (names.length - 1) * pitch + emMm(sizePt);
    const tailTop = emTop + (stackHeight - emMm(sizePt)) / 2;
    elements.push(
      text(tail, left + (widest + gap * unit('文')) * sizePt, baselineBelow(tailTop, sizePt), style(sizePt)),
    );
  }
  return elements;
}

/** Bottom of the lowest em box among `elements` (text only). */
function emBottom(elements: LayoutElement[]): number {
  let bottom = 0;
  for (const element of elements) {
    if (element.kind !== 'text') continue;
    bottom = Math.max(bottom, element.baseline + (1 - EM_ASCENT) * emMm(element.sizePt));
  }
  return bottom;
}

const centred = (value: string, font: FontRole, sizePt: number, charWidth: CharWidth, spacing = 0) =>
  TEXT_LEFT_MM + (TEXT_WIDTH_MM - widthOf(value, font, sizePt, charWidth, spacing) + spacing) / 2;

/** 7.2.1 / 7.2.3: 份号 (6 digits) and 紧急程度 at the top left, one per line from the first. */
function topLeftMarks(input: LayoutInput, firstCellTop: number): LayoutElement[] {
  const marks: [string, ElementRole][] = [];
  if (input.copyNumber) marks.push([input.copyNumber, 'copy-number']);
  if (input.urgency) marks.push([input.urgency, 'urgency']);
  return marks.map(([value, role], index) =>
    text(
      value,
      TEXT_LEFT_MM,
      baselineInCell(firstCellTop + index * LINE_PITCH_MM, BODY_PT),
      { font: 'heiti', role, sizePt: BODY_PT },
      role === 'urgency' ? GRID_SPACING_MM : 0,
    ),
  );
}

function separator(y: number): LayoutElement {
  return {
    kind: 'line',
    role: 'separator',
    x1: TEXT_LEFT_MM,
    y1: y,
    x2: TEXT_RIGHT_MM,
    y2: y,
    widthMm: SEPARATOR_WIDTH_MM,
    colour: 'red',
  };
}

function layoutHeader(input: LayoutInput, format: Format, charWidth: CharWidth): Header {
  const body = (role: ElementRole): TextStyle => ({ font: 'fangsong', role, sizePt: BODY_PT });
  if (format === 'letter') return letterHeader(input, charWidth);
  const elements: LayoutElement[] = topLeftMarks(input, TEXT_TOP_MM);
  const markTop = TEXT_TOP_MM + (format === 'order' ? ORDER_MARK_OFFSET_MM : ISSUER_MARK_OFFSET_MM);
  const marks =
    format === 'minutes'
      ? input.issuerMarks
          .slice(0, 1)
          .map((mark) => (mark.endsWith('纪要') ? mark : `${mark.replace(/文件$/, '')}纪要`))
      : input.issuerMarks;
  elements.push(...issuerMark(marks, markTop, charWidth));
  // 7.2.5: the 发文字号 two lines under the mark.
  const numberCell = emBottom(elements) + 2 * LINE_PITCH_MM;
  const numberBaseline = baselineInCell(numberCell, BODY_PT);
  let lastCell = numberCell;
  if (format === 'upward') {
    lastCell = signerLines(input, numberCell, charWidth, elements);
  } else if (format === 'minutes') {
    // 10.3 leaves the 纪要's head to practice: its number left, its date right, on one line.
    elements.push(text(input.number, TEXT_LEFT_MM + CHAR_PITCH_MM, numberBaseline, body('document-number')));
    const date = formatChineseDate(input.writtenOn);
    const dateX = TEXT_RIGHT_MM - CHAR_PITCH_MM - widthOf(date, 'fangsong', BODY_PT, charWidth);
    elements.push(text(date, dateX, numberBaseline, body('written-on')));
  } else {
    elements.push(
      text(
        input.number,
        centred(input.number, 'fangsong', BODY_PT, charWidth),
        numberBaseline,
        body('document-number'),
      ),
    );
  }
  const numberBottom = baselineInCell(lastCell, BODY_PT) + (1 - EM_ASCENT) * emMm(BODY_PT);
  if (format === 'order') {
    // 10.2: no separator; the body two lines under the 令号.
    return { elements, flowTop: lastCell + 3 * LINE_PITCH_MM };
  }
  // 7.2.7: the red separator 4 mm under the 发文字号; 7.3.1: the title two lines under it.
  const separatorY = numberBottom + SEPARATOR_GAP_MM;
  elements.push(separator(separatorY));
  return { elements, flowTop: separatorY + 2 * LINE_PITCH_MM };
}

/**
 * 7.2.6: 签发人 right (one character from the edge), label in 仿宋 and names in 楷体, two names a
 * line; the 发文字号 left (one character in) on the line of the last names. Returns the last line's cell.
 */
function signerLines(
  input: LayoutInput,
  firstCell: number,
  charWidth: CharWidth,
  elements: LayoutElement[],
): number {
  const label = '签发人：';
  const rows: string[][] = [];
  for (let index = 0; index < input.signers.length; index += 2)
    rows.push(input.signers.slice(index, index + 2));
  if (rows.length === 0) rows.push([]);
  const longest = Math.max(
    ...rows.map((row) => widthOf(row.join('　'), 'kaiti', BODY_PT, charWidth, GRID_SPACING_MM)),
  );
  const labelWidth = widthOf(label, 'fangsong', BODY_PT, charWidth, GRID_SPACING_MM);
  const namesX = TEXT_RIGHT_MM - CHAR_PITCH_MM - longest;
  const labelX = namesX - labelWidth;
  rows.forEach((row, index) => {
    const baseline = baselineInCell(firstCell + index * LINE_PITCH_MM, BODY_PT);
    if (index === 0) {
      elements.push(
        text(label, labelX, baseline, { font: 'fangsong', role: 'signer', sizePt: BODY_PT }, GRID_SPACING_MM),
      );
    }
    if (row.length > 0) {
      elements.push(
        text(
          row.join('　'),
          namesX,
          baseline,
          { font: 'kaiti', role: 'signer', sizePt: BODY_PT },
          GRID_SPACING_MM,
        ),
      );
    }
  });
  const lastCell = firstCell + (rows.length - 1) * LINE_PITCH_MM;
  elements.push(
    text(input.number, TEXT_LEFT_MM + CHAR_PITCH_MM, baselineInCell(lastCell, BODY_PT), {
      font: 'fangsong',
      role: 'document-number',
      sizePt: BODY_PT,
    }),
  );
  return lastCell;
}

/** 10.1 信函: mark 30 mm from the page top, red double lines of 170 mm, the number top right. */
function letterHeader(input: LayoutInput, charWidth: CharWidth): Header {
  const elements: LayoutElement[] = issuerMark(input.issuerMarks.slice(0, 1), LETTER_MARK_TOP_MM, charWidth);
  const ruleY = emBottom(elements) + SEPARATOR_GAP_MM;
  const lowerRuleY = PAGE_HEIGHT_MM - LETTER_BOTTOM_RULE_FROM_BOTTOM_MM;
  // Upper: thick over thin; lower: thin over thick (10.1). The widths are not in the standard.
  elements.push(...doubleRule(ruleY, true), ...doubleRule(lowerRuleY - 1.2, false));
  const firstCell = ruleY + 1.2 + LETTER_GAP_MM - (LINE_PITCH_MM - emMm(BODY_PT)) / 2;
  const left = topLeftMarks(input, firstCell);
  elements.push(...left);
  const numberX = TEXT_RIGHT_MM - widthOf(input.number, 'fangsong', BODY_PT, charWidth);
  elements.push(
    text(input.number, numberX, baselineInCell(firstCell, BODY_PT), {
      font: 'fangsong',
      role: 'document-number',
      sizePt: BODY_PT,
    }),
  );
  const rows = Math.max(1, left.length);
  return { elements, flowTop: firstCell + (rows + 2) * LINE_PITCH_MM };
}

function doubleRule(y: number, thickFirst: boolean): LayoutElement[] {
  const x1 = (PAGE_WIDTH_MM - LETTER_RULE_LENGTH_MM) / 2;
  const x2 = x1 + LETTER_RULE_LENGTH_MM;
  const thick = 0.6;
  const thin = 0.2;
  const rule = (at: number, widthMm: number): LayoutElement => ({
    kind: 'line',
    role: 'separator',
    x1,
    y1: at,
    x2,
    y2: at,
    widthMm,
    colour: 'red',
  });
  return [rule(y, thickFirst ? thick : thin), rule(y + 1.2, thickFirst ? thin : thick)];
}

// ——— 主体 ———

/** 7.3.1: the title in 2号 小标宋, centred, broken between words into lines of even length. */
export function titleLines(title: string, charWidth: CharWidth): string[] {
  const sizePt = SIZE_PT.二号;
  const chars = [...title];
  const widths = chars.map((char) => charWidth(char, 'xiaobiaosong', sizePt));
  const prefix = [0];
  for (const width of widths) prefix.push((prefix.at(-1) as number) + width);
  const total = prefix.at(-1) as number;
  const lineCount = Math.max(1, Math.ceil(total / TEXT_WIDTH_MM));
  const target = total / lineCount;
  const allowed = titleBreakPoints(title);
  // Least squared deviation from even lines; a break inside a word costs as much as 2.5 characters of unevenness.
  const wordPenalty = (2.5 * emMm(sizePt)) ** 2;
  const best: { cost: number; from: number }[] = [{ cost: 0, from: -1 }];
  for (let end = 1; end <= chars.length; end++) {
    best[end] = { cost: Number.POSITIVE_INFINITY, from: -1 };
    for (let start = end - 1; start >= 0; start--) {
      const width = (prefix[end] as number) - (prefix[start] as number);
      if (width > TEXT_WIDTH_MM + 0.01) break;
      const previous = best[start] as { cost: number };
      if (!Number.isFinite(previous.cost)) continue;
      const penalty = end < chars.length && !allowed.has(end) ? wordPenalty : 0;
      const cost = previous.cost + (width - target) ** 2 + penalty;
      if (cost < (best[end] as { cost: number }).cost) best[end] = { cost, from: start };
    }
  }
  const lines: string[] = [];
  for (let end = chars.length; end > 0; end = (best[end] as { from: number }).from) {
    lines.unshift(chars.slice((best[end] as { from: number }).from, end).join(''));
  }
  return lines;
}

function titleItems(title: string, charWidth: CharWidth): FlowItem[] {
  const sizePt = SIZE_PT.二号;
  return titleLines(title, charWidth).map((line) => ({
    cells: 1,
    keepWithNext: true,
    place: (cellTop: number) => [
      text(line, centred(line, 'xiaobiaosong', sizePt, charWidth), baselineInCell(cellTop, sizePt), {
        font: 'xiaobiaosong',
        role: 'title',
        sizePt,
      }),
    ],
  }));
}

/** 7.3.4: 附件：1.… numbered when several, wrapped names aligned with their first character. */
function attachmentItems(attachments: string[], charWidth: CharWidth): FlowItem[] {
  if (attachments.length === 0) return [];
  const label = '附件：';
  const labelWidth = widthOf(label, 'fangsong', BODY_PT, charWidth, GRID_SPACING_MM);
  const indent = 2 * CHAR_PITCH_MM;
  // Kept with what follows: the 署名 and seal must not open a page without the text above them.
  const items: FlowItem[] = [{ ...blankLine(), keepWithNext: true }];
  attachments.forEach((name, index) => {
    const numbered = attachments.length > 1 ? `${index + 1}.` : '';
    const clean = name.replace(/[，。；、,.;]+$/, '');
    const numberWidth = widthOf(numbered, 'fangsong', BODY_PT, charWidth, GRID_SPACING_MM);
    const lead = index === 0 ? label + numbered : numbered;
    const glyphs = glyphsOf(lead + clean, 'fangsong', 'attachment-note');
    const leadWidth = index === 0 ? labelWidth + numberWidth : numberWidth;
    items.push(
      ...paragraph(glyphs, charWidth, {
        left: TEXT_LEFT_MM + indent + (index === 0 ? 0 : labelWidth),
        width: TEXT_WIDTH_MM - indent - (index === 0 ? 0 : labelWidth),
        indent: leadWidth,
      }).map((line) => ({ ...line, keepWithNext: true })),
    );
  });
  return items;
}

/**
 * 7.3.5.1, with seals: 成文日期 four characters from the right; each 署名 centred over its seal, the
 * last seal centred on the date and over the 署名 and the date, which sit below its centre; the
 * seal's top less than a line under the text above. Joint documents: seals side by side, two a row,
 * never touching, never past the 版心.
 */
function signatureItems(input: LayoutInput, format: Format, charWidth: CharWidth): FlowItem[] {
  if (format === 'minutes') return [];
  const date = formatChineseDate(input.writtenOn);
  const dateWidth = widthOf(date, 'fangsong', BODY_PT, charWidth, GRID_SPACING_MM) - GRID_SPACING_MM;
  const dateRight = TEXT_RIGHT_MM - 4 * CHAR_PITCH_MM;
  const dateX = dateRight - dateWidth;
  const dateCentre = dateX + dateWidth / 2;
  const units = input.signatureUnits;
  const style = (role: ElementRole): TextStyle => ({ font: 'fangsong', role, sizePt: BODY_PT });
  const noteItems = input.note ? noteLines(input.note, charWidth) : [];

  if (format === 'order') {
    // 7.3.5.3: two lines under the body, the 职务 and name four characters from the right; the date a line under.
    const name = units.join('　');
    const nameX =
      dateRight - widthOf(name, 'fangsong', BODY_PT, charWidth, GRID_SPACING_MM) + GRID_SPACING_MM;
    return [
      {
        cells: 5,
        keepWithNext: noteItems.length > 0,
        place: (top) => [
          text(
            name,
            nameX,
            baselineInCell(top + 2 * LINE_PITCH_MM, BODY_PT),
            style('signature-unit'),
            GRID_SPACING_MM,
          ),
          text(
            date,
            dateX,
            baselineInCell(top + 4 * LINE_PITCH_MM, BODY_PT),
            style('written-on'),
            GRID_SPACING_MM,
          ),
        ],
      },
      ...noteItems,
    ];
  }

  const nameWidths = units.map(
    (unit) => widthOf(unit, 'fangsong', BODY_PT, charWidth, GRID_SPACING_MM) - GRID_SPACING_MM,
  );
  const column = SEAL_DIAMETER_MM + 10;
  const perRow = units.length > 1 && Math.max(...nameWidths) < column - CHAR_PITCH_MM ? 2 : 1;
  const rows: number[][] = [];
  // The last row is full; earlier rows take what is left over, first.
  const first = units.length % perRow || perRow;
  rows.push(units.slice(0, first).map((_, index) => index));
  for (let index = first; index < units.length; index += perRow) {
    rows.push(units.slice(index, index + perRow).map((_, offset) => index + offset));
  }
  const rowCells = 5;
  const cells = 2 + (rows.length - 1) * rowCells + 2;
  return [
    {
      cells,
      keepWithNext: noteItems.length > 0,
      place: (top) => {
        const elements: LayoutElement[] = [];
        rows.forEach((row, rowIndex) => {
          const nameCell = top + (2 + rowIndex * rowCells) * LINE_PITCH_MM;
          row.forEach((unitIndex, position) => {
            const cx = dateCentre - (row.length - 1 - position) * column;
            const unit = units[unitIndex] as string;
            const nameX = cx - (nameWidths[unitIndex] as number) / 2;
            elements.push(
              text(unit, nameX, baselineInCell(nameCell, BODY_PT), style('signature-unit'), GRID_SPACING_MM),
            );
            elements.push({
              kind: 'seal',
              role: 'seal',
              cx,
              cy: nameCell + 1,
              diameterMm: SEAL_DIAMETER_MM,
              unitName: unit,
              ...(input.sealImages?.[unit] ? { imageSha256: input.sealImages[unit] } : {}),
            });
          });
        });
        const dateCell = top + (cells - 1) * LINE_PITCH_MM;
        elements.push(
          text(date, dateX, baselineInCell(dateCell, BODY_PT), style('written-on'), GRID_SPACING_MM),
        );
        return elements;
      },
    },
    ...noteItems,
  ];
}

/** 7.3.6: 附注 in parentheses, two characters in, the line under the date. */
function noteLines(note: string, charWidth: CharWidth): FlowItem[] {
  const value = /^[（(].*[）)]$/.test(note) ? note : `（${note}）`;
  return paragraph(glyphsOf(value, 'fangsong', 'note'), charWidth, { firstIndent: 2 * CHAR_PITCH_MM });
}

const recipientLines = (input: LayoutInput, charWidth: CharWidth) =>
  paragraph(glyphsOf(`${input.mainRecipients.join('，')}：`, 'fangsong', 'main-recipients'), charWidth);

/**
 * 7.3.2 / 7.3.3: the first page must show the 正文; when the 主送机关 are too many for that, they
 * move to the 版记, above the 抄送机关.
 */
function recipientsFitFirstPage(input: LayoutInput, format: Format, header: Header, charWidth: CharWidth) {
  if (format === 'order' || input.mainRecipients.length === 0) return true;
  const cells = Math.floor((TEXT_BOTTOM_MM - header.flowTop + 0.01) / LINE_PITCH_MM);
  const needed = titleLines(input.title, charWidth).length + 1 + recipientLines(input, charWidth).length + 1;
  return needed <= cells;
}

function flowItems(
  input: LayoutInput,
  format: Format,
  charWidth: CharWidth,
  recipientsInColophon: boolean,
): FlowItem[] {
  const items: FlowItem[] = [];
  if (format !== 'order') {
    items.push(...titleItems(input.title, charWidth));
    if (input.mainRecipients.length > 0 && !recipientsInColophon) {
      // 7.3.2: a line under the title, flush left, a full-width colon after the last.
      items.push(blankLine(), ...recipientLines(input, charWidth));
    }
  }
  const body = bodyItems(input.body, charWidth);
  const attachments = attachmentItems(input.attachments, charWidth);
  const signature = signatureItems(input, format, charWidth);
  const last = body.at(-1);
  if (last && signature.length > 0) body[body.length - 1] = { ...last, keepWithNext: true };
  items.push(...body, ...attachments, ...signature);
  if (format === 'minutes' && input.note) items.push(...noteLines(input.note, charWidth));
  return items;
}

// ——— pages ———

interface PageUnderConstruction {
  number: number;
  elements: LayoutElement[];
  /** Top of the next free line cell. */
  cursor: number;
  flowed: number;
  /** No page number (a blank page before the 版记, and the 版记 page after it; 7.5). */
  unnumbered?: boolean;
}

const freeCells = (page: PageUnderConstruction) =>
  Math.floor((TEXT_BOTTOM_MM - page.cursor + 0.01) / LINE_PITCH_MM);

function paginate(header: Header, flow: FlowItem[]): PageUnderConstruction[] {
  const pages: PageUnderConstruction[] = [
    { number: 1, elements: [...header.elements], cursor: header.flowTop, flowed: 0 },
  ];
  const current = () => pages.at(-1) as PageUnderConstruction;
  const newPage = () => {
    pages.push({ number: pages.length + 1, elements: [], cursor: TEXT_TOP_MM, flowed: 0 });
  };
  let index = 0;
  while (index < flow.length) {
    let end = index;
    while (end < flow.length - 1 && flow[end]?.keepWithNext) end++;
    const group = flow.slice(index, end + 1);
    const groupCells = group.reduce((sum, item) => sum + item.cells, 0);
    if (groupCells > freeCells(current()) && current().flowed > 0 && groupCells <= LINES_PER_PAGE) newPage();
    for (const item of group) {
      if (item.blank && current().flowed > 0 && freeCells(current()) <= item.cells) {
        // A blank line at a page's foot would only open the next page with nothing: the next page starts fresh.
        newPage();
        continue;
      }
      if (item.blank && current().flowed === 0 && current().number > 1) continue;
      if (item.cells > freeCells(current())) newPage();
      const page = current();
      page.elements.push(...item.place(page.cursor));
      page.cursor += item.cells * LINE_PITCH_MM;
      page.flowed++;
    }
    index = end + 1;
  }
  return pages;
}

/**
 * 7.4: the 版记 on the last page, its last line on the 版心's bottom edge; 抄送机关 in 4号, each
 * side one character in, wrapped under the first name; 印发机关 left and 印发日期 right on one line.
 * When it does not fit, it goes on a page of its own, an even one (the back of the last sheet).
 */
function placeColophon(
  pages: PageUnderConstruction[],
  input: LayoutInput,
  format: Format,
  charWidth: CharWidth,
  recipientsInColophon: boolean,
) {
  const sizePt = SIZE_PT.四号;
  const em = emMm(sizePt);
  const style = (role: ElementRole): TextStyle => ({ font: 'fangsong', role, sizePt });
  const copyLines: FlowItem[] = [];
  const list = (label: string, names: string[], role: ElementRole) =>
    paragraph(glyphsOf(`${label}${names.join('，')}。`, 'fangsong', role), charWidth, {
      sizePt,
      left: TEXT_LEFT_MM + em,
      width: TEXT_WIDTH_MM - 2 * em,
      indent: widthOf(label, 'fangsong', sizePt, charWidth),
      spacing: 0,
    });
  if (recipientsInColophon) copyLines.push(...list('主送：', input.mainRecipients, 'main-recipients'));
  if (input.copyRecipients.length > 0) copyLines.push(...list('抄送：', input.copyRecipients, 'copy-to'));
  const printed = format !== 'letter' && (input.printedBy || input.printedOn);
  const rows = copyLines.length + (printed ? 1 : 0);
  if (rows === 0) return;
  const top = TEXT_BOTTOM_MM - rows * LINE_PITCH_MM;
  let page = pages.at(-1) as PageUnderConstruction;
  if (page.cursor > top + 0.01) {
    if (page.number % 2 === 0) {
      pages.push({ number: page.number + 1, elements: [], cursor: TEXT_TOP_MM, flowed: 0, unnumbered: true });
    }
    const last = pages.at(-1) as PageUnderConstruction;
    page = {
      number: last.number + 1,
      elements: [],
      cursor: TEXT_TOP_MM,
      flowed: 0,
      unnumbered: last.unnumbered,
    };
    pages.push(page);
  }
  const rule = (y: number, widthMm: number): LayoutElement => ({
    kind: 'line',
    role: 'colophon-line',
    x1: TEXT_LEFT_MM,
    y1: y,
    x2: TEXT_RIGHT_MM,
    y2: y,
    widthMm,
    colour: 'black',
  });
  copyLines.forEach((line, index) => {
    page.elements.push(...line.place(top + index * LINE_PITCH_MM));
  });
  if (format === 'letter') return;
  page.elements.push(rule(top, COLOPHON_THICK_MM));
  if (printed) {
    const rowTop = TEXT_BOTTOM_MM - LINE_PITCH_MM;
    if (copyLines.length > 0) page.elements.push(rule(rowTop, COLOPHON_THIN_MM));
    const baseline = baselineInCell(rowTop, sizePt);
    if (input.printedBy)
      page.elements.push(text(input.printedBy, TEXT_LEFT_MM + em, baseline, style('printed-by')));
    if (input.printedOn) {
      const value = `${formatChineseDate(input.printedOn)}印发`;
      const x = TEXT_RIGHT_MM - em - widthOf(value, 'fangsong', sizePt, charWidth);
      page.elements.push(text(value, x, baseline, style('printed-on')));
    }
  }
  page.elements.push(rule(TEXT_BOTTOM_MM, COLOPHON_THICK_MM));
}

/**
 * 7.5: 4号 half-width Arabic numerals between two 一字线, the dashes 7 mm under the 版心; odd pages
 * right and even pages left, one character from the edge. 信函: none on the first page (10.1).
 */
function numberPages(pages: PageUnderConstruction[], format: Format, charWidth: CharWidth) {
  const sizePt = SIZE_PT.四号;
  const em = emMm(sizePt);
  const baseline = TEXT_BOTTOM_MM + PAGE_NUMBER_GAP_MM + DASH_CENTRE_EM * em;
  for (const page of pages) {
    if (page.unnumbered || (format === 'letter' && page.number === 1)) continue;
    const value = `— ${page.number} —`;
    const width = widthOf(value, 'songti', sizePt, charWidth);
    const x = page.number % 2 === 1 ? TEXT_RIGHT_MM - em - width : TEXT_LEFT_MM + em;
    page.elements.push(text(value, x, baseline, { font: 'songti', role: 'page-number', sizePt }));
  }
}

function charactersOf(pages: PageUnderConstruction[]): Partial<Record<FontRole, string>> {
  const sets: Partial<Record<FontRole, Set<string>>> = {};
  for (const page of pages) {
    for (const element of page.elements) {
      // A drawn seal's name is outlines, not text: it needs no embedded characters.
      if (element.kind !== 'text') continue;
      const set = sets[element.font] ?? new Set<string>();
      for (const char of element.text) set.add(char);
      sets[element.font] = set;
    }
  }
  return Object.fromEntries(
    Object.entries(sets).map(([font, set]) => [font, [...(set as Set<string>)].sort().join('')]),
  ) as Partial<Record<FontRole, string>>;
}
