import {
  type ExchangeDocument,
  type Recipient,
  recipientKey,
  type UndeliverableRecipient,
} from '@govshare/domain/exchange';
import type { Unit } from '@govshare/domain/identity';
import type { UnitDirectory } from '../identity/index.ts';
import { DELIVER_SLICE_UNITS, type DispatchMessage } from './dispatch-messages.ts';
import type { RecipientListStore } from './recipient-lists.ts';

/**
 * A dispatched document's recipients as units: each unit named, each township of a county
 * (`townships-of`: the townships under the county government <county>000), each department and
 * institution of a unit (`departments-of`), each unit of a saved list (pk LISTS#<unit> sk LIST#<id>,
 * written by the sending side, of the drafter's unit or an issuing unit), against the directory as
 * it is at dispatch. What cannot be delivered is listed, never dropped.
 */
type DeliverMessage = Extract<DispatchMessage, { kind: 'deliver' }>;

export interface ExpansionDeps {
  directory: Pick<UnitDirectory, 'unit' | 'childrenOf' | 'units'>;
  /** The saved lists (recipient-lists.ts), read as they are at dispatch. */
  lists: Pick<RecipientListStore, 'get'>;
}

/** Where expansion puts each unit: 主送 or 抄送, with its name. */
export interface Expansion {
  main: Unit[];
  copy: Unit[];
  undeliverable: UndeliverableRecipient[];
}

/**
 * The units a document goes to, from its recipients as the directory has them now: each unit once,
 * as main if named both ways, never an issuing unit; unknown and dissolved ones listed instead.
 */
export async function expandRecipients(
  document: ExchangeDocument,
  deps: ExpansionDeps,
  now: Date,
): Promise<Expansion> {
  const issuers = new Set(document.content.issuingUnits);
  const reportedAt = now.toISOString();
  const undeliverable = new Map<string, UndeliverableRecipient>();
  const report = (item: Omit<UndeliverableRecipient, 'documentId' | 'reportedAt'>) => {
    const key = item.unit ?? item.recipient;
    if (!undeliverable.has(key)) undeliverable.set(key, { ...item, documentId: document.id, reportedAt });
  };
  /** Units named by code (directly or in a list), looked up together. */
  const named: { code: string; recipient: string; via?: string; as: 'main' | 'copy' }[] = [];
  const found: { unit: Unit; as: 'main' | 'copy' }[] = [];

  const expandOne = async (recipient: Recipient, as: 'main' | 'copy') => {
    const key = recipientKey(recipient);
    if (typeof recipient === 'string') {
      named.push({ code: recipient, recipient: key, as });
      return;
    }
    if ('list' in recipient) {
      const owners = [...new Set([document.drafterUnit, ...document.content.issuingUnits])];
      let codes: string[] | undefined;
      for (const owner of owners) {
        codes = (await deps.lists.get(owner, recipient.list))?.units;
        if (codes) break;
      }
      if (!codes) {
        report({ recipient: key, as, reason: 'unknown-list' });
        return;
      }
      for (const code of codes) named.push({ code, recipient: `unit:${code}`, via: key, as });
      return;
    }
    const parentCode = recipient.group === 'townships-of' ? `${recipient.county}000` : recipient.unit;
    const parent = await deps.directory.unit(parentCode);
    if (!parent || parent.dissolved) {
      report({ recipient: key, as, reason: 'unknown-group' });
      return;
    }
    const children = await deps.directory.childrenOf(parentCode);
    const members = children.filter((child) =>
      recipient.group === 'townships-of'
        ? child.level === 'township'
        : child.kind === 'department' || child.kind === 'institution',
    );
    for (const unit of members) {
      if (unit.dissolved)
        report({ recipient: `unit:${unit.code}`, unit: unit.code, via: key, as, reason: 'dissolved' });
      else found.push({ unit, as });
    }
  };

  // Main recipients first: a unit named both ways is a main recipient.
  await Promise.all([
    ...document.content.mainRecipients.map((r) => expandOne(r, 'main')),
    ...document.content.copyRecipients.map((r) => expandOne(r, 'copy')),
  ]);
  const units =
    named.length > 0 ? await deps.directory.units(named.map((n) => n.code)) : new Map<string, Unit>();
  for (const entry of named) {
    const unit = units.get(entry.code);
    const origin = {
      recipient: entry.recipient,
      unit: entry.code,
      as: entry.as,
      ...(entry.via ? { via: entry.via } : {}),
    };
    if (!unit) report({ ...origin, reason: 'unknown-unit' });
    else if (unit.dissolved) report({ ...origin, reason: 'dissolved' });
    else found.push({ unit, as: entry.as });
  }

  const roles = new Map<string, { unit: Unit; as: 'main' | 'copy' }>();
  for (const entry of [...found.filter((f) => f.as === 'main'), ...found.filter((f) => f.as === 'copy')]) {
    if (!issuers.has(entry.unit.code) && !roles.has(entry.unit.code)) roles.set(entry.unit.code, entry);
  }
  for (const code of roles.keys()) undeliverable.delete(code);
  const all = [...roles.values()];
  return {
    main: all.filter((r) => r.as === 'main').map((r) => r.unit),
    copy: all.filter((r) => r.as === 'copy').map((r) => r.unit),
    undeliverable: [...undeliverable.values()],
  };
}

/** The deliver slices of an expansion. */
export function deliverSlices(
  document: ExchangeDocument,
  expansion: Expansion,
  dispatchedAt: string,
): DeliverMessage[] {
  const slices: DeliverMessage[] = [];
  for (const as of ['main', 'copy'] as const) {
    const units = expansion[as];
    for (let start = 0; start < units.length; start += DELIVER_SLICE_UNITS) {
      const slice = units.slice(start, start + DELIVER_SLICE_UNITS);
      slices.push({
        kind: 'deliver',
        documentId: document.id,
        as,
        units: slice.map((u) => u.code),
        names: slice.map((u) => u.name),
        dispatchedAt,
      });
    }
  }
  return slices;
}
