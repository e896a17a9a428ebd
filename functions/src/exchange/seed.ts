import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  approveReview,
  assertNotClassified,
  assign,
  circulate,
  createDraft,
  type DeliveryTransition,
  type DocumentTransition,
  dispatch,
  draftInputSchema,
  manualUrge,
  markHandled,
  markRead,
  openDelivery,
  type ReviewStepsInput,
  register,
  returnDelivery,
  returnForRevision,
  reviseDraft,
  sealedPackageOf,
  sealedPackageSha256,
  submitForReview,
} from '@govshare/domain/exchange';
import {
  CalendarNotLoadedError,
  cstDay,
  cstMidnight,
  InvalidTransitionError,
  isWeekend,
  isWorkingDay,
  nextDay,
  type WorkingCalendar,
} from '@govshare/domain/kernel';
import type { Context, SQSEvent } from 'aws-lambda';
import { auditTrailFromEnv } from '../audit/index.ts';
import { sampleCallers, unitDirectory, workingCalendarReader } from '../identity/index.ts';
import type { Caller } from '../platform/auth.ts';
import { dynamo, sqs } from '../platform/aws-clients.ts';
import { platformNow } from '../platform/clock.ts';
import { readFunctionConfig } from '../platform/config.ts';
import { encodeQueueBody } from '../platform/queue-body.ts';
import { s3 } from '../platform/s3-clients.ts';
import { s3ArchivePackages, s3AttachmentSource, s3LayoutFiles } from './archive-objects.ts';
import { archiveWriter } from './archive-writer.ts';
import { dynamoAttachmentStore } from './attachment-store.ts';
import { exchangeFunctions } from './blueprint.ts';
import { type DeliveryStore, dynamoDeliveryStore, type StoredDelivery } from './delivery-store.ts';
import { createDispatchConsumer } from './dispatch.ts';
import { expandMessage } from './dispatch-messages.ts';
import { dynamoDocumentNumberStore } from './document-numbers.ts';
import { dynamoDocumentStore, type StoredDocument } from './document-store.ts';
import { checkDraft, checkReviewers } from './draft-checks.ts';
import { layoutRendering } from './layout-rendering.ts';
import { sqsNotificationEvents } from './notification-events.ts';
import { officialLayouts } from './official-layout.ts';
import { dynamoRecipientListStore } from './recipient-lists.ts';
import { documentAuditor } from './routes/context.ts';
import { signForOne } from './routes/inbox.ts';
import { auditDelivery, type ReceivingDeps, type Verb } from './routes/receiving-shared.ts';
import { signDocument } from './routes/sign-off.ts';
import {
  dynamoSealKeyStore,
  sealAlgorithmFromEnv,
  sealKeyCipherFromEnv,
  sealKeyDecrypter,
} from './seal-keys.ts';
import { createUrgeSweep, readUrgePolicy } from './urge-sweep.ts';
import { attemptUrge, type UrgingDeps } from './urging.ts';

/**
 * The sample documents `npm start` loads for the sample city (商洛市, functions/src/identity/
 * sample-directory.ts), so that a new user finds full inboxes and a live status matrix at once.
 * Every state is reached as the platform reaches it: the domain's transitions (workflow.ts,
 * delivery.ts, urges.ts) written by the exchange's own stores (the document store's
 * saveTransition, the number store and the seal keys at sign-off, the dispatch consumer run in
 * this process, the delivery store's transitions, the urge sweep, the archive writer), each also
 * on the audit trail. Times are the last few working days before today (the platform's "now",
 * GOVSHARE_LOCAL_CLOCK locally), so deadlines, overdue flags and urges are what they would be.
 *
 * What a new user sees (log in with POST /v1/dev/token {"userId": "<id>"}):
 *   office-clerk      (市政府办公室, the sender) GET /v1/exchange/documents/<notice>/deliveries: the
 *                     matrix of the notice 商政办发〔year〕n号 to the 7 county governments and the
 *                     city's 23 departments: handled (财政局), replied (商州区, with the reply in
 *                     office-clerk's 待签收), assigned and late (洛南县), registered (商南县),
 *                     signed for (丹凤县), signed for a day late (人社局), opened (山阳县),
 *                     returned as misdirected (审计局), the rest overdue; urged by the sweep and escalated; office-clerk's notifications hold
 *                     the escalations. GET /v1/exchange/documents?view=sent lists it, and the 函
 *                     archived a week ago (GET …/archive).
 *   office-drafter    GET /v1/exchange/documents?view=drafts: a draft, and one returned from inside a
 *                     countersign with the reviewer's comments (its co-signer cancelled).
 *   finance-leader    view=review: a document in review, half way through a countersign.
 *   office-signer     view=sign: an approved document awaiting sign-off (its number will follow on).
 *   dajing-clerk      GET /v1/exchange/inbox?view=to-sign: 商州区政府办's forward of the notice, 加急.
 *   chengguan-handler inbox?view=to-do&scope=me: the forward, assigned to them (chengguan-leader:
 *                     view=to-read, circulated to them).
 *   luonan-gov-handler view=to-do&scope=me, overdue, and urged in GET /v1/notifications.
 *   finance-clerk     inbox?view=done: the notice and the archived 函, handled.
 *   shanyang-gov-clerk inbox?view=to-sign: the notice, opened, overdue, urged by the sweep and by hand.
 *
 * Idempotent: the documents have fixed ids; each step of a document is taken only if the document
 * is at that step's version (so a restart, or a rerun after a crash half way, neither repeats nor
 * fails), each step of a delivery only if it has not happened, and the dispatch consumer and the
 * urge sweep are idempotent themselves. A sample document a user has moved on is left as it is.
 */
