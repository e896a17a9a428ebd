import {
  bodyParagraphs,
  breakLines,
  type DocumentLayout,
  type Glyph,
  type LayoutInput,
  type LayoutPage,
  layoutDocument,
  type MeasureText,
  NO_LINE_END,
  NO_LINE_START,
  type SealElement,
  type TextElement,
  titleLines,
  widthCache,
} from '@govshare/domain/exchange';
import { describe, expect, it } from 'vitest';
import { layoutFonts } from '../../../functions/src/exchange/rendering/fonts.ts';
import { jointNotice, letter, longNotice, minutes, notice, order, request } from './layout-samples.ts';

/** The layout model itself: line breaking, headings, page breaking, the 署名 and the seal (GB/T 9704 7.3). */

const fonts = layoutFonts();
const LINE_PITCH = 225 / 22;
const CHAR = 156 / 28;
const texts = (page: LayoutPage) =>
  page.elements.filter((element): element is TextElement => element.kind === 'text');
const seals = (page: LayoutPage) =>
  page.elements.filter((element): element is SealElement => element.kind === 'seal');

/** The lines of text of a page, runs on one baseline joined, left to right. */
function linesOf(page: LayoutPage, roles: string[]) {
  const byBaseline = new Map<number, TextElement[]>();
  for (const element of texts(page)) {
    if (!roles.includes(element.role)) continue;
    const key = Math.round(element.baseline * 100);
    byBaseline.set(key, [...(byBaseline.get(key) ?? []), element]);
  }
  return [...byBaseline.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, runs]) => runs.sort((a, b) => a.x - b.x));
}

const FLOW = [
  'body',
  'heading-1',
  'heading-2',
  'heading-3',
  'heading-4',
  'main-recipients',
  'attachment-note',
  'note',
];

describe('line breaking (避头尾)', () => {
  // Every glyph one unit wide, lines ten units: the breaks are where the rules put them.
  const unit = () => 1;
  const glyphs = (value: string): Glyph[] =>
    [...value].map((char) => ({ char, font: 'fangsong', role: 'body' }));
  const lines = (value: string) =>
    breakLines(glyphs(value), unit, 0, 10, 10).map(([start, end]) => [...value].slice(start, end).join(''));

  it('never starts a line with closing punctuation: the character before it goes down too', () => {
    expect(lines('一二三四五六七八九十。一二三')).toEqual(['一二三四五六七八九', '十。一二三']);
    expect(lines('一二三四五六七八九十”。一')).toEqual(['一二三四五六七八九', '十”。一']);
    expect(lines('一二三四五六七八九”。一')).toEqual(['一二三四五六七八', '九”。一']);
    for (const closing of '，、；：？！）》」') {
      const [, second] = lines(`一二三四五六七八九十${closing}一`);
      expect(second?.startsWith(closing)).toBe(false);
    }
  });

  it('never ends a line with opening punctuation', () => {
    expect(lines('一二三四五六七八九《十》')).toEqual(['一二三四五六七八九', '《十》']);
    expect(lines('一二三四五六七八九（一）')).toEqual(['一二三四五六七八九', '（一）']);
  });

  it('keeps a number in one piece', () => {
    expect(lines('一二三四五六七八2026年')).toEqual(['一二三四五六七八', '2026年']);
  });

  it('holds in every sample: no line of any document breaks a rule', () => {
    for (const input of [notice, request, jointNotice, letter, minutes, longNotice(12)]) {
      const layout = layoutDocument(input, fonts.measure);
      for (const page of layout.pages) {
        for (const runs of linesOf(page, [...FLOW, 'title', 'copy-to'])) {
          const line = runs.map((run) => run.text).join('');
          expect(NO_LINE_START.has(line[0] as string), line).toBe(false);
          expect(NO_LINE_END.has(line.at(-1) as string), line).toBe(false);
        }
      }
    }
  });

  it('justifies every line but a paragraph’s last to both edges of the 版心', () => {
    const layout = layoutDocument(longNotice(4), fonts.measure);
    const page = layout.pages[1] as LayoutPage;
    const lines = linesOf(page, ['body', 'heading-1', 'heading-2', 'heading-3']);
    const full = lines.filter((runs) => (runs[0] as TextElement).x < 28.01);
    expect(full.length).toBeGreaterThan(5);
    for (const runs of full.slice(0, -1)) {
      const last = runs.at(-1) as TextElement;
      const chars = [...last.text];
      const end =
        last.x +
        chars.reduce((sum, char) => sum + fonts.measure(char, last.font, last.sizePt), 0) +
        (chars.length - 1) * (last.letterSpacingMm ?? 0);
      // A justified line ends on the right edge; a paragraph's last line (shorter) ends before it.
      expect(end <= 184.01).toBe(true);
    }
  });
});

