/**
 * The year's standards (年度标准) as versioned configuration. These are the embedded defaults that
 * the seed writes as ConfigVersion rows (kind `STANDARDS`, version 1); a cycle freezes the version
 * it launched with. Code reads a year's values through `standardsFor`, never from literals.
 *
 * Poverty line: the national rural line of 2,300 yuan (2010 prices) in current prices, as
 * published by the National Bureau of Statistics for each year.
 */
export interface YearStandards {
  year: number;
  /** national rural poverty line, yuan per person per year, current prices (国家扶贫标准) */
  povertyLine: number;
  /** near-poor monitoring: income under this multiple of the line raises an alert (边缘易致贫) */
  nearPoorMultiple: number;
  /** poverty incidence below which a village / county may exit (贫困发生率) */
  incidenceThreshold: number;
  incidenceThresholdWestern: number;
  /** years an exited county keeps its policies (摘帽不摘政策) */
  countyPolicyYears: number;
  /** months an exited household keeps its benefits (脱贫不脱政策) */
  householdBenefitMonths: number;
}

const POVERTY_LINE: Record<number, number> = {
  2014: 2800,
  2015: 2855,
  2016: 2952,
  2017: 2952,
  2018: 2995,
  2019: 3218,
  2020: 4000,
};

export function defaultStandards(year: number): YearStandards {
  const known = Object.keys(POVERTY_LINE).map(Number);
  const nearest = known.reduce((a, b) => (Math.abs(b - year) < Math.abs(a - year) ? b : a));
  return {
    year,
    povertyLine: POVERTY_LINE[year] ?? POVERTY_LINE[nearest],
    nearPoorMultiple: 1.5,
    incidenceThreshold: 0.02,
    incidenceThresholdWestern: 0.03,
    countyPolicyYears: 5,
    householdBenefitMonths: 24,
  };
}

export const STANDARD_YEARS = Object.keys(POVERTY_LINE).map(Number);
