/**
 * The last failed read of one record. react-admin's show and edit pages word every failed read as
 * "item does not exist" (ra.notification.item_doesnt_exist, 条目不存在), also when the API answered
 * 403; the i18n provider (i18n/index.ts) reads this to say "no permission" (无权查看) instead.
 * No imports: read by both the data provider and the i18n provider.
 */
export interface RecordReadError {
  resource: string;
  status: number;
  at: number;
}

let last: RecordReadError | null = null;

/** how recent the failed read must be to be the one the notification is about */
const RECENT_MS = 15_000;

export function noteRecordReadError(error: RecordReadError): void {
  last = error;
}

export function recentRecordReadError(now = Date.now()): RecordReadError | null {
  return last && now - last.at <= RECENT_MS ? last : null;
}
