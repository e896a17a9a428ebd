import { DOCUMENT_TYPES, draftInputSchema } from '@govshare/domain/exchange';
import { describe, expect, it } from 'vitest';

const sha = 'a'.repeat(64);
const draft = {
  type: '通知',
  title: '商洛市人民政府办公室关于印发商洛市电子政务建设实施方案的通知',
  issuingUnits: ['611000000'],
  mainRecipients: [
    { group: 'townships-of', county: '611002' },
    { group: 'departments-of', unit: '611000000' },
    '611002000',
  ],
  copyRecipients: [{ list: 'city-leaders' }],
  urgency: '加急',
  body: '各县区人民政府，市政府各工作部门：\n《商洛市电子政务建设实施方案》已经市政府同意，现印发给你们，请认真贯彻执行。',
  attachments: [{ name: '商洛市电子政务建设实施方案.ofd', sha256: sha, size: 183_204 }],
  note: '此件公开发布',
  copyNumber: '12',
};

const pathsOf = (input: unknown) => {
  const result = draftInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('draftInputSchema', () => {
  it('has the 15 types of the regulation', () => {
    expect(DOCUMENT_TYPES).toHaveLength(15);
    expect(new Set(DOCUMENT_TYPES).size).toBe(15);
  });

  it('accepts a real notice and pads the 份号 to six digits', () => {
    const parsed = draftInputSchema.parse(draft);
    expect(parsed.copyNumber).toBe('000012');
    expect(parsed.mainRecipients).toHaveLength(3);
  });

  it('reads 令 as 命令', () => {
    expect(draftInputSchema.parse({ ...draft, type: '令' }).type).toBe('命令');
  });

  it('a 公告 needs no recipient, a 通知 does', () => {
    const none = { ...draft, mainRecipients: [], copyRecipients: [] };
    expect(pathsOf({ ...none, type: '公告' })).toEqual([]);
    expect(pathsOf(none)).toEqual(['mainRecipients']);
  });

  it('names each bad field', () => {
    expect(pathsOf({ ...draft, type: '便函' })).toEqual(['type']);
    expect(pathsOf({ ...draft, title: '关'.repeat(201) })).toEqual(['title']);
    expect(pathsOf({ ...draft, issuingUnits: [] })).toEqual(['issuingUnits']);
    expect(pathsOf({ ...draft, issuingUnits: ['611000000', '611000000'] })).toEqual(['issuingUnits.1']);
    expect(pathsOf({ ...draft, issuingUnits: ['shangluo'] })).toEqual(['issuingUnits.0']);
    expect(pathsOf({ ...draft, urgency: '平急' })).toEqual(['urgency']);
    expect(pathsOf({ ...draft, body: '字'.repeat(40_001) })).toEqual(['body']);
    expect(pathsOf({ ...draft, attachments: [{ name: 'a.pdf', sha256: 'xyz', size: 1 }] })).toEqual([
      'attachments.0.sha256',
    ]);
    expect(pathsOf({ ...draft, mainRecipients: [{ group: 'townships-of', county: '6110' }] })).toEqual([
      'mainRecipients.0.county',
    ]);
    expect(pathsOf({ ...draft, copyRecipients: ['611002000'] })).toEqual(['copyRecipients.0']);
    expect(pathsOf({ ...draft, copyNumber: '1234567' })).toEqual(['copyNumber']);
    expect(pathsOf({ ...draft, secret: true })).toEqual(['']);
  });
});
