import type { CountyResult } from '../../../rules/county-assessment/results.ts';
import type { RankingEntry } from '../../../rules/county-assessment/scoring.ts';

/** One county's place in a ranking snapshot, with what it means for the county (RankingSnapshot.entries). */
export type StoredEntry = RankingEntry & { result: CountyResult };

/** A county ranking snapshot (GET /api/rankings, /api/rankings/:id). */
export interface Ranking {
  id: string;
  cycleId: string;
  year: number;
  version: number;
  status: 'DRAFT' | 'NOTICE' | 'PUBLISHED';
  entries: StoredEntry[];
  createdAt: string;
  publishedAt: string | null;
}

export const RANKING_STATUSES = ['DRAFT', 'NOTICE', 'PUBLISHED'] as const;