export const SAMPLE_DOCUMENTS = {
  /** 商政办函: sent a week ago to 财政局, handled, archived. */
  archived: '00000000-5eed-4e0c-8000-000000000001',
  /** 商政办发: the notice to every county government and city department. */
  notice: '00000000-5eed-4e0c-8000-000000000002',
  /** 商州区人民政府's report answering the notice. */
  reply: '00000000-5eed-4e0c-8000-000000000003',
  /** 商州区政府办 forwarding the notice to its townships. */
  forward: '00000000-5eed-4e0c-8000-000000000004',
  draft: '00000000-5eed-4e0c-8000-000000000005',
  inReview: '00000000-5eed-4e0c-8000-000000000006',
  returned: '00000000-5eed-4e0c-8000-000000000007',
  approved: '00000000-5eed-4e0c-8000-000000000008',
} as const;
export type SampleDocument = keyof typeof SAMPLE_DOCUMENTS;

const CITY_GOVERNMENT = '611000000';
const CITY_OFFICE = '611000001';
const FINANCE = '611000108';
const AUDIT_BUREAU = '611000118';
const HRSS = '611000109';
const SHANGZHOU_GOV = '611002000';
const SHANGZHOU_OFFICE = '611002001';
const LUONAN_GOV = '611021000';
const DANFENG_GOV = '611022000';
const SHANGNAN_GOV = '611023000';
const SHANYANG_GOV = '611024000';
const COUNTY_GOVERNMENTS = [
  SHANGZHOU_GOV,
  LUONAN_GOV,
  DANFENG_GOV,
  SHANGNAN_GOV,
  SHANYANG_GOV,
  '611025000',
  '611026000',
];
const SHAHEZI = '611002101000';
const CHENGGUAN = '611002001000';

/** What one step did: wrote something, or found it done. */
type Outcome = 'written' | 'present';

interface Step {
  at: Date;
  document: SampleDocument;
  /** The first step of a document creates it: it counts the document created or present. */
  creates: boolean;
  label: string;
  /**
   * Whether the step has happened (a document or delivery step); absent for the idempotent ones
   * that follow them (expansion, urges), which a load with every other step done leaves out.
   */
  happened?(): Promise<boolean>;
  run(at: Date): Promise<Outcome>;
}

const WORKING_DAYS_BACK = 9;

/**
 * The CST days of the `count` working days before `today`, nearest first. A year the calendar
 * does not hold is counted on weekends alone, as deadlines are (delivery.ts countLeniently).
 */
export function workingDaysBefore(today: string, count: number, calendar: WorkingCalendar): string[] {
  const days: string[] = [];
  let day = today;
  for (let guard = 0; days.length < count && guard < 400; guard++) {
    day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    let working: boolean;
    try {
      working = isWorkingDay(day, calendar);
    } catch (error) {
      if (!(error instanceof CalendarNotLoadedError)) throw error;
      working = !isWeekend(day);
    }
    if (working) days.push(day);
  }
  return days;
}

/** An instant at `time` (HH:MM, CST) of a day. */
const cstTime = (day: string, time: string): Date => {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return new Date(cstMidnight(day).getTime() + (hours * 60 + minutes) * 60_000);
};

/** A quiet logger for the functions run here: their warnings (nobody to urge in a unit without users) are expected. */
const quietLogger = () => new Logger({ serviceName: 'govshare-exchange-sample', logLevel: 'ERROR' });

/**
 * The dispatch consumer, run in this process over a queue that is a list: the deliveries and their
 * deadlines carry the sample clock's times, and each dispatch is delivered before the next step.
 */
function inProcessDispatch(
  deps: Omit<Parameters<typeof createDispatchConsumer>[0], 'queue'>,
): (documentId: string) => Promise<void> {
  const queued: string[] = [];
  const queue = {
    async send(command: unknown) {
      if (!(command instanceof SendMessageBatchCommand)) {
        throw new Error('the sample dispatch queue takes SendMessageBatch only');
      }
      for (const entry of command.input.Entries ?? []) queued.push(entry.MessageBody ?? '');
      return { Successful: [], Failed: [] };
    },
  } as unknown as SQSClient;
  const consume = createDispatchConsumer({
    ...deps,
    queue: { sqs: queue, url: 'in-process:sample-dispatch' },
  });
  const context = { functionName: 'sample-dispatch', getRemainingTimeInMillis: () => 60_000 } as Context;
  let received = 0;
  return async (documentId) => {
    queued.push(encodeQueueBody(expandMessage(documentId)));
    while (queued.length > 0) {
      const batch = queued.splice(0, 10);
      const event: SQSEvent = {
        Records: batch.map((body) => {
          const messageId = `sample-${++received}`;
          return {
            messageId,
            receiptHandle: messageId,
            body,
            attributes: {
              ApproximateReceiveCount: '1',
              SentTimestamp: String(deps.now().getTime()),
              SenderId: 'sample-data',
              ApproximateFirstReceiveTimestamp: String(deps.now().getTime()),
            },
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: 'in-process:sample-dispatch',
            awsRegion: 'local',
          };
        }),
      };
      const { batchItemFailures } = await consume(event, context);
      if (batchItemFailures.length > 0) {
        throw new Error(`the dispatch of sample document ${documentId} failed: see the error logged above`);
      }
    }
  };
}

