/** Fake-exit flags (假脱贫) as the API returns them (api/exit-flags/router.ts). */
import type { RaRecord } from 'react-admin';

export const FAKE_EXIT_KINDS = ['DATA_CONTRADICTION', 'NO_SUPPORTING_DATA', 'SAMPLE_CONTRADICTION', 'NOT_ACKNOWLEDGED'] as const;
export type FakeExitKind = (typeof FAKE_EXIT_KINDS)[number];

export interface ExitFlag extends RaRecord<string> {
  cycleId: string;
  cycleYear: number | null;
  countyId: string;
  countyName: string | null;
  householdId: string;
  householdCode: string | null;
  headName: string | null;
  villageId: string | null;
  villageName: string | null;
  kind: FakeExitKind;
  labelZh: string;
  labelEn: string;
  messageZh: string;
  messageEn: string;
  evidence: unknown;
  createdAt: string;
}