describe('the title (7.3.1)', () => {
  const charWidth = widthCache(fonts.measure);
  it('breaks a long title between words into even lines within the 版心', () => {
    const title = '商洛市人民政府关于印发商洛市政务数据共享管理办法和政务信息化项目预审管理办法的通知';
    const lines = titleLines(title, charWidth);
    expect(lines.join('')).toBe(title);
    expect(lines.length).toBe(3);
    const lengths = lines.map((line) => [...line].length);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(3);
    for (const line of lines) expect([...line].length * ((22 * 25.4) / 72)).toBeLessThanOrEqual(156.01);
    expect(titleLines('商洛市人民政府关于建设市级政务数据共享平台的请示', charWidth)).not.toContainEqual(
      expect.stringMatching(/^级/),
    );
  });

  it('keeps a short title on one centred line', () => {
    const layout = layoutDocument(letter, fonts.measure);
    const [title] = texts(layout.pages[0] as LayoutPage).filter((element) => element.role === 'title');
    expect(titleLines('关于商请提供数据的函', charWidth)).toEqual(['关于商请提供数据的函']);
    expect(title?.sizePt).toBe(22);
    expect(title?.font).toBe('xiaobiaosong');
  });
});

describe('the 正文 (7.3.3)', () => {
  const layout = layoutDocument(notice, fonts.measure);
  const all = layout.pages.flatMap(texts);

  it('sets headings 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋, the text after a heading’s 。 in 仿宋', () => {
    const fontOf = (prefix: string) => all.find((element) => element.text.startsWith(prefix));
    expect(fontOf('一、总体要求')).toMatchObject({ font: 'heiti', role: 'heading-1' });
    expect(fontOf('（一）明确责任分工。')).toMatchObject({
      font: 'kaiti',
      role: 'heading-2',
      text: '（一）明确责任分工。',
    });
    expect(fontOf('市大数据中心负责')).toMatchObject({ font: 'fangsong', role: 'body' });
    expect(fontOf('1.编制共享目录。')).toMatchObject({ font: 'fangsong', role: 'heading-3' });
    expect(fontOf('（1）按照统一标准')).toMatchObject({ font: 'fangsong', role: 'heading-4' });
  });

  it('indents each paragraph two characters and puts the 主送机关 flush left with a full-width colon', () => {
    const recipients = all.find((element) => element.role === 'main-recipients');
    expect(recipients?.x).toBe(28);
    expect(recipients?.text.endsWith('：')).toBe(true);
    const first = all.find((element) => element.text.startsWith('为推进'));
    expect(first?.x).toBeCloseTo(28 + 2 * CHAR, 6);
  });

  it('moves the 主送机关 to the 版记 when they would keep the 正文 off the first page', () => {
    const many = Array.from({ length: 60 }, (_, index) => `第${index + 1}县人民政府`);
    const layout = layoutDocument({ ...notice, mainRecipients: many }, fonts.measure);
    const [first] = layout.pages as [LayoutPage];
    expect(texts(first).some((element) => element.role === 'body')).toBe(true);
    const last = layout.pages.at(-1) as LayoutPage;
    const moved = texts(last).filter((element) => element.role === 'main-recipients');
    expect(moved[0]?.text.startsWith('主送：第1县人民政府，')).toBe(true);
    expect(moved[0]?.sizePt).toBe(14);
    const copyTo = texts(last).find((element) => element.role === 'copy-to') as TextElement;
    expect(copyTo.baseline).toBeGreaterThan(moved.at(-1)?.baseline as number);
  });

  it('numbers several attachments one line each, aligned under the first name', () => {
    const notes = all.filter((element) => element.role === 'attachment-note');
    expect(notes.map((element) => element.text)).toEqual([
      '附件：1.商洛市政务数据共享管理办法',
      '2.商洛市政务数据资源目录编制指南',
    ]);
    const [first, second] = notes as [TextElement, TextElement];
    expect(first.x).toBeCloseTo(28 + 2 * CHAR, 6);
    expect(second.x).toBeCloseTo(first.x + 3 * CHAR, 1);
  });

  it('carries the whole text of the document, in order', () => {
    const flowText = layout.pages
      .flatMap((page) => linesOf(page, ['body', 'heading-1', 'heading-2', 'heading-3', 'heading-4']))
      .map((runs) => runs.map((run) => run.text).join(''))
      .join('');
    expect(flowText).toBe(notice.body.replace(/\n/g, ''));
  });
});

