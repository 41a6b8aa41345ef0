/** English wording of the county rankings (`app.rankings.*`, resource names); key for key as `rankings.zh.ts`. */
import type { rankingResourcesZh, rankingsZh } from './rankings.zh.ts';

export const rankingsEn: typeof rankingsZh = {
  title: 'County assessment ranking %{year} (version %{version})',
  status: { DRAFT: 'Draft', NOTICE: 'Under public notice', PUBLISHED: 'Published' },
  sections: { versions: 'Ranking versions', chart: 'Totals', entries: 'Counties: scores and results' },
  columns: { rank: 'Rank', county: 'County', total: 'Total', notes: 'Notes', results: 'Results' },
  groups: { REDUCTION: 'Poverty reduction', ACCURACY: 'Accuracy', ASSISTANCE: 'Targeted assistance', FUNDS: 'Use of funds', SPECIAL: 'Special tasks' },
  results: { reward: 'Rewarded', interview: 'Interview', excellenceBlocked: 'No excellent rating', accountability: 'Accountability' },
  line: { indicator: 'Indicator', group: 'Group', value: 'Value', source: 'Source', points: 'Points', formula: 'How it was scored' },
  totalFormula: 'Total',
  late: 'Late (−%{penalty} points)',
  missing: '%{smart_count} value missing |||| %{smart_count} values missing',
  showLines: 'Show the indicators of %{county}',
  hideLines: 'Hide the indicators of %{county}',
};

export const rankingResourcesEn: typeof rankingResourcesZh = {
  rankings: {
    name: 'Rankings',
    fields: {
      year: 'Year',
      version: 'Version',
      status: 'Status',
      cycleId: 'Assessment cycle',
      counties: 'Counties',
      first: 'First',
      publishedAt: 'Published at',
      createdAt: 'Scored at',
    },
  },
};
