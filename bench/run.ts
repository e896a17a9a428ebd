/**
 * `npm run bench`: runs every benchmark file in bench/ (each *.ts but this one), one after another,
 * in its own process, so adding a benchmark is adding a file.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./', import.meta.url));
const benches = readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && file !== 'result.ts')
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${run.status ?? run.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
