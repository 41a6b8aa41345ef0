/**
 * After exit (item 19): an exited county keeps its policies unchanged for a configured number of
 * years (摘帽不摘政策); an exited household keeps its benefits for a configured number of months
 * (脱贫不脱政策). Both are counted from the end of the exit year, because the annual verification
 * exits households and counties as of that year (年度脱贫), and both give a calendar date
 * ('YYYY-MM-DD', China time, no time of day) to store on the record.
 */
import type { ExitVerificationConfig } from './config.ts';

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new RangeError(`exit year must be a whole year, got ${year}`);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Policies of a county that exited in `exitYear` are kept until 31 Dec of exitYear + countyPolicyYears. */
export function countyPolicyEnd(exitYear: number, config: Pick<ExitVerificationConfig, 'afterExit'>): { untilYear: number; untilDate: string } {
  assertYear(exitYear);
  const untilYear = exitYear + config.afterExit.countyPolicyYears;
  return { untilYear, untilDate: `${untilYear}-12-31` };
}

/**
 * Benefits of a household that exited in `exitYear` last until the last day of the month that is
 * householdBenefitMonths after December of the exit year: 24 months after a 2016 exit → 2018-12-31;
 * 6 months → 2017-06-30; 0 months → 2016-12-31 (the exit year only).
 */
export function householdBenefitEnd(exitYear: number, config: Pick<ExitVerificationConfig, 'afterExit'>): string {
  assertYear(exitYear);
  const monthIndex = exitYear * 12 + 11 + config.afterExit.householdBenefitMonths; // December of exitYear = index 11
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(daysInMonth(year, month))}`;
}
