import { DomainError, ValidationError } from '@govshare/domain/kernel';

/**
 * Only non-classified documents go online (seeds 002 and 004: 涉密公文 stay on paper). A document
 * marked 秘密, 机密 or 绝密 is refused before anything of it is stored.
 *
 * The rule, and why it has no false positives on ordinary text: 秘密 is an everyday word in
 * government writing (《中华人民共和国保守国家秘密法》, 工作秘密, 商业秘密), so the word alone never
 * counts. A level counts only where a marking is written:
 *  1. in the 密级 position: GB/T 9704-2012 7.2.2 puts 密级和保密期限 at the top left, after the
 *     份号 and before the 紧急程度, so in the head of the title or body (its lines up to the first
 *     that is no 份号 or 紧急程度), a line that starts with a level followed by nothing, a ★, a
 *     period or a space, or with a level in brackets: `机密★1年`, `秘密★6个月`, `绝密`, `机密 长期`,
 *     `000012 机密★1年`, `【绝密】`. A line starting 秘密文件… or 绝密、机密… is a sentence, not a marking;
 *  2. anywhere, a level joined to a ★ (`机密★长期`): ★ is the 保密期限 separator and has no other use
 *     next to these words;
 *  3. anywhere, an explicit label: `密级：机密`, `密级: 绝密`, `密级为秘密`.
 * 工作秘密 and 内部 are not state secrets (保守国家秘密法 art. 10 knows three levels) and are not refused.
 */
export const CLASSIFICATION_LEVELS = ['秘密', '机密', '绝密'] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];

/** Values a drafter may put in the 密级 field of a non-classified document. */
const NOT_CLASSIFIED = new Set(['', '非密', '无', '公开', '不涉密', '非涉密', '内部', '工作秘密', 'none']);

export type ClassificationSource = 'classification' | 'title' | 'body';

/** The refusal: HTTP 422. Its message names the level and the field, never the content. */
export class ClassifiedDocumentError extends DomainError {
  readonly slug = 'classified-document';
  readonly level: ClassificationLevel;
  readonly source: ClassificationSource;
  constructor(level: ClassificationLevel, source: ClassificationSource) {
    super(
      `Classified documents (涉密公文: 秘密, 机密, 绝密) are exchanged on paper, not on this platform: ` +
        `the ${source} marks this document ${level}. Nothing of it was stored.`,
    );
    this.level = level;
    this.source = source;
  }
}

// NFKC folds full-width digits, colons and the ideographic space (U+3000) to their ASCII forms.
const fold = (text: string) => text.normalize('NFKC').replace(/[\u200b-\u200d\u2060\ufeff]/g, '');

// Some typesetters space out a two-character marking (秘 密); one space between the characters is allowed.
const LEVEL = '(?:绝|机|秘) ?密';
const STAR = '[★☆]';
const PERIOD = '(?:\\d+ ?(?:年|个月|月)|长期)';
/** A level standing alone at the head of a line, or in brackets there (【机密】, （绝密）). */
const AT_POSITION = new RegExp(`^(?:[\\[【(〔] ?${LEVEL} ?[\\]】)〕]|${LEVEL}(?=$| |${STAR}|${PERIOD}))`);
const WITH_STAR = new RegExp(`${LEVEL} ?${STAR}`);
/** 密级：机密, 密级为绝密. */
const LABELLED = new RegExp(`密 ?级 ?(?:[:：]|为|是) ?${LEVEL}`);
/** What may stand before the 密级 on its line or above it: a 份号 (GB/T 9704 7.2.1, six digits). */
const COPY_NUMBER = /^\d{1,6}(?: |$)/;
/** What may stand beside it in the head: the 紧急程度 (GB/T 9704 7.2.3), possibly spaced out (特 急). */
const URGENCY_LINE = /^(?:特 ?急|加 ?急)$/;

const levelIn = (marking: string): ClassificationLevel => {
  const first = /(绝|机|秘) ?密/.exec(marking)?.[1];
  return first === '绝' ? '绝密' : first === '机' ? '机密' : '秘密';
};

/**
 * The level a text is marked with, by the rule above; undefined when it carries no marking.
 * The head is read as GB/T 9704 lays it out: 份号, then 密级, then 紧急程度, each on its own line
 * or together on one; the first line that is none of these ends the head.
 */
export function markedLevel(text: string): ClassificationLevel | undefined {
  const folded = fold(text);
  const lines = folded
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0);
  for (const line of lines) {
    const rest = line.replace(COPY_NUMBER, '').trim();
    if (rest.length === 0) continue;
    const atPosition = AT_POSITION.exec(rest);
    if (atPosition) return levelIn(atPosition[0]);
    if (!URGENCY_LINE.test(rest)) break;
  }
  const flat = folded.replace(/\s+/g, ' ');
  const marked = WITH_STAR.exec(flat) ?? LABELLED.exec(flat);
  return marked ? levelIn(marked[0]) : undefined;
}

/**
 * The level of the 密级 field. Anything naming a level is classified (`机密`, `机密★1年`); the
 * usual words for "not classified" are not; anything else is a field error, since guessing either
 * way would be wrong.
 */
export function fieldLevel(value: string, path: string): ClassificationLevel | undefined {
  const folded = fold(value).replace(/\s+/g, '');
  if (NOT_CLASSIFIED.has(folded.toLowerCase())) return undefined;
  const level = new RegExp(`^[\\[【(〔]?${LEVEL}`).exec(folded);
  if (level) return levelIn(level[0]);
  throw new ValidationError([
    { path, message: 'must be 非密 (or absent); 秘密, 机密 and 绝密 documents are not exchanged online' },
  ]);
}

/** Throws ClassifiedDocumentError if the field, the title or the body marks the document classified. */
export function assertNotClassified(
  document: { classification?: string | undefined; title: string; body: string },
  pathPrefix = 'body',
): void {
  if (document.classification !== undefined) {
    const level = fieldLevel(document.classification, `${pathPrefix}.classification`);
    if (level) throw new ClassifiedDocumentError(level, 'classification');
  }
  const inTitle = markedLevel(document.title);
  if (inTitle) throw new ClassifiedDocumentError(inTitle, 'title');
  const inBody = markedLevel(document.body);
  if (inBody) throw new ClassifiedDocumentError(inBody, 'body');
}
