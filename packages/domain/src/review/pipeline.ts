import { cstDay, type WorkingCalendar, workingDaysBetween } from '@govshare/domain/kernel';
import type { CheckOutcome } from './checks.ts';
import {
  OFFICE_TURNS,
  OFFICES,
  type Office,
  PROJECT_STATES,
  type ProjectState,
  type ReviewProject,
  reviewersOf,
} from './decisions.ts';
import { budgetTotal } from './project.ts';

/**
 * The pipeline report (the one list of every proposed project, as spend controls keep it): the year's
 * projects counted by state, unit, plan item and review tier; the budget requested against what was
 * approved and the share cut (核减率); the duplicates the machine checks caught; and the working days
 * each project waited with each office. Pure: the route reads the projects, their duplicate-check
 * outcome and the calendar, and this adds them up.
 *
 * Working days with an office, for every office of the version's tier: for each submitted version,
 * from the moment the office's turn opened (the submission for the two offices: the machine checks
 * take seconds, and the worklist item is dated by them; for the leading group, the later of the two
 * offices' approvals) to the office's own decision on it; while it still waits, to now; a version
 * closed by another office's return or rejection before this one decided counts to that closing
 * decision. A decision carried from an earlier version took no time.
 */

/** The year of the pipeline a project belongs to: the year it was filed, in China Standard Time. */
export const pipelineYearOf = (filedAt: Date): number => Number(cstDay(filedAt).slice(0, 4));

export interface PipelineEntry {
  project: ReviewProject;
  /** The duplicate-construction outcome of the current version's machine checks, when they ran. */
  duplicateConstruction?: CheckOutcome;
}

export interface BudgetFigures {
  projects: number;
  /** The current versions' budget totals (fen). */
  requested: number;
  /** Of these, the approved projects: what they asked and what was approved (fen). */
  approvedProjects: number;
  requestedOfApproved: number;
  approved: number;
  cut: number;
  /** cut / requestedOfApproved in percent, one decimal; 0 when nothing was approved. */
  cutRatePercent: number;
}

export interface PipelineGroup extends BudgetFigures {
  key: string;
  byState: Partial<Record<ProjectState, number>>;
}

export interface OfficeTime {
  office: Office;
  /** Projects that spent time with the office (decided or waiting). */
  projects: number;
  /** Still waiting for the office's decision. */
  waiting: number;
  totalWorkingDays: number;
  /** Per project, one decimal. */
  averageWorkingDays: number;
  maxWorkingDays: number;
}

export interface ProjectOfficeDays {
  projectId: string;
  unit: string;
  name: string;
  state: ProjectState;
  workingDays: Partial<Record<Office, number>>;
  /** The offices it waits for now. */
  waitingFor: Office[];
}

export interface DuplicateCaught {
  projectId: string;
  unit: string;
  name: string;
  outcome: 'fail' | 'warn';
  state: ProjectState;
}

export interface PipelineReport {
  year: number;
  generatedAt: string;
  total: BudgetFigures & { byState: Record<ProjectState, number> };
  byUnit: PipelineGroup[];
  byPlanItem: PipelineGroup[];
  byTier: PipelineGroup[];
  duplicates: { checked: number; failed: number; warned: number; projects: DuplicateCaught[] };
  officeTime: { offices: OfficeTime[]; projects: ProjectOfficeDays[] };
}

/** The tier of a project not checked yet (a draft, or submitted with checks still running). */
export const UNCHECKED_TIER = 'unchecked';

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10);
const oneDecimal = (x: number) => Math.round(x * 10) / 10;

function emptyFigures(): BudgetFigures {
  return {
    projects: 0,
    requested: 0,
    approvedProjects: 0,
    requestedOfApproved: 0,
    approved: 0,
    cut: 0,
    cutRatePercent: 0,
  };
}

function add(figures: BudgetFigures, project: ReviewProject): void {
  figures.projects++;
  const requested = budgetTotal(project.content.budgetLines);
  figures.requested += requested;
  if (project.state === 'approved' && project.approvedBudget) {
    figures.approvedProjects++;
    figures.requestedOfApproved += project.approvedBudget.requested;
    figures.approved += project.approvedBudget.approved;
    figures.cut += project.approvedBudget.cut;
  }
  figures.cutRatePercent = percent(figures.cut, figures.requestedOfApproved);
}

