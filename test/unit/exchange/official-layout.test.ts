import {
  draftInputSchema,
  type ExchangeDocument,
  layoutInputOf,
  parseDocumentNumber,
  sealedContentOf,
} from '@govshare/domain/exchange';
import { describe, expect, it } from 'vitest';

/** The layout input of a signed document: what is printed, as names, from the directory's. */
const units = new Map([
  ['611000001', '商洛市人民政府办公室'],
  ['611000105', '商洛市财政局'],
  ['611002000', '商州区人民政府'],
  ['611000000', '商洛市人民政府'],
]);
const people = new Map([['office-signer', '李华']]);

const signed = (type: string, extra: Record<string, unknown> = {}): ExchangeDocument =>
  ({
    id: 'doc-1',
    state: 'approved',
    content: draftInputSchema.parse({
      type,
      title: '关于测试的通知',
      issuingUnits: ['611000001', '611000105'],
      mainRecipients: ['611002000', { group: 'departments-of', unit: '611000000' }],
      copyRecipients: [{ group: 'townships-of', county: '611002' }],
      body: '正文。',
      attachments: [{ name: '附件一.pdf', sha256: 'a'.repeat(64), size: 10 }],
      ...extra,
    }),
    signatures: [{ unit: '611000001', signer: 'office-signer', at: '2026-12-02T01:00:00Z' }],
    number: parseDocumentNumber('商政办发〔2026〕3号'),
    writtenOn: '2026-12-02',
  }) as unknown as ExchangeDocument;

describe('layoutInputOf', () => {
  it('prints names: 发文机关标志 per issuing unit, recipients and groups, 署名', () => {
    const input = layoutInputOf(signed('通知'), { units, people });
    expect(input.issuerMarks).toEqual(['商洛市人民政府办公室文件', '商洛市财政局文件']);
    expect(input.signatureUnits).toEqual(['商洛市人民政府办公室', '商洛市财政局']);
    expect(input.mainRecipients).toEqual(['商州区人民政府', '商洛市人民政府各部门']);
    expect(input.copyRecipients).toEqual(['商州区人民政府所辖各乡镇']);
    expect(input.number).toBe('商政办发〔2026〕3号');
    expect(input.writtenOn).toBe('2026-12-02');
    expect(input.attachments).toEqual(['附件一']);
    // 印发日期: the CST day of the last sign-off (01:00Z is 09:00 in Beijing).
    expect(input.printedOn).toBe('2026-12-02');
    // 签发人 only on upward documents.
    expect(input.signers).toEqual([]);
    expect(
      layoutInputOf(signed('请示', { mainRecipients: ['611000000'] }), { units, people }).signers,
    ).toEqual(['李华']);
  });

  it('refuses a document with no number, and the seal names the rendered files only when there are some', () => {
    const unsigned = { ...signed('通知'), number: undefined } as ExchangeDocument;
    expect(() => layoutInputOf(unsigned, { units, people })).toThrow(/not signed/);
    expect(sealedContentOf(signed('通知')).metadata.layout).toBeUndefined();
    const file = (sha: string) => ({ sha256: sha, bytes: 1, pages: 1, key: 'k' });
    const withLayout = {
      ...signed('通知'),
      layout: { pdf: file('1'.repeat(64)), ofd: file('2'.repeat(64)) },
    };
    expect(sealedContentOf(withLayout).metadata.layout).toEqual({
      pdfSha256: '1'.repeat(64),
      ofdSha256: '2'.repeat(64),
    });
  });
});
