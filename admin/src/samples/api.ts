/**
 * The sample's own calls (api/samples/router.ts): a finding (PUT), a dispute and its decision
 * (POST), and the findings CSV, uploaded with XMLHttpRequest so that the upload reports its
 * progress (fetch does not). Errors arrive as react-admin HttpErrors whose message is the
 * translation key of the API's error code (providers/http.ts).
 */
import { HttpError, type Identifier, type RaRecord } from 'react-admin';
import { API_URL, apiErrorCode, apiErrorMessageKey, httpClient, postJson } from '../providers/http.ts';
import { getToken } from '../providers/session.ts';

export const SAMPLE_KINDS = ['IN_REGISTER', 'OUTSIDE_REGISTER'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];
export const DISPUTE_STATUSES = ['OPEN', 'UPHELD', 'DISMISSED'] as const;
/** the year's standard (rules/exit-verification/household.ts CRITERIA) */
export const CRITERIA = ['income', 'food', 'clothing', 'education', 'medical', 'housing', 'drinkingWater'] as const;

/** One entry of `GET /api/sample-entries` (SampleEntryView). */
export interface SampleEntry extends RaRecord {
  id: string;
  cycleId: string;
  countyId: string;
  villageId: string;
  villageName: string | null;
  ordinal: number;
  kind: SampleKind;
  householdId: string | null;
  householdCode: string | null;
  headName: string | null;
  householdStatus: string | null;
  slot: number | null;
  countyStage: string | null;
  hasFinding: boolean;
  visitedName: string | null;
  meetsStandard: boolean | null;
  failedCriteria: string[];
  acknowledges: boolean | null;
  approves: boolean | null;
  missed: boolean | null;
  missedPeople: number | null;
  note: string | null;
  foundAt: string | null;
  findingSource: string | null;
  disputeReason: string | null;
  disputedAt: string | null;
  disputeStatus: (typeof DISPUTE_STATUSES)[number] | null;
  disputeComment: string | null;
  disputeDecidedAt: string | null;
}

/** A bad row of a refused CSV (the API's `details`). */
export interface CsvRowError {
  row: number;
  ordinal?: number;
  field: string;
  value?: string;
  /** the problem as a machine code, worded by the console (useRowErrorWording) */
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

const enc = (id: Identifier) => encodeURIComponent(String(id));

export async function putFinding(id: Identifier, body: Record<string, unknown>): Promise<SampleEntry> {
  const { json } = await httpClient(`${API_URL}/sample-entries/${enc(id)}/finding`, { method: 'PUT', body: JSON.stringify(body) });
  return json as SampleEntry;
}

export const disputeFinding = (id: Identifier, reason: string) => postJson<SampleEntry>(`/sample-entries/${enc(id)}/dispute`, { reason });

export const decideDispute = (id: Identifier, upheld: boolean, comment: string) => postJson<SampleEntry>(`/sample-entries/${enc(id)}/dispute/decision`, { upheld, comment });

/**
 * The file's text: UTF-8 (with or without BOM), else GB18030, which is what spreadsheet software
 * on Chinese systems saves a CSV in. The API receives UTF-8 either way.
 */
export async function readCsvText(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export type UploadAnswer = { imported: number; ignoredColumns: string[] };

/**
 * The bad rows of a refused file (`INVALID_CSV`, its details), else none. Read from the error's
 * body: react-admin's HttpError resets its prototype, so a subclass could not be told apart.
 */
export function csvRowErrors(error: unknown): CsvRowError[] {
  if (!(error instanceof HttpError) || apiErrorCode(error.body) !== 'INVALID_CSV') return [];
  const details = (error.body as { error: { details?: unknown } }).error.details;
  return Array.isArray(details) ? (details as CsvRowError[]) : [];
}

/** POST /api/sample-findings/import with the file's text as text/csv, reporting upload progress (0..1). */
export function uploadFindings(input: { cycleId: string; countyId: string; fileName: string; text: string; onProgress: (fraction: number) => void }): Promise<UploadAnswer> {
  const query = new URLSearchParams({ cycleId: input.cycleId, countyId: input.countyId, fileName: input.fileName });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_URL}/sample-findings/import?${query.toString()}`);
    xhr.setRequestHeader('Content-Type', 'text/csv; charset=utf-8');
    xhr.setRequestHeader('Accept', 'application/json');
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) input.onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new HttpError('ra.notification.http_error', 0, null));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        input.onProgress(1);
        return resolve(body as UploadAnswer);
      }
      reject(new HttpError(apiErrorMessageKey(body) ?? 'ra.notification.http_error', xhr.status, body));
    };
    xhr.send(input.text);
  });
}
