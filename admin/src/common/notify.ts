import { HttpError, useNotify, useTranslate } from 'react-admin';
import { apiErrorCode, apiErrorFields, apiErrorMessage } from '../providers/http.ts';

/**
 * Shows an API error in the user's language: the HttpError's message is the translation key of the
 * API's error code (providers/http.ts), else the API's own message. An INVALID_INPUT names its
 * fields, worded by `fieldLabel` when the caller knows them (a task's form), else as the API names them.
 */
export function useNotifyError(): (error: unknown, fieldLabel?: (field: string) => string | null) => void {
  const notify = useNotify();
  const translate = useTranslate();
  return (error, fieldLabel) => {
    const message = error instanceof Error && error.message ? error.message : 'ra.notification.http_error';
    const body = error instanceof HttpError ? (error.body as unknown) : null;
    const fields = apiErrorCode(body) === 'INVALID_INPUT' ? apiErrorFields(body) : [];
    if (fields.length > 0) {
      const named = [...new Set(fields.map((f) => fieldLabel?.(f) ?? f))].join(translate('app.common.listSeparator'));
      notify('app.common.invalidFields', { type: 'error', messageArgs: { fields: named, _: apiErrorMessage(body) ?? message } });
      return;
    }
    notify(message, { type: 'error', messageArgs: { _: message } });
  };
}
