/**
 * The Export button of a list (导出): the whole list as the user filtered it, inside their scope,
 * streamed by the API (`GET /api/exports/<resource>?filter=…&format=csv|xlsx`, api/exports/router.ts)
 * instead of react-admin's default exporter, which would load at most a page of 1,000 rows into
 * the browser. While the file arrives the button shows the bytes received; the API audits it.
 */
import { useState, type ReactNode } from 'react';
import DownloadIcon from '@mui/icons-material/Download';
import { Button, CircularProgress, Menu, MenuItem } from '@mui/material';
import { FilterButton, TopToolbar, useListContext, useLocale, useTranslate } from 'react-admin';
import { formatBytes } from './transfer.ts';
import { useDownload } from './useDownload.ts';

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
  const locale = useLocale();
  const { filterValues, total } = useListContext();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const { running, start: download, cancel } = useDownload();
  const bytes = running?.bytes ?? null;

  const start = (format: 'csv' | 'xlsx') => {
    setAnchor(null);
    void download(exportPath(resource, filterValues ?? {}, format, locale), `${resource}.${format}`, format);
  };

  if (bytes !== null) {
    return (
      <Button size="small" onClick={cancel} startIcon={<CircularProgress size={14} />} data-testid="export-progress" aria-live="polite">
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
        <MenuItem onClick={() => start('csv')} data-testid="export-csv">
          {translate('app.export.csv')}
        </MenuItem>
        <MenuItem onClick={() => start('xlsx')} data-testid="export-xlsx">
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
