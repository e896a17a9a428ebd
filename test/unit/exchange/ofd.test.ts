import { createHash } from 'node:crypto';
import { generateSealKeyPair, type TextElement } from '@govshare/domain/exchange';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutFonts } from '../../../functions/src/exchange/rendering/fonts.ts';
import { documentParts, pageTextRuns, readOfd } from '../../../functions/src/exchange/rendering/ofd/read.ts';
import { glyphAdvances } from '../../../functions/src/exchange/rendering/ofd/render.ts';
import { decodeSesSignature, OID } from '../../../functions/src/exchange/rendering/ofd/ses.ts';
import { sealKeySigner, signOfd, verifyOfd } from '../../../functions/src/exchange/rendering/ofd/sign.ts';
import { readPackage } from '../../../functions/src/exchange/rendering/ofd/zip-package.ts';
import { jointNotice, notice } from './layout-samples.ts';
import { CREATED_AT, layoutText, renderSample } from './ofd-fixture.ts';

const NS = 'http://www.ofdspec.org/2016';
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const sm3b64 = (bytes: Uint8Array) => createHash('sm3').update(bytes).digest('base64');

let rendered: Awaited<ReturnType<typeof renderSample>>;
let files: Map<string, Uint8Array>;
beforeAll(async () => {
  rendered = await renderSample(notice);
  files = readPackage(rendered.ofd);
});

describe('the OFD package (GB/T 33190-2016)', () => {
  it('resolves OFD.xml → Document.xml → every page, one page per laid-out page', () => {
    expect([...files.keys()].slice(0, 3)).toEqual(['OFD.xml', 'Doc_0/Document.xml', 'Doc_0/PublicRes.xml']);
    const parts = documentParts(files);
    expect(parts.pages.map((page) => page.path)).toEqual(
      rendered.layout.pages.map((_, index) => `Doc_0/Pages/Page_${index}/Content.xml`),
    );
    for (const page of parts.pages) expect(files.has(page.path)).toBe(true);
    const ofdXml = decode(files.get('OFD.xml') as Uint8Array);
    expect(ofdXml).toMatch(/<ofd:DocID>[0-9a-f]{32}<\/ofd:DocID>/);
    expect(ofdXml).toContain(`<ofd:Title>${notice.title}</ofd:Title>`);
    expect(ofdXml).toContain('<ofd:CreationDate>2026-12-02</ofd:CreationDate>');
    expect(decode(files.get('Doc_0/Document.xml') as Uint8Array)).toContain(
      '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>',
    );
  });

  it('writes every XML file well-formed, UTF-8, with its root in the OFD namespace', () => {
    const xml = [...files].filter(([path]) => path.endsWith('.xml'));
    expect(xml.length).toBe(3 + rendered.layout.pages.length);
    for (const [path, data] of xml) {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), path).toBe(true);
      expect(text, path).toMatch(new RegExp(`^<\\?xml[^>]*\\?>\\s*<ofd:\\w+ xmlns:ofd="${NS}"`));
      // Every element opened is closed in order: a tiny independent well-formedness check.
      const stack: string[] = [];
      for (const [, close, name, selfClosing] of text.matchAll(/<(\/?)(ofd:\w+)[^>]*?(\/?)>/g)) {
        if (close) expect(stack.pop(), path).toBe(name);
        else if (!selfClosing) stack.push(name as string);
      }
      expect(stack, path).toEqual([]);
    }
  });

  it('gives every object a unique ID, MaxUnitID the largest, and resolves every reference', () => {
    const ids: number[] = [];
    const refs: number[] = [];
    for (const [path, data] of files) {
      if (!path.endsWith('.xml')) continue;
      const text = decode(data);
      for (const [, id] of text.matchAll(/ ID="(\d+)"/g)) ids.push(Number(id));
      for (const [, ref] of text.matchAll(/ (?:Font|ResourceID|PageRef)="(\d+)"/g)) refs.push(Number(ref));
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(documentParts(files).maxUnitId).toBe(Math.max(...ids));
    for (const ref of refs) expect(ids).toContain(ref);
    // Each font is embedded and holds a glyph for every character its text uses.
    const publicRes = decode(files.get('Doc_0/PublicRes.xml') as Uint8Array);
    for (const [, file] of publicRes.matchAll(/<ofd:FontFile>([^<]+)<\/ofd:FontFile>/g))
      expect(files.has(`Doc_0/Res/${file}`)).toBe(true);
  });

  it('reads back each text where the layout put it, glyph by glyph, within 0.01 mm', () => {
    const fonts = layoutFonts();
    const parts = documentParts(files);
    rendered.layout.pages.forEach((page, index) => {
      const texts = page.elements.filter((element): element is TextElement => element.kind === 'text');
      const runs = pageTextRuns(files, (parts.pages[index] as { path: string }).path);
      expect(runs.map((run) => run.text)).toEqual(texts.map((text) => text.text));
      runs.forEach((run, n) => {
        const element = texts[n] as TextElement;
        expect(Math.abs(run.x - element.x)).toBeLessThan(0.01);
        expect(Math.abs(run.y - element.baseline)).toBeLessThan(0.01);
        expect(Math.abs(run.sizeMm - (element.sizePt * 25.4) / 72)).toBeLessThan(0.01);
        const steps = glyphAdvances(element, fonts).slice(0, -1);
        expect(run.deltaX.length).toBe(steps.length);
        for (const [i, step] of run.deltaX.entries())
          expect(Math.abs(step - (steps[i] as number))).toBeLessThan(0.01);
        expect(run.fill).toBe(element.colour === 'red' ? '255 0 0' : '0 0 0');
      });
    });
    expect(readOfd(rendered.ofd).text).toEqual(layoutText(rendered.layout));
  });

  it('subsets the fonts: a page of text carries tens of kilobytes, not the 15 MB fonts', () => {
    const fontBytes = [...files]
      .filter(([path]) => path.endsWith('.ttf'))
      .reduce((n, [, d]) => n + d.length, 0);
    expect(fontBytes).toBeGreaterThan(5_000);
    expect(rendered.ofd.length).toBeLessThan(300_000);
  });

  it('writes the same bytes for the same document, whatever the time zone', async () => {
    const again = await renderSample(notice);
    expect(Buffer.from(again.ofd).equals(Buffer.from(rendered.ofd))).toBe(true);
    const other = await renderSample(notice, 'doc-sample-2');
    expect(Buffer.from(other.ofd).equals(Buffer.from(rendered.ofd))).toBe(false);
  });
});

