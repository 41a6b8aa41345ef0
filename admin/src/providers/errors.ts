/**
 * An API error `{"error":{"code","message","details"}}` worded in the user's language with what its
 * details tell (which household, who decided and when, which region is outside whose scope): the
 * message of `app.errors.<CODE>`, or of a more precise key when the details allow it. Never the
 * API's English sentence, an id or a status code, unless the console has no wording for the code.
 */
import zh from '../i18n/zh.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The error codes the console words itself (`app.errors.<CODE>` in zh.ts and en.ts). */
const KNOWN_CODES: ReadonlySet<string> = new Set(Object.keys((zh as unknown as { app: { errors: Record<string, string> } }).app.errors));

export interface ApiError {
  code: string | null;
  message: string | null;
  details: unknown[];
}

export function apiError(body: unknown): ApiError | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; message?: unknown; details?: unknown };
  return {
    code: typeof e.code === 'string' ? e.code : null,
    message: typeof e.message === 'string' && e.message !== '' ? e.message : null,
    details: Array.isArray(e.details) ? e.details : [],
  };
}

/** Translation key of an API error code, or null when the console has no wording for it. */
export function errorCodeKey(code: string | null | undefined): string | null {
  return code && KNOWN_CODES.has(code) ? `app.errors.${code}` : null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function detail(details: unknown[]): Record<string, unknown> {
  const first = details[0];
  return typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as Record<string, unknown>) : {};
}

/** A date and time in the user's language ("2026/11/27 12:03" / "27/11/2026, 12:03"). */
export function formatWhen(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The sentence to show for an API error, in the user's language. `extra` adds what the console
 * found out itself (e.g. the decider's name read from the task when the API sent only an id).
 */
export function describeApiError(error: ApiError, translate: Translate, locale: string, extra: Record<string, unknown> = {}): string | null {
  const d = { ...detail(error.details), ...extra };
  const t = (key: string, args: Record<string, unknown> = {}) => translate(key, { _: key, ...args });
  switch (error.code) {
    case 'ALREADY_DECIDED': {
      const who = str(d.decidedByName) ?? str(d.decidedById);
      const at = str(d.decidedAt);
      if (!who || !at) break;
      const decision = str(d.decision);
      return t('app.errors.ALREADY_DECIDED_BY', {
        who,
        when: formatWhen(at, locale),
        decision: decision ? translate(`enums.decision.${decision}`, { _: decision }) : '—',
      });
    }
    case 'ALREADY_IN_PROGRESS': {
      const head = str(d.headName);
      const code = str(d.householdCode);
      const since = str(d.since);
      if (!head && !code) break;
      const household = [head, code].filter(Boolean).join(' ');
      const by = str(d.requestedByName);
      return t(since ? 'app.errors.ALREADY_IN_PROGRESS_SINCE' : 'app.errors.ALREADY_IN_PROGRESS_FOR', {
        household,
        since: since ? formatWhen(since, locale) : '',
        by: by ? t('app.errors.requestedBy', { name: by }) : '',
      });
    }
    case 'FORBIDDEN': {
      if (d.reason === 'SCOPE' && str(d.regionId) && str(d.scopeId)) {
        return t('app.errors.FORBIDDEN_SCOPE', { region: String(extra.regionName ?? d.regionId), scope: String(extra.scopeName ?? d.scopeId) });
      }
      if (d.reason === 'ROLE' && str(d.role)) return t('app.errors.FORBIDDEN_ROLE', { role: translate(`enums.role.${String(d.role)}`, { _: String(d.role) }) });
      break;
    }
    default:
      break;
  }
  const key = errorCodeKey(error.code);
  return key ? translate(key) : error.message;
}
