import { type DocumentLayout, type LayoutInput, layoutDocument } from '@govshare/domain/exchange';
import { layoutFonts } from '../../../functions/src/exchange/rendering/fonts.ts';
import { type OfdMeta, renderOfd } from '../../../functions/src/exchange/rendering/ofd/render.ts';

/** A sample document laid out and written as OFD, shared by the OFD tests. */
export const CREATED_AT = new Date('2026-12-02T08:30:00Z');

export function metaOf(input: LayoutInput, documentId = 'doc-sample-1'): OfdMeta {
  return { title: input.title, author: input.signatureUnits.join('、'), createdAt: CREATED_AT, documentId };
}

export async function renderSample(
  input: LayoutInput,
  documentId?: string,
): Promise<{ layout: DocumentLayout; ofd: Uint8Array }> {
  const fonts = layoutFonts();
  const layout = layoutDocument(input, fonts.measure);
  return { layout, ofd: await renderOfd(layout, fonts, metaOf(input, documentId)) };
}

/** The text of each page as the layout has it, in the order the writer emits it. */
export function layoutText(layout: DocumentLayout): string[] {
  return layout.pages.map((page) =>
    page.elements
      .filter((element) => element.kind === 'text')
      .map((element) => element.text)
      .join('\n'),
  );
}
