/** Ledgers (台账) as the API returns them (api/ledgers/router.ts). */
import type { RaRecord } from 'react-admin';

export const LEDGER_LEVELS = ['CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
export type LedgerLevel = (typeof LEDGER_LEVELS)[number];

export const LEDGER_COUNTS = [
  'registeredHouseholds',
  'registeredPeople',
  'poorHouseholds',
  'poorPeople',
  'exitedHouseholds',
  'exitedEntries',
  'exitedInYear',
  'returnedEntries',
  'returnedInYear',
  'flaggedHouseholds',
  'flags',
] as const;
export type LedgerCount = (typeof LEDGER_COUNTS)[number];

export type LedgerRow = { regionId: string; name: string; level: LedgerLevel; countyName: string | null; townshipName: string | null } & Record<LedgerCount, number | null>;

export interface Ledger {
  regionId: string;
  regionName: string;
  level: LedgerLevel;
  year: number | null;
  rows: LedgerRow[];
  totals: Record<LedgerCount, number | null>;
}

export interface LedgerEntry extends RaRecord<string> {
  householdId: string;
  householdCode: string;
  headName: string;
  villageId: string;
  villageName: string | null;
  townshipName: string | null;
  countyName: string | null;
  kind: 'REGISTERED' | 'EXITED' | 'RETURNED';
  year: number;
  at: string;
  reason: string | null;
  processId: string | null;
  workflowId: string | null;
  actorId: string | null;
  actorName: string | null;
}