describe('page breaking', () => {
  // A heading paragraph with no text of its own (一、第1项重点工作): the ones that must not end a page.
  const headingsOf = (input: LayoutInput) =>
    bodyParagraphs(input.body)
      .filter(
        (paragraph) =>
          paragraph.level !== undefined && paragraph.headingLength === [...paragraph.text].length,
      )
      .map((paragraph) => paragraph.text);

  it('never leaves a heading as the last line of a page, whatever the length', () => {
    let moved = 0;
    for (let sections = 1; sections <= 14; sections++) {
      for (const shift of ['', '补充一句。', '再补充一句较长的说明文字，使分页位置发生变化。']) {
        const input = { ...longNotice(sections), body: `${shift}\n${longNotice(sections).body}` };
        const layout = layoutDocument(input, fonts.measure);
        const headings = headingsOf(input);
        expect(headings.length).toBeGreaterThanOrEqual(sections);
        for (const page of layout.pages.slice(0, -1)) {
          const lines = linesOf(page, FLOW);
          const last = lines.at(-1);
          if (!last) continue;
          const text = last.map((run) => run.text).join('');
          const inHeading = last.every((run) => run.role.startsWith('heading-'));
          expect(
            inHeading && headings.some((heading) => heading.endsWith(text)),
            `${sections}: ${text}`,
          ).toBe(false);
          if (lines.length < 22 && page.number > 1) moved++;
        }
      }
    }
    // Some pages did end short because a heading moved down: the rule was exercised.
    expect(moved).toBeGreaterThan(0);
  });

  it('never puts the 署名 and 成文日期 on a page without text of the body', () => {
    for (let sentences = 0; sentences < 40; sentences++) {
      const body = `${notice.body}\n${'本项工作由市大数据中心牵头负责。'.repeat(sentences)}`;
      const layout = layoutDocument({ ...notice, body }, fonts.measure);
      const page = layout.pages.find((candidate) =>
        texts(candidate).some((element) => element.role === 'written-on'),
      );
      expect(page).toBeDefined();
      const bodyText = texts(page as LayoutPage).filter(
        (element) => element.role === 'body' || element.role.startsWith('heading'),
      );
      expect(bodyText.length, `${sentences} sentences`).toBeGreaterThan(0);
    }
  });

  it('puts the 版记 at the foot of the last page, on a new even page when it does not fit', () => {
    for (let sentences = 0; sentences < 30; sentences += 3) {
      const body = `${notice.body}\n${'本项工作由市大数据中心牵头负责。'.repeat(sentences)}`;
      const layout = layoutDocument({ ...notice, body }, fonts.measure);
      const last = layout.pages.at(-1) as LayoutPage;
      const lines = last.elements.filter(
        (element) => element.kind === 'line' && element.role === 'colophon-line',
      );
      expect(lines.map((line) => (line.kind === 'line' ? line.y1 : 0)).at(-1)).toBeCloseTo(262, 6);
      const printed = texts(last).find((element) => element.role === 'printed-on');
      expect(printed?.text).toBe('2026年12月2日印发');
      const onItsOwn = !texts(last).some(
        (element) => element.role === 'body' || element.role === 'written-on',
      );
      if (onItsOwn) expect(last.number % 2).toBe(0);
    }
  });
});