describe('the GB/T 38540 seal signature', () => {
  const pair = generateSealKeyPair('SM2-SM3');
  const signing = { algorithm: pair.algorithm, keyId: pair.keyId, privateJwk: pair.privateJwk };
  const signedAt = new Date('2026-12-02T09:00:00Z');
  const known = ({ keyId }: { keyId: string }) => (keyId === pair.keyId ? pair.publicJwk : undefined);
  let signed: Uint8Array;
  beforeAll(async () => {
    signed = await signOfd(rendered.ofd, sealKeySigner('商洛市人民政府', signing, signedAt));
  });

  it('adds Signatures.xml, Signature.xml with SM3 references and a StampAnnot over the seal, and an SES_Signature', () => {
    const signedFiles = readPackage(signed);
    const signature = decode(signedFiles.get('Doc_0/Signs/Sign_0/Signature.xml') as Uint8Array);
    expect(signature).toContain(`<ofd:SignatureMethod>${OID.sm2WithSm3}</ofd:SignatureMethod>`);
    expect(signature).toContain(`<ofd:References CheckMethod="${OID.sm3}">`);
    for (const [path, data] of signedFiles) {
      if (path.startsWith('Doc_0/Signs/Sign_0/')) continue;
      expect(signature).toContain(
        `<ofd:Reference FileRef="/${path}"><ofd:CheckValue>${sm3b64(data)}</ofd:CheckValue></ofd:Reference>`,
      );
    }
    const read = readOfd(signed);
    expect(read.signatures).toHaveLength(1);
    const seal = rendered.layout.pages
      .flatMap((page, index) => page.elements.map((element) => ({ element, index })))
      .find(({ element }) => element.kind === 'seal');
    const element = seal?.element as { cx: number; cy: number; diameterMm: number };
    expect(read.signatures[0]?.stamps[0]?.page).toBe(seal?.index);
    const [x, y, w] = read.signatures[0]?.stamps[0]?.boundary ?? [];
    expect(x).toBeCloseTo(element.cx - element.diameterMm / 2, 2);
    expect(y).toBeCloseTo(element.cy - element.diameterMm / 2, 2);
    expect(w).toBeCloseTo(element.diameterMm, 2);

    const ses = decodeSesSignature(signedFiles.get('Doc_0/Signs/Sign_0/SignedValue.dat') as Uint8Array);
    expect(ses.seal.name).toBe('商洛市人民政府');
    expect(ses.seal.esId).toBe(pair.keyId);
    expect(ses.signatureAlgorithm).toBe(OID.sm2WithSm3);
    expect(Buffer.from(ses.dataHash).toString('base64')).toBe(
      sm3b64(signedFiles.get('Doc_0/Signs/Sign_0/Signature.xml') as Uint8Array),
    );
    expect(ses.seal.picture.type).toBe('SVG');
    expect(decode(ses.seal.picture.data)).toMatch(/^<svg [^>]*viewBox="-21 -21 42 42"/);
    expect(ses.signedAt.toISOString()).toBe(signedAt.toISOString());
    // The StampAnnot's ID is counted by MaxUnitID.
    expect(documentParts(signedFiles).maxUnitId).toBe(documentParts(files).maxUnitId + 1);
  });

  it('verifies as intact under the unit key, and names the document and the unit', async () => {
    const result = await verifyOfd(signed, known);
    expect(result.problems).toEqual([]);
    expect(result.intact).toBe(true);
    expect(result.documentId).toBe('doc-sample-1');
    expect(result.signatures[0]).toMatchObject({
      unitName: '商洛市人民政府',
      keyId: pair.keyId,
      signatureValid: true,
    });
  });

  it('does not verify under another key, or unsigned', async () => {
    const other = generateSealKeyPair('SM2-SM3');
    const result = await verifyOfd(signed, () => other.publicJwk);
    expect(result.intact).toBe(false);
    expect(result.signatures[0]?.signatureValid).toBe(false);
    expect((await verifyOfd(signed, () => undefined)).intact).toBe(false);
    expect((await verifyOfd(rendered.ofd, known)).problems).toEqual(['The OFD carries no seal signature']);
  });

  it('names the file changed when a signed file is edited and the package rebuilt', async () => {
    const entries = unzipSync(signed);
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    entries[page] = new TextEncoder().encode(decode(entries[page] as Uint8Array).replace('特急', '平件'));
    const result = await verifyOfd(zipSync(entries), known);
    expect(result.intact).toBe(false);
    expect(result.signatures[0]?.changedFiles).toEqual([page]);
    // An added file is not covered by the seal.
    const added = { ...unzipSync(signed), 'Doc_0/Res/extra.png': new Uint8Array([1, 2, 3]) };
    expect((await verifyOfd(zipSync(added), known)).signatures[0]?.unsignedFiles).toEqual([
      'Doc_0/Res/extra.png',
    ]);
  });

  it('fails on a one-byte change anywhere in the file', async () => {
    const expectedSha256 = createHash('sha256').update(signed).digest('hex');
    expect((await verifyOfd(signed, known, { expectedSha256 })).intact).toBe(true);
    const u16 = (at: number) => (signed[at] as number) | ((signed[at + 1] as number) << 8);
    const end = signed.length - 22;
    const count = u16(end + 10);
    const directory = u16(end + 16) | (u16(end + 18) << 16);
    // The ZIP's file-system attributes ("version made by", internal and external attributes) say
    // nothing of the content; only the recorded hash notices them.
    const attributeBytes = new Set<number>();
    for (let record = directory, n = 0; n < count; n++) {
      for (const offset of [4, 5, 36, 37, 38, 39, 40, 41]) attributeBytes.add(record + offset);
      record += 46 + u16(record + 28) + u16(record + 30) + u16(record + 32);
    }
    // Every byte of the central directory and the end record, and a sample of the files' bytes.
    const positions: number[] = [];
    for (let at = 0; at < directory; at += 397) positions.push(at);
    for (let at = directory; at < signed.length; at++) positions.push(at);
    for (const at of positions) {
      const copy = new Uint8Array(signed);
      copy[at] = (copy[at] as number) ^ 0x01;
      if (attributeBytes.has(at)) {
        expect((await verifyOfd(copy, known, { expectedSha256 })).intact, `byte ${at}`).toBe(false);
      } else expect((await verifyOfd(copy, known)).intact, `byte ${at}`).toBe(false);
    }
  }, 60_000);

  it('signs a joint document over the signing unit’s own seal', async () => {
    const joint = await renderSample(jointNotice, 'doc-joint');
    const unit = jointNotice.signatureUnits[1] as string;
    const result = readOfd(await signOfd(joint.ofd, sealKeySigner(unit, signing, signedAt)));
    const seals = joint.layout.pages.flatMap((p) => p.elements).filter((e) => e.kind === 'seal');
    const own = seals.find((seal) => seal.unitName === unit) as { cx: number; diameterMm: number };
    expect(result.signatures[0]?.stamps[0]?.boundary[0]).toBeCloseTo(own.cx - own.diameterMm / 2, 2);
  });

  it('is written at the time it is given', () => {
    expect(CREATED_AT.getTime()).toBeLessThan(signedAt.getTime());
  });
});
