/**
 * Findings by CSV (批量导入核实结果) for the county and cycle the list is filtered to: the evaluator
 * downloads the sample as a template (one row per entry, keyed by 序号), fills it in, and uploads
 * it. The upload shows its progress; a refused file (any bad row refuses it whole, nothing is
 * stored) lists every bad row and field in a table, as the API named them.
 */
import { useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import UploadIcon from '@mui/icons-material/UploadFile';
import { useDataProvider, useListContext, useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import { csvRowErrors, readCsvText, uploadFindings, type CsvRowError, type SampleEntry } from './api.ts';
import { useRowErrorWording } from './useRowErrorWording.ts';

const TEMPLATE_HEADER = ['序号', '户编号', '户主', '村', '是否达标', '未达标项', '认可脱贫', '群众认可', '受访户主', '是否漏评', '漏评人数', '备注'];

const cell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const yesNo = (value: boolean | null) => (value === true ? '是' : value === false ? '否' : '');

/** The sample as a CSV template the import accepts (its findings so far filled in; 户主 and 村 are ignored on import). */
export function templateCsv(entries: SampleEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.ordinal,
      e.householdCode ?? '',
      e.headName ?? '',
      e.villageName ?? e.villageId,
      yesNo(e.meetsStandard),
      e.failedCriteria.join(';'),
      yesNo(e.acknowledges),
      yesNo(e.approves),
      e.visitedName ?? '',
      yesNo(e.missed),
      e.missedPeople ?? '',
      e.note ?? '',
    ]
      .map(cell)
      .join(','),
  );
  return `\ufeff${[TEMPLATE_HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}

export const CsvImportButton = () => {
  const { filterValues } = useListContext<SampleEntry>();
  const { permissions } = usePermissions<string[]>();
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const wording = useRowErrorWording();
  const refresh = useRefresh();
  const dataProvider = useDataProvider();
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [refused, setRefused] = useState<{ rows: CsvRowError[]; count: number } | null>(null);

  const cycleId = typeof filterValues.cycleId === 'string' ? filterValues.cycleId : '';
  const countyId = typeof filterValues.countyId === 'string' ? filterValues.countyId : '';
  if (!Array.isArray(permissions) || !permissions.includes('sample.finding')) return null;

  const close = () => {
    if (progress !== null) return;
    setOpen(false);
    setFile(null);
    setRefused(null);
  };

  const download = async () => {
    try {
      const { data } = await dataProvider.getList<SampleEntry>('sample-entries', {
        filter: { cycleId, countyId },
        pagination: { page: 1, perPage: 1000 },
        sort: { field: 'ordinal', order: 'ASC' },
      });
      const url = URL.createObjectURL(new Blob([templateCsv(data)], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `sample-${countyId}-${cycleId}.csv`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      notifyError(error);
    }
  };

  const upload = async () => {
    if (!file) return;
    setRefused(null);
    setProgress(0);
    try {
      const text = await readCsvText(file);
      const answer = await uploadFindings({ cycleId, countyId, fileName: file.name, text, onProgress: setProgress });
      setProgress(null);
      setOpen(false);
      setFile(null);
      notify('app.samples.import.done', { type: 'success', messageArgs: { smart_count: answer.imported } });
      refresh();
    } catch (error) {
      setProgress(null);
      const rows = csvRowErrors(error);
      if (rows.length > 0) setRefused({ rows, count: rows.length });
      else notifyError(error);
    }
  };

  const ready = cycleId !== '' && countyId !== '';
  return (
    <>
      <Button size="small" startIcon={<UploadIcon />} onClick={() => setOpen(true)} disabled={!ready} title={ready ? undefined : translate('app.samples.import.pickFirst')} data-testid="csv-import-button">
        {translate('app.samples.import.button')}
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="md">
        <DialogTitle>{translate('app.samples.import.title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('app.samples.import.help')}</DialogContentText>
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 2 }}>
            <Button size="small" startIcon={<DownloadIcon />} onClick={() => void download()}>
              {translate('app.samples.import.template')}
            </Button>
            <Button size="small" variant="outlined" onClick={() => input.current?.click()} disabled={progress !== null}>
              {translate('app.samples.import.choose')}
            </Button>
            <input
              ref={input}
              type="file"
              accept=".csv,text/csv"
              hidden
              data-testid="csv-file-input"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setRefused(null);
                e.target.value = '';
              }}
            />
            <Typography variant="body2">{file ? file.name : translate('app.samples.import.noFile')}</Typography>
          </Box>
          {progress !== null && (
            <Box sx={{ mb: 2 }} role="status" aria-live="polite">
              <LinearProgress variant={progress < 1 ? 'determinate' : 'indeterminate'} value={Math.round(progress * 100)} />
              <Typography variant="caption">{translate('app.samples.import.progress', { percent: Math.round(progress * 100) })}</Typography>
            </Box>
          )}
          {refused && (
            <>
              <Alert severity="error" sx={{ mb: 1 }}>
                {translate('app.samples.import.refused', { smart_count: refused.count })}
              </Alert>
              <TableContainer sx={{ maxHeight: 360 }}>
                <Table size="small" stickyHeader data-testid="csv-errors">
                  <TableHead>
                    <TableRow>
                      <TableCell>{translate('app.samples.import.row')}</TableCell>
                      <TableCell>{translate('app.samples.fields.ordinal')}</TableCell>
                      <TableCell>{translate('app.samples.import.field')}</TableCell>
                      <TableCell>{translate('app.samples.import.value')}</TableCell>
                      <TableCell>{translate('app.samples.import.message')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {refused.rows.map((r, i) => (
                      <TableRow key={`${r.row}-${r.field}-${i}`}>
                        <TableCell>{r.row}</TableCell>
                        <TableCell>{r.ordinal ?? ''}</TableCell>
                        <TableCell>{translate(`app.samples.fields.${r.field}`, { _: wording.field(r) })}</TableCell>
                        <TableCell>{r.value ?? ''}</TableCell>
                        <TableCell data-testid="csv-error-message" data-code={r.code}>
                          {wording.message(r)}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={progress !== null}>
            {translate('ra.action.close')}
          </Button>
          <Button variant="contained" onClick={() => void upload()} disabled={!file || progress !== null} data-testid="csv-upload">
            {translate('app.samples.import.upload')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
