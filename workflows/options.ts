/** Activity options, named once. Domain errors are non-retryable; everything else retries. */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { DOMAIN_ERROR_TYPES as NON_RETRYABLE } from '../rules/domain-errors.ts';

export const DEFAULT_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE },
};

/**
 * For activities run while a person waits for the answer (inside the decision update handler):
 * bounded, so a database outage answers the caller with an error instead of hanging.
 */
export const INTERACTIVE_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '5 seconds', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
};

/** For batched work over many households. */
export const LONG_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: NON_RETRYABLE },
};

/**
 * Local activities of the decision path (the task row, the step's eligibility check, recording the
 * decision): short idempotent database calls run inside the workflow task, so a decision costs
 * little more than a bare update. Bounded: a database outage answers the decider within seconds.
 */
export const LOCAL_DECISION_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: '5 seconds',
  scheduleToCloseTimeout: '15 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds', maximumAttempts: 4, nonRetryableErrorTypes: NON_RETRYABLE },
};
