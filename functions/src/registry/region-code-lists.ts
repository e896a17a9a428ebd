/**
 * Lists of six-digit region codes (GB/T 2260) as the generated files hold them: per province (the
 * first two digits), the last four digits of its codes, sorted, separated by spaces. A few KiB of
 * strings where the package's rows are hundreds of KiB of objects to parse at every cold start, and
 * a new list shows as a small diff.
 */
export type CompactRegionCodes = Readonly<Record<string, string>>;

export function compactRegionCodes(codes: Iterable<string>): Record<string, string> {
  const byProvince: Record<string, string> = {};
  for (const code of [...new Set(codes)].sort()) {
    if (!/^\d{6}$/.test(code)) throw new Error(`not a six-digit region code: ${code}`);
    const province = code.slice(0, 2);
    const suffix = code.slice(2);
    byProvince[province] = byProvince[province] ? `${byProvince[province]} ${suffix}` : suffix;
  }
  return byProvince;
}

export function expandRegionCodes(compact: CompactRegionCodes): string[] {
  return Object.entries(compact).flatMap(([province, suffixes]) =>
    suffixes.split(' ').map((suffix) => province + suffix),
  );
}
