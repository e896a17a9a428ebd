import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import rdf from '@zazuko/env-node';
import SHACLValidator from 'rdf-validate-shacl';

/** Validates a JSON-LD document against the official DCAT-AP 3.0.1 shapes (shapes.ttl + range.ttl). */
const shapeFiles = ['shapes.ttl', 'range.ttl'].map((name) =>
  fileURLToPath(new URL(`./dcat-ap/${name}`, import.meta.url)),
);

let validator: SHACLValidator | undefined;

async function loadValidator(): Promise<SHACLValidator> {
  if (validator) return validator;
  const shapes = rdf.dataset();
  for (const file of shapeFiles) await shapes.import(rdf.fromFile(file));
  validator = new SHACLValidator(shapes, { factory: rdf });
  return validator;
}

export interface ShaclOutcome {
  conforms: boolean;
  /** One line per violation: focus node, path, message. */
  problems: string[];
  triples: number;
}

export async function validateDcat(document: unknown): Promise<ShaclOutcome> {
  const stream = rdf.formats.parsers.import('application/ld+json', Readable.from([JSON.stringify(document)]));
  if (!stream) throw new Error('No JSON-LD parser');
  const data = await rdf.dataset().import(stream);
  const report = await (await loadValidator()).validate(data);
  const problems = report.results.map(
    (result) =>
      `${result.focusNode?.value} ${result.path?.value ?? ''}: ${result.message.map((m) => m.value).join('; ')}`,
  );
  return { conforms: report.conforms, problems, triples: data.size };
}
