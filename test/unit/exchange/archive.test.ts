import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArchiveCheckFailedError,
  type ArchiveCheckInput,
  assertArchivable,
  assertChecksPassed,
  attachmentPath,
  formatProbe,
  generateSealKeyPair,
  publicJwkOf,
  runArchiveChecks,
  type SealableDocument,
  sealDocument,
  sha256Hex,
  tarEnd,
  tarHeader,
  tarPadding,
} from '@govshare/domain/exchange';
import { InvalidTransitionError } from '@govshare/domain/kernel';
import { problemResponse } from '@govshare/functions/platform/problem.ts';
import { describe, expect, it } from 'vitest';

const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n% sample\n', 'latin1'));
const pdfRef = { name: '附件1 名单.pdf', sha256: sha256Hex(PDF), size: PDF.byteLength };
const keys = generateSealKeyPair('ECDSA-P256-SHA256');
const otherKeys = generateSealKeyPair('ECDSA-P256-SHA256');

const sealable: SealableDocument = {
  metadata: { id: 'doc-a1', title: '关于做好秋季防火工作的通知', number: '商政办发〔2026〕12号' },
  body: '各县区人民政府：\n请做好秋季防火工作。',
  attachments: [{ name: pdfRef.name, sha256: pdfRef.sha256 }],
};
const seal = sealDocument(sealable, keys, { sealedAt: '2026-10-08T02:00:00.000Z' });

const probe = (name: string, bytes: Uint8Array) => {
  const p = formatProbe(name);
  p.update(bytes.subarray(0, 3));
  p.update(bytes.subarray(3));
  return p.finish();
};

/** Input on which every check passes; each test breaks one thing. */
const good = (): ArchiveCheckInput => ({
  documentId: 'doc-a1',
  content: { title: '关于做好秋季防火工作的通知', body: '请做好秋季防火工作。', attachments: [pdfRef] },
  sealed: { document: sealable, seal },
  key: { publicJwk: publicJwkOf(keys.publicJwk), validFrom: '2026-01-01T00:00:00.000Z' },
  attachments: [
    {
      name: pdfRef.name,
      present: true,
      sha256: pdfRef.sha256,
      size: pdfRef.size,
      formatProblem: probe(pdfRef.name, PDF),
    },
  ],
  history: { intact: true, streams: 2, entries: 7, breaks: [] },
});
const failed = (input: ArchiveCheckInput) =>
  runArchiveChecks(input)
    .filter((r) => !r.passed)
    .map((r) => ({ check: r.check, problems: r.problems }));

