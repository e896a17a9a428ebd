import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles, REPO_ROOT } from './openapi-document.ts';

// npm run openapi [-- <folder>]: writes the OpenAPI document and the client's types (into the
// repository, or under another folder to compare).
const root = process.argv[2] ?? REPO_ROOT;
for (const [path, text] of Object.entries(await generatedFiles())) {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
process.exit(0);
