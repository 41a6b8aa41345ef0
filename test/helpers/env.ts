/** What the suite needs from outside, and how a missing part is reported: skipped outside CI, failed in CI. */
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    timeSkippingServer: string | null;
    workflowBundlePath: string;
    sqliteTemplate: string;
    pgUrl: string | null;
    pgTemplateDb: string | null;
    /** prefix of this run's PostgreSQL databases */
    pgRun: string;
    chromiumPath: string | null;
  }
}

export const IN_CI = process.env.CI === 'true';

/**
 * Whether a part that a test needs is present. In CI a missing part fails the test (nothing may
 * be skipped there); elsewhere the test is skipped with the reason printed.
 */
export function requirePart(present: boolean, what: string): boolean {
  if (present) return true;
  if (IN_CI) throw new Error(`${what} is missing, and CI=true allows no skipped test`);
  console.warn(`SKIPPED: ${what} is not available on this machine`);
  return false;
}

export { inject };