function groupBy(
  entries: readonly PipelineEntry[],
  keyOf: (project: ReviewProject) => string,
): PipelineGroup[] {
  const groups = new Map<string, PipelineGroup>();
  for (const { project } of entries) {
    const key = keyOf(project);
    let group = groups.get(key);
    if (!group) {
      group = { key, ...emptyFigures(), byState: {} };
      groups.set(key, group);
    }
    add(group, project);
    group.byState[project.state] = (group.byState[project.state] ?? 0) + 1;
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * When an office's turn on a version opened: at the submission for the first turn; for a later one
 * at the last decision of the turns before it, once every office of those has approved (a carried
 * approval counts as given at the submission). Undefined while the turn has not opened.
 */
function turnOpenedAt(
  office: Office,
  offices: readonly Office[],
  decisions: ReviewProject['decisions'],
  submitted: Date,
): Date | undefined {
  let opened = submitted;
  for (const before of offices.filter((o) => OFFICE_TURNS[o] < OFFICE_TURNS[office])) {
    const decision = decisions.find((d) => d.office === before);
    if (!decision || (decision.outcome !== 'approve' && decision.outcome !== 'approve-with-cuts')) {
      return undefined;
    }
    const at = decision.carriedFromVersion === undefined ? new Date(decision.at) : submitted;
    if (at > opened) opened = at;
  }
  return opened;
}

/** The working days a project spent with each office, and whom it waits for now. */
export function officeDaysOf(
  project: ReviewProject,
  calendar: WorkingCalendar,
  now: Date,
): { workingDays: Partial<Record<Office, number>>; waitingFor: Office[] } {
  const workingDays: Partial<Record<Office, number>> = {};
  const waitingFor: Office[] = [];
  for (const version of project.versions) {
    if (!version.submittedAt) continue;
    const since = new Date(version.submittedAt);
    const decisions = project.decisions.filter((d) => d.projectVersion === version.projectVersion);
    const closing = decisions.find((d) => d.outcome === 'return' || d.outcome === 'reject');
    const current = version.projectVersion === project.projectVersion;
    // An earlier version's tier is not kept: its offices are the first turn's, and any that decided it.
    const offices = current
      ? reviewersOf(project)
      : OFFICES.filter((o) => OFFICE_TURNS[o] === 1 || decisions.some((d) => d.office === o));
    for (const office of offices) {
      const own = decisions.find((d) => d.office === office);
      if (own?.carriedFromVersion !== undefined) continue;
      const opened = turnOpenedAt(office, offices, decisions, since);
      if (!opened) continue;
      let until: Date | undefined;
      if (own) until = new Date(own.at);
      else if (closing) until = new Date(closing.at);
      else if (current && (project.state === 'in-review' || project.state === 'submitted')) {
        until = now;
        waitingFor.push(office);
      }
      if (!until) continue;
      workingDays[office] = (workingDays[office] ?? 0) + workingDaysBetween(opened, until, calendar);
    }
  }
  return { workingDays, waitingFor };
}

/** Adds up the year's projects (any order) into the pipeline report. */
export function pipelineReport(args: {
  year: number;
  entries: readonly PipelineEntry[];
  calendar: WorkingCalendar;
  now: Date;
}): PipelineReport {
  const { entries, calendar, now } = args;
  const total = {
    ...emptyFigures(),
    byState: Object.fromEntries(PROJECT_STATES.map((s) => [s, 0])),
  } as PipelineReport['total'];
  for (const { project } of entries) {
    add(total, project);
    total.byState[project.state]++;
  }

  const duplicates: DuplicateCaught[] = [];
  let checked = 0;
  for (const { project, duplicateConstruction } of entries) {
    if (duplicateConstruction === undefined) continue;
    checked++;
    if (duplicateConstruction === 'pass') continue;
    duplicates.push({
      projectId: project.id,
      unit: project.unit,
      name: project.content.name,
      outcome: duplicateConstruction,
      state: project.state,
    });
  }
  duplicates.sort((a, b) =>
    a.outcome === b.outcome ? (a.projectId < b.projectId ? -1 : 1) : a.outcome === 'fail' ? -1 : 1,
  );

  const projects: ProjectOfficeDays[] = [];
  const offices = new Map<Office, OfficeTime>(
    OFFICES.map((office) => [
      office,
      { office, projects: 0, waiting: 0, totalWorkingDays: 0, averageWorkingDays: 0, maxWorkingDays: 0 },
    ]),
  );
  for (const { project } of entries) {
    const { workingDays, waitingFor } = officeDaysOf(project, calendar, now);
    if (Object.keys(workingDays).length === 0) continue;
    projects.push({
      projectId: project.id,
      unit: project.unit,
      name: project.content.name,
      state: project.state,
      workingDays,
      waitingFor,
    });
    for (const office of OFFICES) {
      const days = workingDays[office];
      if (days === undefined) continue;
      const time = offices.get(office) as OfficeTime;
      time.projects++;
      if (waitingFor.includes(office)) time.waiting++;
      time.totalWorkingDays += days;
      time.maxWorkingDays = Math.max(time.maxWorkingDays, days);
    }
  }
  for (const time of offices.values()) {
    time.averageWorkingDays = time.projects === 0 ? 0 : oneDecimal(time.totalWorkingDays / time.projects);
  }
  // Longest with the offices first: the ones to chase.
  const longest = (p: ProjectOfficeDays) => Math.max(...Object.values(p.workingDays).map(Number));
  projects.sort((a, b) => longest(b) - longest(a) || (a.projectId < b.projectId ? -1 : 1));

  return {
    year: args.year,
    generatedAt: now.toISOString(),
    total,
    byUnit: groupBy(entries, (p) => p.unit),
    byPlanItem: groupBy(entries, (p) => p.content.planItem),
    byTier: groupBy(entries, (p) => p.checks?.tier.code ?? UNCHECKED_TIER),
    duplicates: {
      checked,
      failed: duplicates.filter((d) => d.outcome === 'fail').length,
      warned: duplicates.filter((d) => d.outcome === 'warn').length,
      projects: duplicates,
    },
    officeTime: { offices: [...offices.values()], projects },
  };
}
