import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FontRole, MeasureText } from '@govshare/domain/exchange';
import * as fontkit from 'fontkit';

/**
 * The open fonts every rendered document embeds (subset to the characters it uses), one per
 * GB/T 9704 role. No open 仿宋, 小标宋 or 楷体 exists as an npm TTF, so (README, "Fonts"):
 * 仿宋 and 宋 are Noto Serif SC Regular, 小标宋 Noto Serif SC Bold, 黑体 Noto Sans SC Regular, and 楷体
 * also Noto Serif SC Regular (LXGW WenKai, the open 楷, is published on npm only as split web fonts).
 * All are SIL OFL 1.1; each package ships its LICENSE_FONT.
 */
export interface LayoutFonts {
  measure: MeasureText;
  file(role: FontRole): Uint8Array;
  family(role: FontRole): string;
  /**
   * Outline of one character as SVG path data in millimetres, origin at the left end of its
   * baseline, y down: how the seal's name is drawn, as shapes rather than text.
   */
  glyphPath(role: FontRole, char: string, sizeMm: number): string;
}

const FILES: Record<FontRole, string> = {
  fangsong: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  songti: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  kaiti: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  xiaobiaosong: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  heiti: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
};

/**
 * OpenType features the writers switch off, so that every glyph advances by exactly its advance
 * width, the figure `measure` uses: no kerning or ligatures moving characters off the grid.
 */
export const PLAIN_FEATURES = {
  kern: false,
  liga: false,
  clig: false,
  calt: false,
  mark: false,
  mkmk: false,
};

const MM_PER_PT = 25.4 / 72;

let loaded: LayoutFonts | undefined;

/** Loads the font files once per process (about 40 MB on disk, 26 ms each to open). */
export function layoutFonts(): LayoutFonts {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const bytes = new Map<string, Uint8Array>();
  const faces = new Map<string, fontkit.Font>();
  for (const path of new Set(Object.values(FILES))) {
    const data = readFileSync(require.resolve(path));
    bytes.set(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    faces.set(path, fontkit.create(data) as fontkit.Font);
  }
  const face = (role: FontRole) => faces.get(FILES[role]) as fontkit.Font;
  const advances = new Map<string, number>();
  const advance = (role: FontRole, codePoint: number) => {
    const key = `${FILES[role]}|${codePoint}`;
    let value = advances.get(key);
    if (value === undefined) {
      const font = face(role);
      value = font.glyphForCodePoint(codePoint).advanceWidth / font.unitsPerEm;
      advances.set(key, value);
    }
    return value;
  };
  loaded = {
    measure: (text, role, sizePt) => {
      let ems = 0;
      for (const char of text) ems += advance(role, char.codePointAt(0) as number);
      return ems * sizePt * MM_PER_PT;
    },
    file: (role) => bytes.get(FILES[role]) as Uint8Array,
    family: (role) => face(role).familyName,
    glyphPath: (role, char, sizeMm) => {
      const font = face(role);
      const scale = sizeMm / font.unitsPerEm;
      return font
        .glyphForCodePoint(char.codePointAt(0) as number)
        .path.scale(scale, -scale)
        .toSVG();
    },
  };
  return loaded;
}
