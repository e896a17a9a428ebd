import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import {
  draftInputSchema,
  type ExchangeDocument,
  type LayoutInput,
  layoutDocument,
  layoutInputOf,
  parseDocumentNumber,
} from '@govshare/domain/exchange';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutFonts } from '../../../functions/src/exchange/rendering/fonts.ts';
import { renderPdf } from '../../../functions/src/exchange/rendering/pdf.ts';
import { type ReadPage, type ReadText, readPdf } from './layout-pdf-reader.ts';
import { jointNotice, letter, longNotice, minutes, notice, request } from './layout-samples.ts';

/**
 * Golden geometry: sample documents rendered to PDF and read back with pdf.js, their elements
 * checked against GB/T 9704-2012's millimetres (the figures are the standard's, written out here,
 * not imported from the layout) within 0.5 mm.
 */

const TOLERANCE = 0.5;
const PT = 25.4 / 72;
// GB/T 9704-2012
const PAGE = { width: 210, height: 297 }; // 5.2.1 A4
const TOP = 37; // 5.2.2 天头
const LEFT = 28; // 5.2.2 订口
const WIDTH = 156; // 5.2.2 版心
const HEIGHT = 225;
const RIGHT = LEFT + WIDTH;
const BOTTOM = TOP + HEIGHT;
const LINES = 22; // 5.2.2
const CHARS = 28;
const MARK_BELOW_TOP = 35; // 7.2.4
const SEPARATOR_BELOW_NUMBER = 4; // 7.2.7
const PAGE_NUMBER_DASH_BELOW = 7; // 7.5
const LETTER_MARK_FROM_PAGE_TOP = 30; // 10.1
const LETTER_RULE_LENGTH = 170; // 10.1
const LETTER_LOWER_RULE_FROM_BOTTOM = 20; // 10.1
const SIZE_3 = 16; // 3号
const SIZE_4 = 14; // 4号

const require = createRequire(import.meta.url);
const serif = fontkit.create(
  readFileSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')),
) as fontkit.Font;
// The embedded fonts' own metrics: the em box's ascent, and the 一字线's stroke height.
const ASCENT = (serif['OS/2'] as { typoAscender: number }).typoAscender / serif.unitsPerEm;
const dashBox = serif.glyphForCodePoint(0x2014).bbox;
const DASH_HEIGHT = (dashBox.minY + dashBox.maxY) / 2 / serif.unitsPerEm;

const emTop = (text: ReadText) => text.baseline - ASCENT * text.sizePt * PT;
const emBottom = (text: ReadText) => text.baseline + (1 - ASCENT) * text.sizePt * PT;
const right = (text: ReadText) => text.x + text.width;
const find = (page: ReadPage, predicate: (text: ReadText) => boolean) => {
  const found = page.texts.find(predicate);
  if (!found)
    throw new Error(`no text matches on the page: ${page.texts.map((text) => text.str).join(' | ')}`);
  return found;
};
const starts = (prefix: string) => (text: ReadText) => text.str.startsWith(prefix);
const fillOf = (page: ReadPage, text: ReadText) =>
  page.textFills.find(
    (run) => Math.abs(run.x - text.x) < 0.01 && Math.abs(run.baseline - text.baseline) < 0.01,
  )?.fill;
const input = (name: keyof typeof samples) => samples[name];
const isPageNumber = (text: ReadText) => /^— \d+ —$/.test(text.str);

const fonts = layoutFonts();
const meta = { title: '', author: '商洛市人民政府', createdAt: new Date('2026-12-02T08:00:00+08:00') };
const render = (input: LayoutInput) =>
  renderPdf(layoutDocument(input, fonts.measure), fonts, { ...meta, title: input.title });

const rendered: Record<string, { bytes: Uint8Array; pages: ReadPage[] }> = {};
const samples = { notice, request, jointNotice, letter, minutes, long: longNotice(10) };

beforeAll(async () => {
  for (const [name, input] of Object.entries(samples)) {
    const bytes = await render(input);
    rendered[name] = { bytes, pages: await readPdf(bytes) };
  }
}, 60_000);

const pagesOf = (name: keyof typeof samples) => rendered[name]?.pages as ReadPage[];

