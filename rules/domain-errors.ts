/** Domain error types shared by workflows, activities and the API (which maps them to HTTP). */
export const DomainError = {
  /** the step is not waiting for a decision (already decided, or never opened): HTTP 409 */
  STEP_NOT_WAITING: 'STEP_NOT_WAITING',
  /** the decision is not one this step accepts: HTTP 422 */
  DECISION_NOT_ALLOWED: 'DECISION_NOT_ALLOWED',
  /** REJECT and RETURN need a comment: HTTP 400 */
  COMMENT_REQUIRED: 'COMMENT_REQUIRED',
  /** eligibility re-checked at decision time failed against current data: HTTP 422 */
  NOT_ELIGIBLE: 'NOT_ELIGIBLE',
  NOT_FOUND: 'NOT_FOUND',
  /** four-eyes (四眼原则): the person already decided another level of this process instance: HTTP 403 */
  FOUR_EYES: 'FOUR_EYES',
  /** the step's form payload does not match its schema: HTTP 400 */
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  /** the step's own work is not complete (acknowledgements, findings, disputes still missing): HTTP 422 */
  STEP_INCOMPLETE: 'STEP_INCOMPLETE',
  /** the subject is not under an open public notice (公示) of the process: HTTP 422 */
  NO_OPEN_NOTICE: 'NO_OPEN_NOTICE',
} as const;
export type DomainErrorType = (typeof DomainError)[keyof typeof DomainError];

/** Listed as non-retryable in every activity option set. */
export const DOMAIN_ERROR_TYPES: string[] = Object.values(DomainError);

export const DOMAIN_ERROR_HTTP_STATUS: Record<DomainErrorType, number> = {
  STEP_NOT_WAITING: 409,
  DECISION_NOT_ALLOWED: 422,
  COMMENT_REQUIRED: 400,
  NOT_ELIGIBLE: 422,
  NOT_FOUND: 404,
  FOUR_EYES: 403,
  INVALID_PAYLOAD: 400,
  STEP_INCOMPLETE: 422,
  NO_OPEN_NOTICE: 422,
};
