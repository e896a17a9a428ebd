import {
  ClassifiedDocumentError,
  type ExchangeActor,
  registerPaperDocument,
} from '@govshare/domain/exchange';
import { ForbiddenError, ValidationError } from '@govshare/domain/kernel';
import { describe, expect, it } from 'vitest';

const clerk: ExchangeActor = { subject: 'office-clerk', unit: '611000001', roles: ['clerk'] };
const now = new Date('2026-03-10T09:00:00+08:00');
const input = {
  issuer: '陕西省人民政府办公厅',
  number: '陕政办发 ［2026］ ３号',
  title: '陕西省人民政府办公厅关于推进政务服务的通知',
  receivedOn: '2026-03-09',
};

describe('registering a paper document', () => {
  it('keeps the number normalised and as written', () => {
    const paper = registerPaperDocument({ id: 'p1', input, actor: clerk, now });
    expect(paper.number).toMatchObject({
      normalised: '陕政办发〔2026〕3号',
      original: '陕政办发 ［2026］ ３号',
    });
    expect(paper).toMatchObject({
      unit: '611000001',
      registeredBy: 'office-clerk',
      receivedOn: '2026-03-09',
    });
    const noYear = registerPaperDocument({
      id: 'p2',
      input: { ...input, number: '梅政办发108号' },
      actor: clerk,
      now,
    });
    expect(noYear.number.normalised).toBe('梅政办发108号');
  });

  it('refuses classified ones, bad numbers, future days and non-clerks', () => {
    expect(() =>
      registerPaperDocument({ id: 'p', input: { ...input, classification: '机密' }, actor: clerk, now }),
    ).toThrow(ClassifiedDocumentError);
    expect(() =>
      registerPaperDocument({
        id: 'p',
        input: { ...input, title: '绝密★长期 关于某事的通知' },
        actor: clerk,
        now,
      }),
    ).toThrow(ClassifiedDocumentError);
    const bad = (() => {
      try {
        registerPaperDocument({ id: 'p', input: { ...input, number: '〔2026〕3号' }, actor: clerk, now });
      } catch (error) {
        return error as ValidationError;
      }
    })();
    expect(bad?.issues[0]?.path).toBe('body.number');
    expect(() =>
      registerPaperDocument({ id: 'p', input: { ...input, receivedOn: '2026-03-11' }, actor: clerk, now }),
    ).toThrow(ValidationError);
    expect(() =>
      registerPaperDocument({ id: 'p', input, actor: { ...clerk, roles: ['handler'] }, now }),
    ).toThrow(ForbiddenError);
  });
});