describe('the page (GB/T 9704 5.2)', () => {
  it('is A4 on every page of every sample', () => {
    for (const { pages } of Object.values(rendered)) {
      for (const page of pages) {
        expect(page.widthMm).toBeCloseTo(PAGE.width, 0);
        expect(page.heightMm).toBeCloseTo(PAGE.height, 0);
      }
    }
  });

  it('sets 22 lines that fill the 版心 from its top to its bottom, at 225/22 mm', () => {
    const full = pagesOf('long').filter((page) => bodyLines(page).length === LINES);
    expect(full.length).toBeGreaterThan(2);
    for (const page of full) {
      const lines = bodyLines(page);
      const first = lines[0] as ReadText;
      const last = lines.at(-1) as ReadText;
      // The first line's cell starts at the 版心 top, the last one's ends at its bottom: equal margins.
      expect(Math.abs(emTop(first) - TOP - (BOTTOM - emBottom(last)))).toBeLessThan(TOLERANCE);
      expect(emTop(first)).toBeGreaterThanOrEqual(TOP);
      expect(emBottom(last)).toBeLessThanOrEqual(BOTTOM);
      lines.slice(1).forEach((line, index) => {
        expect(line.baseline - (lines[index] as ReadText).baseline).toBeCloseTo(HEIGHT / LINES, 1);
      });
    }
    for (const page of pagesOf('long')) expect(bodyLines(page).length).toBeLessThanOrEqual(LINES);
  });

  it('sets 28 characters a line across the 版心 width', () => {
    const lines = pagesOf('long').flatMap(bodyLines);
    const fullWidth = lines.filter(
      (line) => Math.abs(line.x - LEFT) < TOLERANCE && /^[\u3000-\u9fff\uff00-\uffef“”]+$/u.test(line.str),
    );
    const ofTwentyEight = fullWidth.filter((line) => [...line.str].length === CHARS);
    expect(ofTwentyEight.length).toBeGreaterThan(30);
    for (const line of ofTwentyEight) {
      expect(Math.abs(right(line) - RIGHT)).toBeLessThan(TOLERANCE);
    }
    for (const line of fullWidth) expect([...line.str].length).toBeLessThanOrEqual(CHARS);
    // Paragraphs start two characters in.
    const indented = lines.filter((line) => line.x > LEFT + 1 && line.x < LEFT + 15);
    for (const line of indented) expect(line.x - LEFT).toBeCloseTo((2 * WIDTH) / CHARS, 1);
  });
});

/** The lines of the 22-line grid on a page: 3号 text, without the page number. */
function bodyLines(page: ReadPage): ReadText[] {
  const byBaseline = new Map<number, ReadText>();
  for (const text of page.texts) {
    if (Math.abs(text.sizePt - SIZE_3) > 0.01 || isPageNumber(text)) continue;
    const key = Math.round(text.baseline * 10);
    const seen = byBaseline.get(key);
    // Runs of one line (a heading and its text) are joined.
    if (!seen || text.x < seen.x) byBaseline.set(key, seen ? joinRuns(text, seen) : text);
    else byBaseline.set(key, joinRuns(seen, text));
  }
  return [...byBaseline.values()].sort((a, b) => a.baseline - b.baseline);
}

const joinRuns = (left: ReadText, rightRun: ReadText): ReadText => ({
  ...left,
  str: left.str + rightRun.str,
  width: right(rightRun) - left.x,
});