describe('the four checks of DA/T 70 before archiving', () => {
  it('all pass on a sealed, complete, readable, non-classified document', () => {
    expect(failed(good())).toEqual([]);
    expect(() => assertChecksPassed(runArchiveChecks(good()))).not.toThrow();
  });

  it('authentic: fails when the seal does not verify against the published key, or there is none', () => {
    expect(
      failed({
        ...good(),
        key: { publicJwk: publicJwkOf(otherKeys.publicJwk), validFrom: '2026-01-01T00:00:00.000Z' },
      }),
    ).toEqual([
      { check: 'authentic', problems: [expect.stringMatching(/does not verify against the published key/)] },
    ]);
    const changed = { ...sealable, body: `${sealable.body} ` };
    expect(failed({ ...good(), sealed: { document: changed, seal } })[0]?.check).toBe('authentic');
    expect(failed({ ...good(), key: undefined })).toEqual([
      { check: 'authentic', problems: [`no published key ${keys.keyId} of the issuing unit`] },
    ]);
    // A key rotated out before the seal's time could not have made it (a stolen old key, back-dated).
    const rotatedOut = {
      publicJwk: publicJwkOf(keys.publicJwk),
      validFrom: '2026-01-01T00:00:00.000Z',
      validTo: '2026-01-02T00:00:00.000Z',
    };
    expect(failed({ ...good(), key: rotatedOut })[0]?.problems).toEqual([
      expect.stringMatching(/was not valid/),
    ]);
    expect(failed({ ...good(), sealed: undefined })[0]).toEqual({
      check: 'authentic',
      problems: ['the document has no seal'],
    });
  });

  it('complete: fails on an attachment missing, with another hash or size, or a broken history chain', () => {
    const observed = good().attachments[0] as ArchiveCheckInput['attachments'][number];
    expect(failed({ ...good(), attachments: [{ name: pdfRef.name, present: false }] })).toEqual([
      { check: 'complete', problems: [`attachment ${pdfRef.name} is missing`] },
    ]);
    expect(
      failed({ ...good(), attachments: [{ ...observed, sha256: 'f'.repeat(64) }] })[0]?.problems,
    ).toEqual([`attachment ${pdfRef.name} has SHA-256 ${'f'.repeat(64)}, not ${pdfRef.sha256}`]);
    expect(failed({ ...good(), attachments: [{ ...observed, size: 3 }] })[0]?.check).toBe('complete');
    expect(
      failed({
        ...good(),
        history: {
          intact: false,
          streams: 2,
          entries: 6,
          breaks: [{ stream: 'delivery:611002101000', seq: 3, reason: 'head-mismatch' }],
        },
      }),
    ).toEqual([
      {
        check: 'complete',
        problems: ['history stream delivery:611002101000 is broken at entry 3 (head-mismatch)'],
      },
    ]);
  });

  it('usable: fails on a format outside the allow-list, or content that is not what its extension says', () => {
    const doc = new Uint8Array(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(probe('方案.doc', doc)).toBe('方案.doc: .doc is not an accepted archival format');
    expect(probe('扫描件.pdf', new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(
      '扫描件.pdf: its content is not PDF',
    );
    expect(probe('名单.txt', new Uint8Array([0xe5, 0x90, 0x8d, 0xff]))).toBe('名单.txt: is not UTF-8 text');
    // A character cut between two chunks is still UTF-8.
    const text = new Uint8Array(Buffer.from('名单', 'utf8'));
    expect(probe('名单.txt', text)).toBeUndefined();
    expect(probe('表.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0]))).toBeUndefined();
    expect(probe('image.TIFF', new Uint8Array([0x4d, 0x4d, 0x00, 0x2a]))).toBeUndefined();
    const observed = good().attachments[0] as ArchiveCheckInput['attachments'][number];
    expect(
      failed({ ...good(), attachments: [{ ...observed, formatProblem: probe(pdfRef.name, doc) }] }),
    ).toEqual([{ check: 'usable', problems: [`${pdfRef.name}: its content is not PDF`] }]);
  });

  it('secure: fails on a classified marking in the field, the title, the body or an attachment name', () => {
    const content = good().content;
    expect(failed({ ...good(), content: { ...content, classification: '机密' } })).toEqual([
      { check: 'secure', problems: ['the classification marks the document 机密'] },
    ]);
    expect(failed({ ...good(), content: { ...content, body: '秘密★6个月\n各县区：' } })[0]?.problems).toEqual(
      ['the body marks the document 秘密'],
    );
    expect(failed({ ...good(), content: { ...content, title: '绝密 关于' } })[0]?.check).toBe('secure');
    const classifiedName = { ...pdfRef, name: '机密★1年 名单.pdf' };
    expect(
      runArchiveChecks({ ...good(), content: { ...content, attachments: [classifiedName] } }).find(
        (r) => r.check === 'secure',
      ),
    ).toEqual({ check: 'secure', passed: false, problems: ['attachment 机密★1年 名单.pdf is marked 机密'] });
  });

  it('refuses with a 422 problem naming the check (the first that failed)', () => {
    const results = runArchiveChecks({ ...good(), attachments: [{ name: pdfRef.name, present: false }] });
    let error: unknown;
    try {
      assertChecksPassed(results);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ArchiveCheckFailedError);
    const { problem } = problemResponse(error, { correlationId: 'c-1' });
    expect(problem).toMatchObject({
      type: 'urn:govshare:problem:archive-check-failed',
      status: 422,
      check: 'complete',
      problems: [`attachment ${pdfRef.name} is missing`],
    });
    expect(problem.detail).toMatch(/^The complete check of DA\/T 70 failed/);
  });
});

describe('what may be archived', () => {
  const doc = { id: 'doc-a1', state: 'dispatched' as const };
  it('a dispatched document whose main deliveries are all closed (copies do not hold it up)', () => {
    expect(() =>
      assertArchivable(doc, [
        { recipientUnit: 'a', as: 'main', state: 'handled' },
        { recipientUnit: 'b', as: 'main', state: 'replied' },
        { recipientUnit: 'c', as: 'main', state: 'returned' },
        { recipientUnit: 'd', as: 'main', state: 'withdrawn' },
        { recipientUnit: 'e', as: 'copy', state: 'delivered' },
      ]),
    ).not.toThrow();
  });
  it('not while a main delivery is open, naming it', () => {
    expect(() =>
      assertArchivable(doc, [
        { recipientUnit: '611002101000', as: 'main', state: 'assigned' },
        { recipientUnit: '611002100000', as: 'main', state: 'handled' },
      ]),
    ).toThrow(/1 main deliveries are still open: 611002101000 \(assigned\)/);
  });
  it('not before dispatch, and never twice', () => {
    expect(() => assertArchivable({ id: 'x', state: 'signed' }, [])).toThrow(InvalidTransitionError);
    expect(() => assertArchivable({ id: 'x', state: 'archived' }, [])).toThrow(/archived already/);
  });
});

describe('the package is a POSIX ustar file any tar reads', () => {
  it('lists and extracts its members byte for byte', () => {
    const members = [
      { path: 'manifest.json', bytes: new Uint8Array(Buffer.from('{"format":"govshare-archive/1"}\n')) },
      { path: attachmentPath(0, pdfRef.name), bytes: PDF },
    ];
    const parts: Uint8Array[] = [];
    for (const member of members) {
      parts.push(tarHeader(member.path, member.bytes.byteLength, new Date('2026-10-08T02:00:00Z')));
      parts.push(member.bytes, tarPadding(member.bytes.byteLength));
    }
    parts.push(tarEnd());
    const dir = mkdtempSync(join(tmpdir(), 'archive-tar-'));
    try {
      writeFileSync(join(dir, 'p.tar'), Buffer.concat(parts));
      const listing = execFileSync('tar', ['-tf', join(dir, 'p.tar')], { encoding: 'utf8' });
      expect(listing.trim().split('\n')).toEqual(['manifest.json', 'attachments/001.pdf']);
      execFileSync('tar', ['-xf', join(dir, 'p.tar'), '-C', dir]);
      expect(readFileSync(join(dir, 'attachments/001.pdf'))).toEqual(Buffer.from(PDF));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
