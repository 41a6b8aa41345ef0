/**
 * The Export button of a list (导出): the whole list as the user filtered it, inside their scope,
 * streamed by the API (`GET /api/exports/<resource>?filter=…&format=csv|xlsx`, api/exports/router.ts)
 * instead of react-admin's default exporter, which would load at most a page of 1,000 rows into
 * the browser. While the file arrives the button shows the bytes received; the API audits it.
 */
import { useRef, useState, type ReactNode } from 'react';
import DownloadIcon from '@mui/icons-material/Download';
import { Button, CircularProgress, Menu, MenuItem } from '@mui/material';
import { FilterButton, TopToolbar, useListContext, useLocale, useNotify, useTranslate } from 'react-admin';
import { apiErrorMessageKey } from '../providers/http.ts';
import { DownloadError, downloadFile, formatBytes } from './transfer.ts';

/** The lists the API exports (api/exports/router.ts EXPORT_RESOURCES). */
export type ExportResource =
  | 'households'
  | 'cadres'
  | 'regions'
  | 'tasks'
  | 'return-requests'
  | 'audit-events'
  | 'cycles'
  | 'rankings'
  | 'exit-villages'
  | 'exit-flags'
  | 'sample-entries'
  | 'department-imports'
  | 'notifications';

/** The API path of an export of `resource` with `filter` (empty values left out, as the list's own request). */
export function exportPath(resource: ExportResource, filter: Record<string, unknown>, format: 'csv' | 'xlsx', locale: string): string {
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== '' && v !== undefined && v !== null));
  const p = new URLSearchParams({ filter: JSON.stringify(clean), format, lang: locale === 'en' ? 'en' : 'zh' });
  return `/exports/${resource}?${p}`;
}

export const ExportButton = ({ resource }: { resource: ExportResource }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useLocale();
  const { filterValues, total } = useListContext();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [bytes, setBytes] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async (format: 'csv' | 'xlsx') => {
    setAnchor(null);
    const controller = new AbortController();
    abort.current = controller;
    setBytes(0);
    try {
      const done = await downloadFile(exportPath(resource, filterValues ?? {}, format, locale), `${resource}.${format}`, setBytes, controller.signal);
      notify('app.download.done', { type: 'success', messageArgs: { name: done.fileName, size: formatBytes(done.bytes) } });
    } catch (error) {
      if (controller.signal.aborted) notify('app.download.cancelled', { type: 'info' });
      else if (error instanceof DownloadError) notify(apiErrorMessageKey(error.body) ?? 'ra.notification.http_error', { type: 'error' });
      else notify('ra.notification.http_error', { type: 'error' });
    } finally {
      abort.current = null;
      setBytes(null);
    }
  };

  if (bytes !== null) {
    return (
      <Button size="small" onClick={() => abort.current?.abort()} startIcon={<CircularProgress size={14} />} data-testid="export-progress" aria-live="polite">
        {translate('app.download.received', { size: formatBytes(bytes) })} · {translate('ra.action.cancel')}
      </Button>
    );
  }
  return (
    <>
      <Button
        size="small"
        startIcon={<DownloadIcon />}
        disabled={total === 0}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="menu"
        aria-label={translate('app.export.menu')}
        data-testid="export-button"
      >
        {translate('app.export.button')}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => void start('csv')} data-testid="export-csv">
          {translate('app.export.csv')}
        </MenuItem>
        <MenuItem onClick={() => void start('xlsx')} data-testid="export-xlsx">
          {translate('app.export.xlsx')}
        </MenuItem>
      </Menu>
    </>
  );
};

/** A list's top toolbar: its filter button, then any actions given, then Export. */
export const ExportActions = ({ resource, children }: { resource: ExportResource; children?: ReactNode }) => (
  <TopToolbar>
    <FilterButton />
    {children}
    <ExportButton resource={resource} />
  </TopToolbar>
);
