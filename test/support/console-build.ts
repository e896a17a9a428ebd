import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in for console/dist with the build's shape (index.html, hashed files under assets/, the
 * source hash), so a synthesis test need not run Vite: the template is what it checks.
 */
export function consoleBuildFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-console-build-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, '.source-hash'), 'fixture');
  return dir;
}
