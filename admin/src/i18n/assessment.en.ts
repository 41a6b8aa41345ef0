/** English wording of the county assessment's launch form (`app.assessmentLaunch.*`); key for key as `assessment.zh.ts`. */
import type { assessmentLaunchZh } from './assessment.zh.ts';

export const assessmentLaunchEn: typeof assessmentLaunchZh = {
  title: 'Launch the county assessment',
  help: "Choose the year and the region, check the year's indicators, weights and deadlines, then launch. Every change is checked at once; on launch each county's submission, the third party's entry and the office's statistics entry open together.",
  framework: 'Indicator framework',
  scoring: 'Scoring',
  weight: 'Weight (points)',
  total: 'Weights add up to %{total} points (must be 100)',
  scoringKinds: { linear: '0 points at %{worst}, all at %{best}, in proportion between', threshold: 'all points at %{target} or better, else 0', relative: 'relative to the other counties' },
  deadlines: 'Deadlines and results',
  fields: {
    'submission.due': 'Submission due in',
    'submission.closesAfter': 'Closes after the due date',
    'submission.latePenalty': 'Late penalty (points)',
    rankingNotice: 'Ranking notice',
    'results.rewardTop': 'Rewarded ranks (top)',
    'results.rectificationPeriod': 'Rectification period',
    'results.accountabilityFakeExitFlags': 'Fake-exit flags for accountability',
  },
  plan: 'Annual reduction plan',
  planHelp: "Households each county plans to deregister this year, for the 'annual plan fulfilled' indicator; a county not listed is not scored on it.",
  county: 'County code',
  households: 'Households planned',
  addRow: 'Add a county',
  removeRow: 'Remove this row',
  launch: 'Launch the assessment',
  started: 'The %{year} county assessment is launched',
};