describe('the 版头 (7.2)', () => {
  it('puts the 份号 and 紧急程度 on the first lines at the top left', () => {
    const [page] = pagesOf('notice');
    const copy = find(page as ReadPage, (text) => text.str === '000123');
    const urgency = find(page as ReadPage, (text) => text.str === '特急');
    expect(Math.abs(copy.x - LEFT)).toBeLessThan(TOLERANCE);
    expect(emTop(copy)).toBeGreaterThanOrEqual(TOP - TOLERANCE);
    expect(emBottom(copy)).toBeLessThanOrEqual(TOP + HEIGHT / LINES + TOLERANCE);
    expect(urgency.baseline - copy.baseline).toBeCloseTo(HEIGHT / LINES, 1);
    expect(Math.abs(urgency.x - LEFT)).toBeLessThan(TOLERANCE);
  });

  it('puts the red 发文机关标志 35 mm under the 版心 top, centred, within the 版心 width', () => {
    for (const name of ['notice', 'request', 'minutes'] as const) {
      const [page] = pagesOf(name) as ReadPage[];
      const mark = find(page as ReadPage, (text) => /(文件|纪要)$/.test(text.str));
      expect(Math.abs(emTop(mark) - (TOP + MARK_BELOW_TOP))).toBeLessThan(TOLERANCE);
      expect(Math.abs(mark.x + mark.width / 2 - (LEFT + WIDTH / 2))).toBeLessThan(TOLERANCE);
      expect(mark.width).toBeLessThanOrEqual(WIDTH + TOLERANCE);
      expect(fillOf(page as ReadPage, mark)).toBe('#ff0000');
      expect(
        fillOf(
          page as ReadPage,
          find(page as ReadPage, (text) => text.str === input(name).title.slice(0, [...text.str].length)),
        ),
      ).toBe('#000000');
    }
  });

  it('draws the red separator of the 版心 width 4 mm under the 发文字号', () => {
    const [page] = pagesOf('notice') as ReadPage[];
    const number = find(page as ReadPage, (text) => text.str === '商政发〔2026〕12号');
    expect(Math.abs(number.x + number.width / 2 - (LEFT + WIDTH / 2))).toBeLessThan(TOLERANCE);
    const [separator] = (page as ReadPage).lines;
    expect(separator).toMatchObject({ colour: '#ff0000' });
    expect(Math.abs((separator?.y as number) - (emBottom(number) + SEPARATOR_BELOW_NUMBER))).toBeLessThan(
      TOLERANCE,
    );
    expect(Math.abs((separator?.x1 as number) - LEFT)).toBeLessThan(TOLERANCE);
    expect(Math.abs((separator?.x2 as number) - RIGHT)).toBeLessThan(TOLERANCE);
  });

  it('sets an upward document’s 发文字号 one character in on the left and its 签发人 one character in on the right', () => {
    const [page] = pagesOf('request') as ReadPage[];
    const number = find(page as ReadPage, starts('商政字'));
    const signer = find(page as ReadPage, starts('签发人：'));
    expect(signer.str).toBe('签发人：李华');
    expect(Math.abs(number.x - (LEFT + WIDTH / CHARS))).toBeLessThan(TOLERANCE);
    expect(Math.abs(right(signer) - (RIGHT - WIDTH / CHARS))).toBeLessThan(TOLERANCE);
    expect(signer.baseline).toBeCloseTo(number.baseline, 2);
  });

  it('stacks a joint document’s issuers with 文件 beside them, within the 版心', () => {
    const [page] = pagesOf('jointNotice') as ReadPage[];
    const marks = (page as ReadPage).texts.slice(0, 3);
    // pdf.js reads the spread-out name with spaces between its characters.
    expect(marks.map((text) => text.str.replace(/\s/g, ''))).toEqual([
      '商洛市人民政府',
      '商洛市财政局',
      '文件',
    ]);
    const [first, second, tail] = marks as [ReadText, ReadText, ReadText];
    expect(Math.abs(emTop(first) - (TOP + MARK_BELOW_TOP))).toBeLessThan(TOLERANCE);
    expect(Math.abs(first.x - second.x)).toBeLessThan(TOLERANCE);
    expect(tail.x).toBeGreaterThan(right(first));
    expect(right(tail) - first.x).toBeLessThanOrEqual(WIDTH + TOLERANCE);
    expect(tail.baseline).toBeCloseTo((first.baseline + second.baseline) / 2, 1);
  });
});

describe('page numbers (7.5)', () => {
  it('sets — n — in 4号 7 mm under the 版心, odd pages right and even pages left, one character in', () => {
    const pages = pagesOf('long');
    pages.forEach((page, index) => {
      const numbers = page.texts.filter(isPageNumber);
      if (numbers.length === 0) return; // the blank page before an even 版记 page
      const [number] = numbers as [ReadText];
      expect(number.str).toBe(`— ${index + 1} —`);
      expect(number.sizePt).toBe(SIZE_4);
      const dash = number.baseline - DASH_HEIGHT * SIZE_4 * PT;
      expect(Math.abs(dash - (BOTTOM + PAGE_NUMBER_DASH_BELOW))).toBeLessThan(TOLERANCE);
      const oneCharacter = SIZE_4 * PT;
      if ((index + 1) % 2 === 1)
        expect(Math.abs(right(number) - (RIGHT - oneCharacter))).toBeLessThan(TOLERANCE);
      else expect(Math.abs(number.x - (LEFT + oneCharacter))).toBeLessThan(TOLERANCE);
    });
  });
});