/** Loads the sample documents (see the header). Runs after the identity seed, whose users act here. */
export async function seedExchange(
  log: (line: string) => void,
): Promise<{ created: number; skipped: number }> {
  const config = readFunctionConfig(exchangeFunctions.exchange);
  const table = config.tables.exchange;
  const client = dynamo();
  const directory = unitDirectory(client, config.tables.identity);
  const calendar = workingCalendarReader(client, config.tables.identity);
  const audit = auditTrailFromEnv();
  const logger = quietLogger();
  const clock = { at: platformNow(config.mode) };
  const now = () => clock.at;

  const documents = dynamoDocumentStore(client, table);
  const deliveries: DeliveryStore = dynamoDeliveryStore(client, table);
  const numbers = dynamoDocumentNumberStore(client, table);
  const cipher = sealKeyCipherFromEnv();
  const sealKeys = dynamoSealKeyStore(client, table, cipher, sealAlgorithmFromEnv());
  // In-process: the seed is no Lambda function, and it renders the sample documents once.
  const renderer = layoutRendering({
    s3: s3(),
    bucket: config.buckets.documents,
    decrypt: sealKeyDecrypter(cipher),
  });
  const layouts = officialLayouts({ renderer, directory, client, table });
  const receiving: ReceivingDeps = {
    deliveries,
    documents,
    directory,
    calendar,
    audit,
    now,
    logger,
  };
  const recipientLists = dynamoRecipientListStore(client, table);
  const drafting = { directory, recipientLists, attachments: dynamoAttachmentStore(client, table) };
  const urging: UrgingDeps = {
    client,
    table,
    deliveries,
    directory,
    events: sqsNotificationEvents(sqs(), config.queues['notification-events']),
    audit,
    logger,
  };
  const sampleIds = new Set<string>(Object.values(SAMPLE_DOCUMENTS));
  // The sweep as scheduled, over the sample documents alone: a user's own are the schedule's.
  const sweep = createUrgeSweep({
    ...urging,
    deliveries: {
      ...deliveries,
      dueBy: async (instant, options) =>
        (await deliveries.dueBy(instant, options)).filter((due) => sampleIds.has(due.documentId)),
    },
    calendar,
    policy: readUrgePolicy(),
    now,
  });
  const deliver = inProcessDispatch({
    documents,
    deliveries,
    directory,
    lists: recipientLists,
    calendar,
    audit,
    now,
    logger,
  });
  const archives = archiveWriter({
    client,
    table,
    documents,
    deliveries,
    sealKeys,
    attachments: s3AttachmentSource(s3(), config.buckets.documents),
    layoutFiles: s3LayoutFiles(s3(), config.buckets.documents),
    packages: s3ArchivePackages(s3(), config.buckets.archive),
    audit,
    logger,
  });
  const auditDocument = documentAuditor({ audit });

  const caller = sampleCallers(directory);

  // ---------------------------------------------------------------- the days
  const today = cstDay(clock.at);
  const days = await calendar.withCalendar((held) => workingDaysBefore(today, WORKING_DAYS_BACK, held));
  /** `time` on the `back`-th working day before today (1: the last one). */
  const on = (back: number, time: string) => cstTime(days[back - 1] as string, time);
  const year = (back: number) => (days[back - 1] as string).slice(0, 4);

  // ---------------------------------------------------------------- steps
  const steps: Step[] = [];
  const stepsOf = new Map<SampleDocument, number>();
  const id = (document: SampleDocument) => SAMPLE_DOCUMENTS[document];
  const correlation = (document: SampleDocument, label: string) => `sample-data:${document}:${label}`;

  /**
   * A transition of a document: taken when the document is at this step's version (step n of a
   * document finds it at version n; its first step finds none).
   */
  const documentStep = (
    document: SampleDocument,
    at: Date,
    who: string,
    verb: string,
    take: (before: StoredDocument | undefined, actor: Caller, at: Date) => Promise<StoredDocument>,
    /** What the audit event keeps beside the document's facts (documentAuditor). */
    items: (stored: StoredDocument) => string[] = () => [],
  ) => {
    const index = stepsOf.get(document) ?? 0;
    stepsOf.set(document, index + 1);
    steps.push({
      at,
      document,
      creates: index === 0,
      label: `${verb} (step ${index + 1})`,
      happened: async () => ((await documents.get(id(document)))?.version ?? 0) > index,
      async run(when) {
        const before = await documents.get(id(document));
        const version = before?.version ?? 0;
        if (version > index) return 'present';
        if (version < index) {
          throw new Error(`sample document ${document} is at version ${version}, short of step ${index + 1}`);
        }
        const actor = await caller(who);
        const stored = await take(before, actor, when);
        await auditDocument(stored, {
          action: `exchange.document.${verb}`,
          caller: actor,
          correlationId: correlation(document, String(index + 1)),
          ...(verb === 'sign-off' || verb === 'dispatch' ? { unit: actor.unit } : {}),
          items: items(stored),
        });
        return 'written';
      },
    });
  };

  const save = (before: StoredDocument | undefined, transition: DocumentTransition) =>
    documents.saveTransition(before, transition);
  const requireDocument = (before: StoredDocument | undefined): StoredDocument => {
    if (!before) throw new Error('a sample document step found no document');
    return before;
  };

  const draft = (document: SampleDocument, at: Date, who: string, input: unknown) =>
    documentStep(document, at, who, 'draft', async (_before, actor, when) => {
      const content = draftInputSchema.parse(input);
      assertNotClassified(content);
      await checkDraft(content, actor.unit, drafting);
      return save(undefined, createDraft({ id: id(document), content, actor, now: when }));
    });

  const revise = (document: SampleDocument, at: Date, who: string, input: unknown) =>
    documentStep(document, at, who, 'revise', async (before, actor, when) => {
      const content = draftInputSchema.parse(input);
      assertNotClassified(content);
      await checkDraft(content, actor.unit, drafting);
      const current = requireDocument(before);
      return save(current, reviseDraft({ document: current, content, actor, now: when }));
    });

  const submit = (document: SampleDocument, at: Date, who: string, reviewSteps: ReviewStepsInput) =>
    documentStep(document, at, who, 'submit', async (before, actor, when) => {
      await checkReviewers(reviewSteps, directory);
      const current = requireDocument(before);
      return save(current, submitForReview({ document: current, steps: reviewSteps, actor, now: when }));
    });

  const approve = (document: SampleDocument, at: Date, who: string, opinion: string) =>
    documentStep(document, at, who, 'approve', async (before, actor, when) => {
      const current = requireDocument(before);
      return save(current, approveReview({ document: current, actor, now: when, opinion }));
    });

  const sendBack = (document: SampleDocument, at: Date, who: string, comments: string) =>
    documentStep(document, at, who, 'return', async (before, actor, when) => {
      const current = requireDocument(before);
      return save(current, returnForRevision({ document: current, actor, comments, now: when }));
    });

  const sign = (document: SampleDocument, at: Date, who: string, opinion: string) =>
    documentStep(
      document,
      at,
      who,
      'sign-off',
      (before, actor, when) =>
        signDocument(
          { documents, numbers, sealKeys, directory, layouts },
          requireDocument(before),
          actor,
          when,
          opinion,
        ),
      (stored) => (stored.seal ? [`seal-key:${stored.seal.keyId}`] : []),
    );

  /** 核发: the dispatched state, then its expansion by the dispatch consumer (a step of its own, always run). */
  const dispatchAt = (document: SampleDocument, at: Date, who: string) => {
    documentStep(
      document,
      at,
      who,
      'dispatch',
      async (before, actor, when) => {
        const current = requireDocument(before);
        const sealedSha256 = sealedPackageSha256(sealedPackageOf(current));
        return save(current, dispatch({ document: current, actor, sealedSha256, now: when }));
      },
      (stored) => [`sha256:${stored.sealedSha256}`],
    );
    steps.push({
      at,
      document,
      creates: false,
      label: 'expand',
      async run() {
        // The consumer records the expansion and writes each delivery once: nothing again on a rerun.
        await deliver(id(document));
        return 'present';
      },
    });
  };

  const archiveAt = (document: SampleDocument, at: Date, who: string) => {
    const index = stepsOf.get(document) ?? 0;
    stepsOf.set(document, index + 1);
    steps.push({
      at,
      document,
      creates: false,
      label: 'archive',
      happened: async () => ((await documents.get(id(document)))?.version ?? 0) > index,
      async run(when) {
        const before = await documents.get(id(document));
        if (!before || before.version > index) return 'present';
        await archives.archive({
          documentId: id(document),
          actor: await caller(who),
          now: when,
          correlationId: correlation(document, 'archive'),
        });
        return 'written';
      },
    });
  };

  /** 答复: the handler of the answered delivery drafts the reply, citing the original's number. */
  const reply = (
    document: SampleDocument,
    original: SampleDocument,
    at: Date,
    who: string,
    input: Record<string, unknown>,
  ) =>
    documentStep(
      document,
      at,
      who,
      'reply',
      async (_before, actor, when) => {
        const answered = await documents.get(id(original));
        if (!answered?.number || !(await deliveries.exists(id(original), actor.unit))) {
          throw new Error(`sample reply ${document}: unit ${actor.unit} has no delivery of ${original}`);
        }
        const content = {
          ...draftInputSchema.parse({
            issuingUnits: [actor.unit],
            mainRecipients: [answered.content.issuingUnits[0]],
            ...input,
          }),
          inReplyTo: { documentId: answered.id, number: answered.number.normalised },
        };
        assertNotClassified(content);
        await checkDraft(content, actor.unit, drafting);
        return save(undefined, createDraft({ id: id(document), content, actor, now: when }));
      },
      (stored) => [`in-reply-to:${stored.content.inReplyTo?.documentId}`],
    );

  /**
   * A transition of one delivery, unless `happened` says it has: by the delivery store (on
   * condition of the delivery's version), on the audit trail as the receiving routes record it.
   */
  const deliveryStep = (
    document: SampleDocument,
    unit: string,
    at: Date,
    who: string,
    verb: Verb,
    happened: (delivery: StoredDelivery) => boolean,
    decide: (current: StoredDelivery, actor: Caller, at: Date) => DeliveryTransition,
  ) =>
    steps.push({
      at,
      document,
      creates: false,
      label: `${verb} ${unit}`,
      async happened() {
        const current = await deliveries.get(id(document), unit);
        return current !== undefined && happened(current);
      },
      async run(when) {
        const current = await deliveries.get(id(document), unit);
        if (!current) throw new Error(`sample document ${document} has no delivery to ${unit}`);
        if (happened(current)) return 'present';
        const actor = await caller(who);
        const correlationId = correlation(document, `${verb}:${unit}`);
        try {
          if (verb === 'sign-for') {
            await signForOne(receiving, { documentId: id(document), unit }, actor, correlationId);
            return 'written';
          }
          const { after, events } = await deliveries.update(id(document), unit, (latest) =>
            decide(latest, actor, when),
          );
          if (events.length > 0) await auditDelivery(receiving, verb, after, actor, correlationId, when);
          return 'written';
        } catch (error) {
          // Someone moved the delivery on since an earlier start: it stays as they left it.
          if (!(error instanceof InvalidTransitionError)) throw error;
          log(`sample exchange: ${verb} of ${document} at ${unit} left out: ${error.message}`);
          return 'present';
        }
      },
    });

  const open = (document: SampleDocument, unit: string, at: Date, who: string) =>
    deliveryStep(
      document,
      unit,
      at,
      who,
      'open',
      (d) => d.openedAt !== undefined || d.state !== 'delivered',
      (current, actor, when) => openDelivery({ delivery: current, actor, now: when }),
    );
  const signFor = (document: SampleDocument, unit: string, at: Date, who: string) =>
    deliveryStep(
      document,
      unit,
      at,
      who,
      'sign-for',
      (d) => d.signedForAt !== undefined,
      () => {
        throw new Error('sign-for goes through signForOne');
      },
    );
  const registerAs = (
    document: SampleDocument,
    unit: string,
    at: Date,
    who: string,
    registerNumber: string,
  ) =>
    deliveryStep(
      document,
      unit,
      at,
      who,
      'register',
      (d) => d.registeredAt !== undefined,
      (current, actor, when) => register({ delivery: current, actor, registerNumber, now: when }),
    );
  const assignTo = (
    document: SampleDocument,
    unit: string,
    at: Date,
    who: string,
    lead: string,
    others: string[] = [],
    dueOn?: string,
  ) =>
    deliveryStep(
      document,
      unit,
      at,
      who,
      'assign',
      (d) => d.assignedAt !== undefined,
      (current, actor, when) =>
        assign({ delivery: current, actor, lead, others, ...(dueOn ? { dueOn } : {}), now: when }),
    );
  const circulateTo = (document: SampleDocument, unit: string, at: Date, who: string, readers: string[]) =>
    deliveryStep(
      document,
      unit,
      at,
      who,
      'circulate',
      (d) => readers.every((reader) => d.readers?.some((r) => r.subject === reader)),
      (current, actor, when) => circulate({ delivery: current, actor, readers, now: when }),
    );
  const _read = (document: SampleDocument, unit: string, at: Date, who: string) =>
    deliveryStep(
      document,
      unit,
      at,
      who,
      'read',
      (d) => d.readers?.some((r) => r.subject === who && r.readAt !== undefined) ?? false,
      (current, actor, when) => markRead({ delivery: current, actor, now: when }),
    );
  const handle = (document: SampleDocument, unit: string, at: Date, who: string, opinion: string) =>
    deliveryStep(
      document,
      unit,
      at,
      who,
      'handle',
      (d) => d.handledAt !== undefined,
      (current, actor, when) => markHandled({ delivery: current, actor, opinion, now: when }),
    );
  const returnAs = (document: SampleDocument, unit: string, at: Date, who: string, text: string) =>
    deliveryStep(
      document,
      unit,
      at,
      who,
      'return',
      (d) => d.returnedAt !== undefined,
      (current, actor, when) =>
        returnDelivery({ delivery: current, actor, input: { reason: 'misdirected', text }, now: when }),
    );

  /** The urge sweep as the schedule runs it, a quarter of an hour after a day's deadlines lapsed. */
  const sweepAt = (at: Date) =>
    steps.push({
      at,
      document: 'notice',
      creates: false,
      label: 'urge sweep',
      async run() {
        // Urges are recorded once per deadline and level: a second run urges nobody again.
        const result = await sweep({ id: `sample-data:sweep:${at.toISOString()}` });
        if (result.failed > 0)
          throw new Error(`the sample urge sweep failed for ${result.failed} deliveries`);
        return result.level1 + result.level2 > 0 ? 'written' : 'present';
      },
    });

  /** 催办 by hand from the status matrix, as the urge route writes it (once per delivery and day). */
  const urgeByHand = (document: SampleDocument, unit: string, at: Date, who: string) =>
    steps.push({
      at,
      document,
      creates: false,
      label: `urge ${unit}`,
      async run(when) {
        const [issued, delivery] = await Promise.all([
          documents.get(id(document)),
          deliveries.get(id(document), unit),
        ]);
        if (!issued || !delivery) throw new Error(`sample document ${document} has no delivery to ${unit}`);
        const actor = await caller(who);
        const decided = manualUrge({ delivery, issuingUnits: issued.content.issuingUnits, actor, now: when });
        if (decided.outcome !== 'urge') return 'present';
        const result = await attemptUrge(urging, {
          delivery,
          decision: decided.decision,
          actor: { subject: actor.subject, unit: actor.unit, kind: 'person' },
          now: when,
          correlationId: correlation(document, `urge:${unit}`),
        });
        return result.outcome === 'urged' ? 'written' : 'present';
      },
    });

  // ---------------------------------------------------------------- the story, document by document

  // 1. A 函 of the city office to 财政局, a week ago: answered, handled and archived.
  draft('archived', on(9, '09:30'), 'office-drafter', {
    type: '函',
    title: '商洛市人民政府办公室关于商请提供政务数据共享需求清单的函',
    issuingUnits: [CITY_OFFICE],
    mainRecipients: [FINANCE],
    body: [
      '市财政局：',
      '为编制全市政务数据共享需求目录，请你局梳理本单位履职所需的其他部门数据，',
      '按附表格式列明数据项、用途和依据，于本月底前反馈市政府办公室。',
      '特此函商。',
    ].join('\n'),
    printedBy: '商洛市人民政府办公室',
  });
  submit('archived', on(9, '10:00'), 'office-drafter', ['office-reviewer']);
  approve('archived', on(9, '15:00'), 'office-reviewer', '同意。');
  sign('archived', on(8, '09:30'), 'office-signer', '同意发出。');
  dispatchAt('archived', on(8, '10:00'), 'office-clerk');
  signFor('archived', FINANCE, on(8, '14:00'), 'finance-clerk');
  registerAs('archived', FINANCE, on(8, '14:05'), 'finance-clerk', `商财收〔${year(8)}〕211号`);
  assignTo('archived', FINANCE, on(8, '14:10'), 'finance-clerk', 'finance-handler');
  handle(
    'archived',
    FINANCE,
    on(6, '16:00'),
    'finance-handler',
    '已梳理本局数据共享需求清单，书面反馈市政府办公室。',
  );
  archiveAt('archived', on(5, '10:00'), 'office-clerk');

  // 2. The notice to every county government and every city department.
  const notice = (deadline: string) => ({
    type: '通知',
    title: '商洛市人民政府办公室关于开展政务数据共享质量提升专项行动的通知',
    issuingUnits: [CITY_OFFICE],
    mainRecipients: [...COUNTY_GOVERNMENTS, { group: 'departments-of', unit: CITY_GOVERNMENT }],
    body: [
      '各县区人民政府，市政府各工作部门、各直属机构：',
      '为进一步提升全市政务数据共享质量，经市政府同意，决定在全市开展政务数据共享质量提升专项行动。现将有关事项通知如下：',
      '一、全面梳理本单位已编目的政务信息资源，核对数据项、更新周期和共享属性，对不准确、不完整的目录及时更新。',
      '二、对本单位提供的共享数据开展一次质量自查，重点检查数据的完整性、准确性和时效性。',
      `三、请各单位于收文后${deadline}内明确一名联络员，并将自查情况书面报送市政府办公室。`,
    ].join('\n'),
    printedBy: '商洛市人民政府办公室',
  });
  draft('notice', on(6, '09:00'), 'office-drafter', notice('十个工作日'));
  revise('notice', on(6, '11:00'), 'office-drafter', notice('五个工作日'));
  submit('notice', on(6, '11:30'), 'office-drafter', ['office-reviewer', 'office-leader']);
  approve('notice', on(6, '15:00'), 'office-reviewer', '同意，请领导审定。');
  approve('notice', on(5, '09:30'), 'office-leader', '同意。');
  sign('notice', on(5, '16:00'), 'office-signer', '同意印发。');
  dispatchAt('notice', on(4, '09:30'), 'office-clerk');
  // 财政局: signed for, registered, assigned, handled.
  open('notice', FINANCE, on(4, '10:20'), 'finance-clerk');
  signFor('notice', FINANCE, on(4, '10:30'), 'finance-clerk');
  registerAs('notice', FINANCE, on(4, '10:40'), 'finance-clerk', `商财收〔${year(4)}〕236号`);
  assignTo('notice', FINANCE, on(4, '11:00'), 'finance-clerk', 'finance-handler');
  handle(
    'notice',
    FINANCE,
    on(1, '16:30'),
    'finance-handler',
    '已完成本局目录核对和数据质量自查，联络员已报市政府办公室。',
  );
  // 审计局: returned, misdirected.
  returnAs(
    'notice',
    AUDIT_BUREAU,
    on(4, '11:00'),
    'audit-clerk',
    '本局未承担政务数据共享职责，亦无已编目的政务信息资源，请核实主送单位。',
  );
  // 商州区人民政府: signed for, assigned, answered by a report.
  signFor('notice', SHANGZHOU_GOV, on(4, '14:00'), 'shangzhou-gov-clerk');
  registerAs('notice', SHANGZHOU_GOV, on(4, '14:10'), 'shangzhou-gov-clerk', `商区政收〔${year(4)}〕98号`);
  assignTo('notice', SHANGZHOU_GOV, on(4, '14:30'), 'shangzhou-gov-clerk', 'shangzhou-gov-handler');
  // 洛南县人民政府: assigned with a due day that passes: late handling, urged and escalated.
  signFor('notice', LUONAN_GOV, on(3, '09:00'), 'luonan-gov-clerk');
  registerAs('notice', LUONAN_GOV, on(3, '09:10'), 'luonan-gov-clerk', `洛政收〔${year(3)}〕57号`);
  assignTo('notice', LUONAN_GOV, on(3, '09:30'), 'luonan-gov-clerk', 'luonan-gov-handler', [], days[1]);
  // 商南县人民政府: registered; 丹凤县人民政府: signed for; 山阳县人民政府: opened, not signed for.
  signFor('notice', SHANGNAN_GOV, on(3, '10:00'), 'shangnan-gov-clerk');
  registerAs('notice', SHANGNAN_GOV, on(3, '10:15'), 'shangnan-gov-clerk', `商南政收〔${year(3)}〕41号`);
  signFor('notice', DANFENG_GOV, on(2, '16:00'), 'danfeng-gov-clerk');
  urgeByHand('notice', SHANYANG_GOV, on(1, '09:30'), 'office-clerk');
  // 市人社局: urged by the sweep overnight, signs for a working day late.
  signFor('notice', HRSS, on(1, '11:00'), 'hrss-clerk');
  open('notice', SHANYANG_GOV, on(1, '10:00'), 'shanyang-gov-clerk');

  // 3. 商州区人民政府 reports back: the reply, through review and sign-off, closes its delivery.
  reply('reply', 'notice', on(3, '09:00'), 'shangzhou-gov-handler', {
    type: '报告',
    title: '商州区人民政府关于政务数据共享质量提升专项行动工作情况的报告',
    body: [
      '市政府办公室：',
      '按照通知要求，我区已明确区政府办公室为牵头单位，确定联络员一名，',
      '并组织区级各部门完成政务信息资源目录核对。现将有关情况报告如下：',
      '一、已核对目录一百二十余条，更新不准确的数据项十七条。',
      '二、数据质量自查发现的问题已逐项明确整改时限。',
    ].join('\n'),
  });
  submit('reply', on(3, '09:30'), 'shangzhou-gov-handler', ['shangzhou-gov-leader']);
  approve('reply', on(3, '11:00'), 'shangzhou-gov-leader', '同意上报。');
  sign('reply', on(2, '10:00'), 'shangzhou-gov-signer', '同意。');
  dispatchAt('reply', on(2, '10:30'), 'shangzhou-gov-clerk');

  // 4. 商州区政府办 forwards the notice to its townships, 加急: due today, so nobody is late yet.
  draft('forward', on(2, '09:00'), 'shangzhou-drafter', {
    type: '通知',
    title:
      '商州区人民政府办公室关于转发《商洛市人民政府办公室关于开展政务数据共享质量提升专项行动的通知》的通知',
    issuingUnits: [SHANGZHOU_OFFICE],
    mainRecipients: [{ group: 'townships-of', county: '611002' }],
    urgency: '加急',
    body: [
      '各镇人民政府、街道办事处：',
      '现将《商洛市人民政府办公室关于开展政务数据共享质量提升专项行动的通知》转发给你们，',
      '请结合实际认真贯彻落实，并于三个工作日内将联络员名单报区政府办公室。',
    ].join('\n'),
    printedBy: '商州区人民政府办公室',
  });
  submit('forward', on(2, '09:20'), 'shangzhou-drafter', ['shangzhou-reviewer']);
  approve('forward', on(2, '10:00'), 'shangzhou-reviewer', '同意。');
  sign('forward', on(2, '11:00'), 'shangzhou-signer', '同意转发。');
  dispatchAt('forward', on(1, '09:00'), 'shangzhou-clerk');
  signFor('forward', CHENGGUAN, on(1, '09:40'), 'chengguan-clerk');
  registerAs('forward', CHENGGUAN, on(1, '09:45'), 'chengguan-clerk', `城关收〔${year(1)}〕133号`);
  assignTo('forward', CHENGGUAN, on(1, '10:00'), 'chengguan-clerk', 'chengguan-handler', [
    'chengguan-handler-2',
  ]);
  circulateTo('forward', CHENGGUAN, on(1, '10:05'), 'chengguan-clerk', ['chengguan-leader']);
  signFor('forward', SHAHEZI, on(1, '10:30'), 'shahezi-clerk');

  // 5. The city office's drafts: one being written, one in a countersign, one returned, one approved.
  draft('returned', on(3, '09:00'), 'office-drafter', {
    type: '通知',
    title: `商洛市人民政府办公室关于开展${year(3)}年度政务服务“好差评”工作的通知`,
    issuingUnits: [CITY_OFFICE],
    mainRecipients: [...COUNTY_GOVERNMENTS, { group: 'departments-of', unit: CITY_GOVERNMENT }],
    body: [
      '各县区人民政府，市政府各工作部门：',
      '为持续优化营商环境，现就开展年度政务服务“好差评”工作通知如下。',
      '一、评价范围为各级政务服务事项。',
      '二、评价结果纳入年度目标责任考核。',
      '三、考核指标另行通知。',
    ].join('\n'),
  });
  submit('returned', on(3, '09:30'), 'office-drafter', [
    { countersign: ['office-reviewer-2', 'office-reviewer-3'] },
  ]);
  sendBack(
    'returned',
    on(2, '15:00'),
    'office-reviewer-3',
    '第三条“考核指标另行通知”不妥，请会同市行政审批服务局明确指标后再送审。',
  );
  draft('inReview', on(2, '10:00'), 'office-drafter', {
    type: '通知',
    title: '商洛市人民政府办公室关于印发《商洛市政务数据共享管理办法》的通知',
    issuingUnits: [CITY_OFFICE],
    mainRecipients: [...COUNTY_GOVERNMENTS, { group: 'departments-of', unit: CITY_GOVERNMENT }],
    body: [
      '各县区人民政府，市政府各工作部门、各直属机构：',
      '《商洛市政务数据共享管理办法》已经市政府同意，现印发给你们，请认真遵照执行。',
    ].join('\n'),
    printedBy: '商洛市人民政府办公室',
  });
  submit('inReview', on(2, '10:30'), 'office-drafter', [
    'office-reviewer',
    { countersign: ['office-leader', 'finance-leader'] },
  ]);
  approve('inReview', on(2, '14:00'), 'office-reviewer', '同意，请会签。');
  approve('inReview', on(1, '09:00'), 'office-leader', '同意。');
  draft('approved', on(2, '14:00'), 'office-drafter', {
    type: '通知',
    title: '商洛市人民政府办公室关于进一步规范公文办理工作的通知',
    issuingUnits: [CITY_OFFICE],
    mainRecipients: [...COUNTY_GOVERNMENTS, { group: 'departments-of', unit: CITY_GOVERNMENT }],
    urgency: '加急',
    body: [
      '各县区人民政府，市政府各工作部门：',
      '为提高公文办理质量和效率，现就进一步规范公文签收、登记、承办和办结工作通知如下。',
      '一、收文单位应在规定时限内签收，不得拖延。',
      '二、承办单位应按要求办结，并及时答复。',
    ].join('\n'),
  });
  submit('approved', on(2, '14:30'), 'office-drafter', ['office-reviewer']);
  approve('approved', on(1, '11:00'), 'office-reviewer', '同意，请签发。');
  draft('draft', on(1, '15:00'), 'office-drafter', {
    type: '通知',
    title: '商洛市人民政府办公室关于做好元旦春节期间值班工作的通知',
    issuingUnits: [CITY_OFFICE],
    mainRecipients: [...COUNTY_GOVERNMENTS, { group: 'departments-of', unit: CITY_GOVERNMENT }],
    body: ['各县区人民政府，市政府各工作部门：', '（正文起草中）'].join('\n'),
  });

  // 6. The urge sweep, after each of the days the story covers (as the schedule runs it).
  for (let back = WORKING_DAYS_BACK; back >= 1; back--) {
    const after = new Date(cstMidnight(nextDay(days[back - 1] as string)).getTime() + 15 * 60_000);
    if (after < clock.at) sweepAt(after);
  }

  // ---------------------------------------------------------------- run them, oldest first
  const checked = steps.filter((step) => step.happened);
  const done = await Promise.all(checked.map((step) => step.happened?.()));
  if (done.every(Boolean)) return { created: 0, skipped: Object.keys(SAMPLE_DOCUMENTS).length };
  const ordered = steps.map((step, order) => ({ step, order }));
  ordered.sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.order - b.order);
  const created = new Set<SampleDocument>();
  const present = new Set<SampleDocument>();
  for (const { step } of ordered) {
    clock.at = step.at;
    let outcome: Outcome;
    try {
      outcome = await step.run(step.at);
    } catch (error) {
      throw new Error(`sample exchange: ${step.document}, ${step.label}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (step.creates) (outcome === 'written' ? created : present).add(step.document);
  }
  if (created.size > 0) {
    log(
      `sample exchange: ${created.size} documents loaded (working days ${days.at(-1)} to ${days[0]}); ` +
        'log in as office-clerk for the status matrix, dajing-clerk for a 待签收 inbox',
    );
  }
  return { created: created.size, skipped: present.size };
}
