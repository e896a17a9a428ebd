import type { RouteSpec } from '@govshare/blueprint';
import type { Role } from '@govshare/domain/kernel';

// Who may call what. The routes then check the finer rule: an information officer acts for and reads
// their own unit only.
/** A unit's information officer (信息员): submits its items, answers its commissions. */
const officers: Role[] = ['information-officer'];
/** The city government general office's editors (政务信息编辑): adopt, decline, 批示, 约稿. */
const editors: Role[] = ['information-editor'];
/** Who reads every unit's items and progress: the editors, auditors, the platform admin. */
const everyUnitReaders: Role[] = ['information-editor', 'auditor', 'platform-admin'];
const readers: Role[] = [...officers, ...everyUnitReaders];
/** Who sets a year's quotas and scoring method: the office's editors, the platform admin. */
const settingEditors: Role[] = ['information-editor', 'platform-admin'];

/**
 * The routes of information reporting (政务信息报送与采用, seed 004), to be listed among the
 * assessment function's routes in its blueprint (spread these very objects: a handler binds code to
 * a route by the object's identity). Served by routes/information.ts.
 */
export const informationRouteSpecs = {
  submitInformationItem: {
    method: 'POST',
    path: '/v1/assessment/information/items',
    access: officers,
    idempotent: true,
    summary:
      "Submit an information item (政务信息) of the caller's unit: title, body, category; with commissionId, the answer to a 约稿",
  },
  listInformationItems: {
    method: 'GET',
    path: '/v1/assessment/information/items',
    access: readers,
    summary: "A year's items with their state, by unit (?year=&unit=&state=; an officer sees the unit's own)",
  },
  getInformationItem: {
    method: 'GET',
    path: '/v1/assessment/information/items/{id}',
    access: readers,
    summary: 'One item: its text, state, adoptions, 批示 and history',
  },
  informationInbox: {
    method: 'GET',
    path: '/v1/assessment/information/inbox',
    access: editors,
    summary: 'The items submitted to the office and not decided yet, oldest first',
  },
  adoptInformationItem: {
    method: 'POST',
    path: '/v1/assessment/information/items/{id}/adoptions',
    access: editors,
    summary:
      "Adopt (采用) an item at a level: the city's 《政务信息》, reported to the province, the State Council",
  },
  declineInformationItem: {
    method: 'POST',
    path: '/v1/assessment/information/items/{id}/decline',
    access: editors,
    summary: 'Decline a submitted item, with the reason',
  },
  recordLeaderInstruction: {
    method: 'POST',
    path: '/v1/assessment/information/items/{id}/instructions',
    access: editors,
    summary: "Record a leader's comment (批示) on an adopted item: city, province or national",
  },
  informationItemPoints: {
    method: 'GET',
    path: '/v1/assessment/information/items/{id}/points',
    access: readers,
    summary: "The points an item scores by a year's scoring method (?year=, default the year it counts to)",
  },
  createInformationCommission: {
    method: 'POST',
    path: '/v1/assessment/information/commissions',
    access: editors,
    idempotent: true,
    summary: 'Commission an item (约稿) on a topic from a unit, due by an instant',
  },
  listInformationCommissions: {
    method: 'GET',
    path: '/v1/assessment/information/commissions',
    access: readers,
    summary: "A year's commissions, answered or open (?year=&unit=&open=; an officer sees the unit's own)",
  },
  unitInformationProgress: {
    method: 'GET',
    path: '/v1/assessment/information/progress/{unitCode}',
    // Any user of the unit (its score counts these points); every unit for the office, auditors.
    access: 'authenticated',
    summary: "A unit's points against its yearly quota (采用任务), with every entry and the record behind it",
  },
  informationProgress: {
    method: 'GET',
    path: '/v1/assessment/information/progress',
    access: everyUnitReaders,
    summary: "Every unit's points against its quota for a year, by unit code",
  },
  getInformationQuotas: {
    method: 'GET',
    path: '/v1/assessment/information/years/{year}/quotas',
    access: 'authenticated',
    summary: "A year's quota table (采用任务分配表) in force: each unit's points, its version, who saved it",
  },
  putInformationQuotas: {
    method: 'PUT',
    path: '/v1/assessment/information/years/{year}/quotas',
    access: settingEditors,
    summary: "Saves a year's quota table as its next version: the whole table replaces the one in force",
  },
  getInformationScoringMethod: {
    method: 'GET',
    path: '/v1/assessment/information/years/{year}/scoring-method',
    access: 'authenticated',
    summary: "A year's scoring method (计分办法) in force: points per level, 批示 bonuses, 约稿 deductions",
  },
  putInformationScoringMethod: {
    method: 'PUT',
    path: '/v1/assessment/information/years/{year}/scoring-method',
    access: settingEditors,
    summary: "Saves a year's scoring method as its next version (progress and open periods count by it)",
  },
} as const satisfies Record<string, RouteSpec>;

/** The roles that read every unit's items (the others read their own unit's). */
export const INFORMATION_EVERY_UNIT_READERS: readonly Role[] = everyUnitReaders;
