import {
  assertNotClassified,
  ClassifiedDocumentError,
  fieldLevel,
  markedLevel,
} from '@govshare/domain/exchange';
import { ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

const title = '关于做好2026年元旦春节期间有关工作的通知';
const body = '各乡镇人民政府，区政府各工作部门：\n现将有关事项通知如下。';

describe('markings as real classified documents carry them', () => {
  it.each([
    ['机密★1年', '机密'],
    ['秘密★6个月', '秘密'],
    ['绝密', '绝密'],
    ['机密★长期', '机密'],
    ['机密 1年', '机密'],
    ['机密　★　１年', '机密'], // full-width spaces and digits
    ['秘　密', '秘密'], // spaced out by the typesetter
    ['000012\n机密★1年\n特急', '机密'], // 份号 above the 密级, as GB/T 9704 places them
    ['000012　秘密★3年　加急', '秘密'],
    ['【绝密】', '绝密'],
    ['（机密）', '机密'],
    ['特急\n机密★1年', '机密'], // urgency typed above the 密级: still the head
  ])('%s at the head of the body is %s', (head, level) => {
    expect(markedLevel(`${head}\n${body}`)).toBe(level);
  });

  it('finds a ★ marking and a 密级 label anywhere', () => {
    expect(markedLevel(`${body}\n（本件 机密★10年，阅后收回）`)).toBe('机密');
    expect(markedLevel(`${body}\n密级：绝密`)).toBe('绝密');
    expect(markedLevel(`${body}\n密级: 秘密 保密期限: 5年`)).toBe('秘密');
    expect(markedLevel(`${body}\n本文件密级为机密，不得复制。`)).toBe('机密');
  });

  it('a title marked in brackets before its words', () => {
    expect(markedLevel('【机密】关于调整城区规划的请示')).toBe('机密');
    expect(markedLevel('（绝密）关于调整城区规划的请示')).toBe('绝密');
  });

  it('the head ends at the first ordinary line: a later line opening with a level word is text', () => {
    expect(markedLevel(`各乡镇人民政府：\n秘密 文件一律不得上网，请各单位自查。`)).toBeUndefined();
    expect(markedLevel(`000012\n特急\n各乡镇人民政府：\n绝密 载体的管理另行通知。`)).toBeUndefined();
  });
});

describe('ordinary words are not markings', () => {
  it.each([
    '各单位要认真贯彻《中华人民共和国保守国家秘密法》和保守国家秘密的规定，加强保密管理。',
    '秘密文件管理办法修订工作已完成。', // 秘密 at a line's head, but part of a phrase
    '绝密、机密、秘密三个密级的划分依照保密法执行。',
    '涉及国家秘密的事项一律不得上网，商业秘密和个人隐私依法保护。',
    '密级：非密',
    '密级：工作秘密',
    '各单位评选出的★级服务窗口名单见附件，机密码箱由专人保管。',
  ])('%s', (text) => {
    expect(markedLevel(`${body}\n${text}`)).toBeUndefined();
    expect(markedLevel(text)).toBeUndefined();
  });

  it('a title naming the secrecy law is not classified', () => {
    expect(markedLevel('关于学习宣传新修订的保守国家秘密法的通知')).toBeUndefined();
    expect(markedLevel('秘密级国家秘密载体管理办法')).toBeUndefined();
  });
});

describe('the 密级 field', () => {
  it('levels and periods are classified; the words for not classified are not', () => {
    expect(fieldLevel('机密★1年', 'body.classification')).toBe('机密');
    expect(fieldLevel(' 绝密 ', 'body.classification')).toBe('绝密');
    expect(fieldLevel('非密', 'body.classification')).toBeUndefined();
    expect(fieldLevel('', 'body.classification')).toBeUndefined();
    expect(fieldLevel('内部', 'body.classification')).toBeUndefined();
  });

  it('anything else is a field error, not a guess', () => {
    try {
      fieldLevel('保密', 'body.classification');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('body.classification');
    }
  });
});

describe('assertNotClassified', () => {
  it('passes an ordinary notice', () => {
    expect(() => assertNotClassified({ title, body, classification: '非密' })).not.toThrow();
  });

  it('refuses by field, title or body, naming where and never quoting the content', () => {
    const secretBody = `机密★1年\n${body}关于城区改造补偿标准的具体数额为每平方米8000元。`;
    const cases = [
      [{ title, body, classification: '秘密' }, 'classification', '秘密'],
      [{ title: `绝密 ${title}`, body }, 'title', '绝密'],
      [{ title, body: secretBody }, 'body', '机密'],
    ] as const;
    for (const [document, source, level] of cases) {
      try {
        assertNotClassified(document);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ClassifiedDocumentError);
        const refusal = error as ClassifiedDocumentError;
        expect(refusal.slug).toBe('classified-document');
        expect([refusal.source, refusal.level]).toEqual([source, level]);
        expect(refusal.message).not.toContain('8000');
        expect(refusal.message).not.toContain('元旦');
        expect(refusal.message).not.toContain('各乡镇');
      }
    }
  });
});
