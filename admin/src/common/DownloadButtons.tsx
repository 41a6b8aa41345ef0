/**
 * CSV and XLSX download buttons for a streamed export: while the file arrives they show the bytes
 * received and a cancel button (the page never freezes; cancelling closes the connection, and the
 * API stops reading).
 */
import DownloadIcon from '@mui/icons-material/Download';
import { Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatBytes } from './transfer.ts';
import { useDownload } from './useDownload.ts';

export interface DownloadButtonsProps {
  /** the API path (under /api) for a format, e.g. `/ledgers?regionId=43&format=csv` */
  pathFor: (format: 'csv' | 'xlsx') => string;
  fallbackName: string;
  disabled?: boolean;
  testId?: string;
}

export const DownloadButtons = ({ pathFor, fallbackName, disabled, testId = 'download' }: DownloadButtonsProps) => {
  const translate = useTranslate();
  const { running, start, cancel } = useDownload();

  return (
    <Stack direction="row" spacing={1} alignItems="center" data-testid={testId}>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button
          key={format}
          size="small"
          variant="outlined"
          startIcon={<DownloadIcon />}
          disabled={disabled || running !== null}
          onClick={() => void start(pathFor(format), `${fallbackName}.${format}`, format)}
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
            <Button size="small" onClick={cancel}>
              {translate('ra.action.cancel')}
            </Button>
          </Stack>
        </Box>
      )}
    </Stack>
  );
};