describe('the 署名, 成文日期 and seal (7.3.5.1)', () => {
  const signatureOf = (layout: DocumentLayout) => {
    const page = layout.pages.find((candidate) => seals(candidate).length > 0) as LayoutPage;
    const date = texts(page).find((element) => element.role === 'written-on') as TextElement;
    const names = texts(page).filter((element) => element.role === 'signature-unit');
    return { page, date, names, seals: seals(page) };
  };
  const visibleWidth = (element: TextElement) =>
    [...element.text].reduce((sum, char) => sum + fonts.measure(char, element.font, element.sizePt), 0) +
    ([...element.text].length - 1) * (element.letterSpacingMm ?? 0);

  it('sets the date four characters from the right, the 署名 centred on it, the seal over both with the date in its lower part', () => {
    const {
      page,
      date,
      names,
      seals: [seal],
    } = signatureOf(layoutDocument(notice, fonts.measure));
    expect(date.text).toBe('2026年12月2日');
    expect(date.x + visibleWidth(date)).toBeCloseTo(184 - 4 * CHAR, 6);
    const [name] = names as [TextElement];
    expect(name.x + visibleWidth(name) / 2).toBeCloseTo(date.x + visibleWidth(date) / 2, 6);
    expect(seal?.cx).toBeCloseTo(date.x + visibleWidth(date) / 2, 6);
    const radius = (seal?.diameterMm as number) / 2;
    const cy = seal?.cy as number;
    // The 署名 and the date below the centre, inside the circle.
    expect(name.baseline).toBeGreaterThan(cy);
    expect(date.baseline).toBeGreaterThan(name.baseline);
    expect(date.baseline).toBeLessThan(cy + radius);
    // The seal's top less than one line under the text above it.
    const above = texts(page).filter(
      (element) => element.baseline < cy - radius && element.role !== 'page-number',
    );
    const lastAbove = Math.max(
      ...above.map((element) => element.baseline + 0.12 * element.sizePt * (25.4 / 72)),
    );
    expect(cy - radius - lastAbove).toBeGreaterThanOrEqual(0);
    expect(cy - radius - lastAbove).toBeLessThan(LINE_PITCH);
  });

  it('puts the seals of a joint document side by side, neither touching nor past the 版心, the last on the date', () => {
    const { date, names, seals: placed } = signatureOf(layoutDocument(jointNotice, fonts.measure));
    expect(placed.map((seal) => seal.unitName)).toEqual(['商洛市人民政府', '商洛市财政局']);
    const [left, right] = placed as [SealElement, SealElement];
    expect(left.cy).toBe(right.cy);
    expect(right.cx - left.cx).toBeGreaterThan(left.diameterMm);
    expect(left.cx - left.diameterMm / 2).toBeGreaterThanOrEqual(28);
    expect(right.cx + right.diameterMm / 2).toBeLessThanOrEqual(184);
    expect(right.cx).toBeCloseTo(date.x + visibleWidth(date) / 2, 6);
    names.forEach((name, index) => {
      expect(name.x + visibleWidth(name) / 2).toBeCloseTo((placed[index] as SealElement).cx, 6);
    });
  });

  it('puts the 附注 in parentheses two characters in, the line under the date', () => {
    const { page, date } = signatureOf(layoutDocument(notice, fonts.measure));
    const note = texts(page).find((element) => element.role === 'note') as TextElement;
    expect(note.text).toBe('（联系人：王明，电话：0914-2311234）');
    expect(note.x).toBeCloseTo(28 + 2 * CHAR, 6);
    expect(note.baseline - date.baseline).toBeCloseTo(LINE_PITCH, 6);
  });

  it('gives a 纪要 no seal and its date in its head', () => {
    const layout = layoutDocument(minutes, fonts.measure);
    expect(layout.pages.flatMap(seals)).toEqual([]);
    const [page] = layout.pages as [LayoutPage];
    const mark = texts(page).find((element) => element.role === 'issuer-mark');
    const date = texts(page).find((element) => element.role === 'written-on');
    const separator = page.elements.find(
      (element) => element.kind === 'line' && element.role === 'separator',
    );
    expect(mark?.text).toBe('商洛市人民政府常务会议纪要');
    expect(date?.baseline).toBeLessThan(separator?.kind === 'line' ? separator.y1 : 0);
  });
});

describe('the 命令 format (10.2)', () => {
  it('puts the mark 20 mm under the 版心 top, the 令号 two lines under it and the body two lines under that, without a separator', () => {
    const layout = layoutDocument(order, fonts.measure);
    const [page] = layout.pages as [LayoutPage];
    const mark = texts(page).find((element) => element.role === 'issuer-mark') as TextElement;
    const number = texts(page).find((element) => element.role === 'document-number') as TextElement;
    const body = texts(page).find((element) => element.role === 'body') as TextElement;
    const em = (element: TextElement) => (element.sizePt * 25.4) / 72;
    expect(mark.baseline - 0.88 * em(mark)).toBeCloseTo(37 + 20, 6);
    expect(number.text).toBe('第5号');
    const numberCellTop = mark.baseline + 0.12 * em(mark) + 2 * LINE_PITCH;
    expect(number.baseline).toBeCloseTo(numberCellTop + (LINE_PITCH - em(number)) / 2 + 0.88 * em(number), 6);
    expect(body.baseline - number.baseline).toBeCloseTo(3 * LINE_PITCH, 6);
    expect(page.elements.some((element) => element.kind === 'line')).toBe(false);
    expect(texts(page).some((element) => element.role === 'title')).toBe(false);
    const signer = texts(page).find((element) => element.role === 'signature-unit');
    expect(signer?.text).toBe('市长　张伟');
    expect(page.elements.some((element) => element.kind === 'seal')).toBe(false);
  });
});

describe('the layout’s inputs', () => {
  it('measures only through MeasureText, and lists every character it sets per font', () => {
    const seen = new Set<string>();
    const measure: MeasureText = (text, font, size) => {
      seen.add(font);
      return fonts.measure(text, font, size);
    };
    const layout = layoutDocument(request, measure);
    expect([...seen].sort()).toEqual(
      ['fangsong', 'heiti', 'kaiti', 'songti', 'xiaobiaosong']
        .filter((font) => font !== 'heiti' || seen.has('heiti'))
        .sort(),
    );
    const used = layout.pages.flatMap(texts);
    for (const element of used) {
      for (const char of element.text) expect(layout.characters[element.font]).toContain(char);
    }
    expect(layout.characters.kaiti).toContain('李');
  });

  it('is pure: the same input gives the same layout', () => {
    const input: LayoutInput = longNotice(3);
    expect(layoutDocument(input, fonts.measure)).toEqual(layoutDocument(input, fonts.measure));
  });
});
