/**
 * A streamed download with its progress and a way to cancel it, for every download button of the
 * console (ledgers, rankings, each list's Export): the bytes received so far while the file
 * arrives, a toast in the user's language when it is saved, cancelled or refused.
 */
import { useRef, useState } from 'react';
import { useNotify } from 'react-admin';
import { apiErrorMessageKey } from '../providers/http.ts';
import { DownloadError, downloadFile, formatBytes } from './transfer.ts';

export type DownloadFormat = 'csv' | 'xlsx';

export function useDownload() {
  const notify = useNotify();
  const [running, setRunning] = useState<null | { format: DownloadFormat; bytes: number }>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async (path: string, fallbackName: string, format: DownloadFormat) => {
    const controller = new AbortController();
    abort.current = controller;
    setRunning({ format, bytes: 0 });
    try {
      const { bytes, fileName } = await downloadFile(path, fallbackName, (received) => setRunning({ format, bytes: received }), controller.signal);
      notify('app.download.done', { type: 'success', messageArgs: { name: fileName, size: formatBytes(bytes) } });
    } catch (error) {
      if (controller.signal.aborted) notify('app.download.cancelled', { type: 'info' });
      else if (error instanceof DownloadError) notify(apiErrorMessageKey(error.body) ?? 'ra.notification.http_error', { type: 'error' });
      else notify('ra.notification.http_error', { type: 'error' });
    } finally {
      abort.current = null;
      setRunning(null);
    }
  };

  return { running, start, cancel: () => abort.current?.abort() };
}
