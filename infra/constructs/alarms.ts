import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The platform's alarms, derived from the blueprint so that a new queue or function is watched
 * without anyone remembering: every one notifies the same topic (subscribe the operators' address
 * or pager to it). Thresholds are about loss and delay a user would notice, not about noise:
 * one message in a dead-letter queue is one piece of work that did not happen.
 */
export class Alarms extends Construct {
  constructor(
    scope: Construct,
    id: string,
    private readonly topic: sns.ITopic,
  ) {
    super(scope, id);
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string) {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    return alarm;
  }

  /** A queue and its dead-letter queue: anything dead-lettered, and the oldest message waiting too long. */
  watchQueue(name: string, queue: sqs.IQueue, deadLetters: sqs.IQueue, alarmAfterSeconds: number): void {
    this.alarm(
      `${name}-dead-letters`,
      deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      1,
      `Messages of ${name} failed every retry and wait in its dead-letter queue: look at them, fix the cause, redrive.`,
    );
    this.alarm(
      `${name}-oldest-message`,
      queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
      alarmAfterSeconds,
      `The oldest message of ${name} has waited ${alarmAfterSeconds} s or more: its consumer is behind or stuck.`,
    );
  }

  /** A function: any error (a defect, a timeout), and any throttled invocation. */
  watchFunction(name: string, fn: lambda.IFunction): void {
    this.alarm(
      `${name}-errors`,
      fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      1,
      `The ${name} function failed (a defect or a timeout): its log group has the correlation id.`,
    );
    this.alarm(
      `${name}-throttles`,
      fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      1,
      `Invocations of ${name} were throttled: the account's concurrency is exhausted.`,
    );
  }
}
