import { randomUUID } from 'node:crypto';
import type { Blueprint, ScheduleSpec } from '@govshare/blueprint';
import type { EventBridgeEvent } from 'aws-lambda';
import { LOCAL_REGION } from './aws.ts';
import { LOCAL_ACCOUNT, type LocalFunction } from './invoke.ts';
import type { LocalLog } from './log.ts';

export type ScheduledEvent = EventBridgeEvent<'Scheduled Event', Record<string, never>>;

export interface Scheduler {
  /** Runs one schedule now, with the event EventBridge would send; for tests and manual runs. */
  trigger(functionName: string): Promise<unknown>;
  /**
   * Fires no more; a run in progress gets until `graceMs` to finish, then its function's environment
   * is ended (nothing to give back: EventBridge does not retry a run, the next one comes at its time).
   */
  stop(graceMs: number): Promise<void>;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Plays EventBridge schedules for every `schedule` function. */
export function startScheduler(
  blueprint: Blueprint,
  functions: Map<string, LocalFunction>,
  log: LocalLog,
): Scheduler {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Map<Promise<unknown>, LocalFunction>();
  const scheduled = new Map<string, { fn: LocalFunction; ruleName: string }>();
  let stopped = false;

  const fire = (name: string, at: Date) => {
    const entry = scheduled.get(name);
    if (!entry) throw new Error(`No schedule for function ${name}`);
    const run = entry.fn.invoke(scheduledEvent(entry.ruleName, at));
    running.set(run, entry.fn);
    return run.finally(() => running.delete(run));
  };

  const arm = (name: string, schedule: ScheduleSpec) => {
    if (stopped) return;
    const at = nextRun(schedule, new Date());
    const timer = setTimeout(() => {
      timers.delete(timer);
      fire(name, at).catch((error) => log.error(`scheduled ${name} failed`, error));
      arm(name, schedule);
    }, at.getTime() - Date.now());
    timers.add(timer);
  };

  for (const [name, spec] of Object.entries(blueprint.functions)) {
    if (spec.kind !== 'schedule') continue;
    const fn = functions.get(name);
    if (!fn) throw new Error(`No local function for ${name}`);
    scheduled.set(name, { fn, ruleName: `${fn.functionName}-schedule` });
    arm(name, spec.schedule);
  }

  return {
    trigger: (name) => fire(name, new Date()),
    async stop(graceMs) {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      if (running.size === 0) return;
      const names = [...new Set([...running.values()].map((fn) => fn.functionName))];
      log.info(`scheduler: waiting up to ${graceMs / 1000} s for ${names.join(', ')} to finish`);
      const all = Promise.allSettled(running.keys());
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (!late) return;
      const unfinished = [...new Set(running.values())];
      log.info(`scheduler: stopped ${unfinished.map((fn) => fn.functionName).join(', ')} mid-run`);
      await Promise.all(unfinished.map((fn) => fn.stop()));
    },
  };
}

/**
 * When a schedule fires next after `now`. A rate starts counting when the rule is created (here: when the
 * runtime starts), as EventBridge's rate expressions do; a daily time fires at that UTC minute.
 */
export function nextRun(schedule: ScheduleSpec, now: Date): Date {
  if ('everyMinutes' in schedule) return new Date(now.getTime() + schedule.everyMinutes * MINUTE_MS);
  const [hours = 0, minutes = 0] = schedule.dailyAtUtc.split(':').map(Number);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes);
  return new Date(today > now.getTime() ? today : today + DAY_MS);
}

export function scheduledEvent(ruleName: string, at: Date): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT,
    // EventBridge stamps scheduled events to the second.
    time: `${at.toISOString().slice(0, 19)}Z`,
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${ruleName}`],
    detail: {},
  };
}