describe('the 信函 format (10.1)', () => {
  it('puts the mark 30 mm under the page top between red double lines of 170 mm, the number top right, no page number on page 1', () => {
    const [page] = pagesOf('letter') as [ReadPage];
    const mark = page.texts[0] as ReadText;
    expect(mark.str).toBe('商洛市人民政府办公室');
    expect(Math.abs(emTop(mark) - LETTER_MARK_FROM_PAGE_TOP)).toBeLessThan(TOLERANCE);
    const rules = page.lines.filter((line) => line.colour === '#ff0000');
    expect(rules).toHaveLength(4);
    for (const rule of rules) {
      expect(Math.abs(rule.x2 - rule.x1 - LETTER_RULE_LENGTH)).toBeLessThan(TOLERANCE);
      expect(Math.abs((rule.x1 + rule.x2) / 2 - PAGE.width / 2)).toBeLessThan(TOLERANCE);
    }
    const [upperThick, upperThin, lowerThin, lowerThick] = rules.sort(
      (a, b) => a.y - b.y,
    ) as ReadPage['lines'];
    expect(upperThick?.widthMm).toBeGreaterThan(upperThin?.widthMm as number);
    expect(lowerThick?.widthMm).toBeGreaterThan(lowerThin?.widthMm as number);
    expect(Math.abs((upperThick?.y as number) - (emBottom(mark) + 4))).toBeLessThan(TOLERANCE);
    expect(Math.abs((lowerThick?.y as number) - (PAGE.height - LETTER_LOWER_RULE_FROM_BOTTOM))).toBeLessThan(
      1.5,
    );
    const number = find(page, starts('商政办函'));
    expect(Math.abs(right(number) - RIGHT)).toBeLessThan(TOLERANCE);
    // 7/8 of a 3号 character's height under the double line.
    expect(Math.abs(emTop(number) - ((upperThin?.y as number) + (7 / 8) * SIZE_3 * PT))).toBeLessThan(
      TOLERANCE,
    );
    expect(page.texts.filter(isPageNumber)).toEqual([]);
  });
});

describe('the 版记 (7.4)', () => {
  it('ends on the 版心 bottom of the last page, thick lines outside and a thin one between', () => {
    const pages = pagesOf('notice');
    const last = pages.at(-1) as ReadPage;
    const lines = last.lines.filter((line) => line.colour === '#000000').sort((a, b) => a.y - b.y);
    expect(lines).toHaveLength(3);
    const [first, middle, final] = lines as [
      ReadPage['lines'][0],
      ReadPage['lines'][0],
      ReadPage['lines'][0],
    ];
    expect(Math.abs(final.y - BOTTOM)).toBeLessThan(TOLERANCE);
    expect(first.widthMm).toBeCloseTo(0.35, 2);
    expect(middle.widthMm).toBeCloseTo(0.25, 2);
    expect(final.widthMm).toBeCloseTo(0.35, 2);
    for (const line of lines) {
      expect(Math.abs(line.x1 - LEFT)).toBeLessThan(TOLERANCE);
      expect(Math.abs(line.x2 - RIGHT)).toBeLessThan(TOLERANCE);
    }
    const copyTo = find(last, starts('抄送：'));
    expect(copyTo.sizePt).toBe(SIZE_4);
    expect(Math.abs(copyTo.x - (LEFT + SIZE_4 * PT))).toBeLessThan(TOLERANCE);
    const printedOn = find(last, (text) => text.str.endsWith('印发'));
    expect(Math.abs(right(printedOn) - (RIGHT - SIZE_4 * PT))).toBeLessThan(TOLERANCE);
    // The 版记 stands on an even page: the back of the last sheet.
    expect(pages.length % 2).toBe(0);
  });

  it('prints the 印发日期 of the last sign-off’s CST day at the right of the 印发 line (7.4.3)', async () => {
    // Signed at 01:30 on 2 December in Beijing, still 1 December in UTC.
    const signed = {
      id: 'doc-printed-on',
      state: 'signed',
      content: draftInputSchema.parse({
        type: '通知',
        title: '商洛市人民政府办公室关于印发日期的通知',
        issuingUnits: ['611000001'],
        mainRecipients: ['611002000'],
        copyRecipients: ['611000105'],
        body: '正文。',
        printedBy: '611000001',
      }),
      signatures: [{ unit: '611000001', signer: 'office-signer', at: '2026-12-01T17:30:00Z' }],
      number: parseDocumentNumber('商政办发〔2026〕3号'),
      writtenOn: '2026-12-02',
    } as unknown as ExchangeDocument;
    const units = new Map([
      ['611000001', '商洛市人民政府办公室'],
      ['611002000', '商州区人民政府'],
      ['611000105', '商洛市财政局'],
    ]);
    const input = layoutInputOf(signed, { units, people: new Map() });
    expect(input.printedOn).toBe('2026-12-02');
    const last = (await readPdf(await render(input))).at(-1) as ReadPage;
    const printedOn = find(last, (text) => text.str.endsWith('印发'));
    expect(printedOn.str).toBe('2026年12月2日印发');
    expect(printedOn.sizePt).toBe(SIZE_4);
    // 印发机关 one character in from the left, 印发日期 one character in from the right, one line.
    const printedBy = find(last, (text) => text.str === '商洛市人民政府办公室' && text.sizePt === SIZE_4);
    expect(Math.abs(printedBy.x - (LEFT + SIZE_4 * PT))).toBeLessThan(TOLERANCE);
    expect(Math.abs(right(printedOn) - (RIGHT - SIZE_4 * PT))).toBeLessThan(TOLERANCE);
    expect(Math.abs(printedOn.baseline - printedBy.baseline)).toBeLessThan(TOLERANCE);
    // Its line is the last of the 版心, above the final thick rule.
    expect(printedOn.baseline).toBeLessThan(BOTTOM);
    expect(printedOn.baseline).toBeGreaterThan(BOTTOM - HEIGHT / LINES);
  });
});

