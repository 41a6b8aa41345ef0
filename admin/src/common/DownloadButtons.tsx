/**
 * CSV and XLSX download buttons for a streamed export: while the file arrives they show the bytes
 * received and a cancel button (the page never freezes; cancelling closes the connection, and the
 * API stops reading).
 */
import { useRef, useState } from 'react';
import DownloadIcon from '@mui/icons-material/Download';
import { Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { apiErrorMessageKey } from '../providers/http.ts';
import { DownloadError, downloadFile, formatBytes } from './transfer.ts';

export interface DownloadButtonsProps {
  /** the API path (under /api) for a format, e.g. `/ledgers?regionId=43&format=csv` */
  pathFor: (format: 'csv' | 'xlsx') => string;
  fallbackName: string;
  disabled?: boolean;
  testId?: string;
}

export const DownloadButtons = ({ pathFor, fallbackName, disabled, testId = 'download' }: DownloadButtonsProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [running, setRunning] = useState<null | { format: 'csv' | 'xlsx'; bytes: number }>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async (format: 'csv' | 'xlsx') => {
    const controller = new AbortController();
    abort.current = controller;
    setRunning({ format, bytes: 0 });
    try {
      const { bytes, fileName } = await downloadFile(pathFor(format), `${fallbackName}.${format}`, (received) => setRunning({ format, bytes: received }), controller.signal);
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

  return (
    <Stack direction="row" spacing={1} alignItems="center" data-testid={testId}>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button
          key={format}
          size="small"
          variant="outlined"
          startIcon={<DownloadIcon />}
          disabled={disabled || running !== null}
          onClick={() => void start(format)}
          data-testid={`${testId}-${format}`}
        >
          {translate(`app.download.${format}`)}
        </Button>
      ))}
      {running && (
        <Box sx={{ minWidth: 220 }} role="status" aria-live="polite" data-testid={`${testId}-progress`}>
          <LinearProgress aria-label={translate('app.download.receiving')} />
          <Stack direction="row" spacing={1} alignItems="center">
            <Typography variant="caption">{translate('app.download.received', { size: formatBytes(running.bytes) })}</Typography>
            <Button size="small" onClick={() => abort.current?.abort()}>
              {translate('ra.action.cancel')}
            </Button>
          </Stack>
        </Box>
      )}
    </Stack>
  );
};
