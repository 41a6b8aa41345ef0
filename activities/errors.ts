/** Domain failures raised by activities: non-retryable, typed, mapped to HTTP by the API. */
import { ApplicationFailure } from '@temporalio/common';
import type { DomainErrorType } from '../rules/domain-errors.ts';

export { DomainError } from '../rules/domain-errors.ts';

export function domainFailure(type: DomainErrorType, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}