describe('the text', () => {
  it('reads back as the document’s text, in order, with nothing else mixed in', () => {
    for (const name of ['notice', 'long', 'jointNotice'] as const) {
      const input = samples[name];
      const text = pagesOf(name)
        .flatMap((page) => page.texts.filter((item) => !isPageNumber(item)).map((item) => item.str))
        .join('')
        .replace(/\s/g, '');
      const expected = [input.title, `${input.mainRecipients.join('，')}：`, ...input.body.split('\n')]
        .join('')
        .replace(/\s/g, '');
      expect(text).toContain(expected);
      // The seal's name is drawn, not text: the unit's name appears once per 署名 and in the 版记.
      const unit = '商洛市人民政府';
      const printed =
        [
          input.title,
          ...input.body.split('\n'),
          input.mainRecipients.join(''),
          input.issuerMarks.join(''),
          input.signatureUnits.join(''),
          input.printedBy ?? '',
        ]
          .join('')
          .split(unit).length - 1;
      expect(text.split(unit).length - 1).toBe(printed);
    }
  });
});

describe('the file', () => {
  it('is the same bytes for the same document and meta, and other bytes for another date', async () => {
    const again = await render(notice);
    expect(Buffer.from(again).equals(Buffer.from(rendered.notice?.bytes as Uint8Array))).toBe(true);
    const later = await renderPdf(layoutDocument(notice, fonts.measure), fonts, {
      ...meta,
      title: notice.title,
      createdAt: new Date('2026-12-03T08:00:00+08:00'),
    });
    expect(Buffer.from(later).equals(Buffer.from(again))).toBe(false);
  });

  it('places an uploaded seal image instead of the drawn seal', async () => {
    const png = redPng();
    const sha = createHash('sha256').update(png).digest('hex');
    const input = { ...notice, sealImages: { 商洛市人民政府: sha } };
    const bytes = await renderPdf(layoutDocument(input, fonts.measure), fonts, {
      ...meta,
      title: input.title,
      sealImages: { [sha]: png },
    });
    const pages = await readPdf(bytes);
    expect(pages.reduce((sum, page) => sum + page.images, 0)).toBe(1);
    expect(pagesOf('notice').reduce((sum, page) => sum + page.images, 0)).toBe(0);
  });

  it('embeds subsets of the fonts: a few tens of kilobytes a page', () => {
    for (const { bytes, pages } of Object.values(rendered)) {
      expect(bytes.length / pages.length).toBeLessThan(40_000);
    }
  });
});

/** A 2 × 2 red PNG, built by hand (signature, IHDR, IDAT, IEND). */
function redPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = [0, 255, 0, 0, 255, 0, 0];
  const pixels = deflateSync(Buffer.from([...row, ...row]));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', pixels),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

describe('the README screenshot', () => {
  const pdftoppm = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].find((path) => existsSync(path));
  it.skipIf(!pdftoppm)('renders page 1 of the sample notice to docs/images/official-layout-page1.png', () => {
    const directory = mkdtempSync(join(tmpdir(), 'layout-'));
    const pdf = join(directory, 'notice.pdf');
    writeFileSync(pdf, rendered.notice?.bytes as Uint8Array);
    execFileSync(pdftoppm as string, [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdf,
      join(directory, 'page1'),
    ]);
    const target = join(import.meta.dirname, '../../../docs/images');
    mkdirSync(target, { recursive: true });
    renameSync(join(directory, 'page1.png'), join(target, 'official-layout-page1.png'));
    expect(readFileSync(join(target, 'official-layout-page1.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
