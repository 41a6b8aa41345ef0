import { useNotify } from 'react-admin';

/** Shows an API error's message (the HttpError carries the API's `error.message`). */
export function useNotifyError(): (error: unknown) => void {
  const notify = useNotify();
  return (error) => {
    const message = error instanceof Error && error.message ? error.message : 'ra.notification.http_error';
    notify(message, { type: 'error', messageArgs: { _: message } });
  };
}
