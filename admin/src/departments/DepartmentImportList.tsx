/**
 * Department facts (行业部门数据比对): the upload panel (department, year, CSV file, progress; a
 * refused file's row errors in a table) above the import history (`GET /api/department-imports`).
 */
import { useState, type ChangeEvent } from 'react';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControl,
  InputLabel,
  LinearProgress,
  MenuItem,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { DataTable, List, SelectInput, TextInput, useCanAccess, useNotify, useRefresh, useTranslate } from 'react-admin';
import { LocalDateTimeField } from '../common/fields.tsx';
import { uploadFile } from '../common/transfer.ts';
import { apiErrorMessageKey } from '../providers/http.ts';
import { useRowErrorWording } from '../samples/useRowErrorWording.ts';
import { DEPARTMENTS, type Department, type DepartmentImport, type RowError } from './types.ts';
import { ListRefused, TruthfulPagination } from '../common/ListRefused.tsx';
import { ExportActions } from '../common/ExportButton.tsx';

interface Refusal {
  errors: RowError[];
  errorCount: number;
}

function refusalOf(body: unknown): Refusal | null {
  const error = (body as { error?: { code?: string; details?: unknown; errorCount?: unknown } } | null)?.error;
  if (error?.code !== 'INVALID_FILE' || !Array.isArray(error.details)) return null;
  return { errors: error.details as RowError[], errorCount: typeof error.errorCount === 'number' ? error.errorCount : error.details.length };
}

const RefusalTable = ({ refusal, fileName }: { refusal: Refusal; fileName: string }) => {
  const translate = useTranslate();
  const wording = useRowErrorWording();
  return (
    <Box data-testid="import-refusal">
      <Alert severity="error" sx={{ mb: 1 }}>
        {translate('app.departments.refused', { name: fileName, smart_count: refusal.errorCount })}
        {refusal.errorCount > refusal.errors.length && ` ${translate('app.departments.firstListed', { listed: refusal.errors.length })}`}
      </Alert>
      <Table size="small" aria-label={translate('app.departments.errorsTable')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.departments.row')}</TableCell>
            <TableCell>{translate('app.departments.field')}</TableCell>
            <TableCell>{translate('app.departments.value')}</TableCell>
            <TableCell>{translate('app.departments.message')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {refusal.errors.map((e, i) => (
            <TableRow key={`${e.row}-${e.field}-${i}`}>
              <TableCell>{e.row}</TableCell>
              <TableCell>{wording.field(e)}</TableCell>
              <TableCell>{e.value ?? ''}</TableCell>
              <TableCell data-testid="import-error-message" data-code={e.code}>
                {wording.message(e)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

const UploadPanel = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [department, setDepartment] = useState<Department>('education');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<{ refusal: Refusal; fileName: string } | null>(null);
  const yearValid = /^\d{4}$/.test(year) && Number(year) >= 2013 && Number(year) <= 2100;

  const upload = async () => {
    if (!file || !yearValid) return;
    setRefusal(null);
    setProgress(0);
    try {
      const query = new URLSearchParams({ department, year, fileName: file.name });
      const answer = await uploadFile(`/department-imports?${query}`, file, 'text/csv', setProgress);
      if (answer.status === 201) {
        const created = answer.body as DepartmentImport;
        notify('app.departments.imported', { type: 'success', messageArgs: { name: created.fileName, smart_count: created.rows } });
        setFile(null);
        refresh();
        return;
      }
      const refused = refusalOf(answer.body);
      if (refused) setRefusal({ refusal: refused, fileName: file.name });
      else notify(apiErrorMessageKey(answer.body) ?? 'ra.notification.http_error', { type: 'error' });
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setProgress(null);
    }
  };

  return (
    <Card sx={{ mb: 2 }} data-testid="department-upload">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {translate('app.departments.uploadTitle')}
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {translate('app.departments.uploadHelp')}
        </Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems={{ md: 'center' }} sx={{ mt: 1 }}>
          <FormControl size="small" sx={{ width: 320, flex: '0 0 auto' }}>
            <InputLabel id="department-label">{translate('app.departments.department')}</InputLabel>
            <Select labelId="department-label" label={translate('app.departments.department')} value={department} onChange={(e) => setDepartment(e.target.value as Department)} name="department">
              {DEPARTMENTS.map((d) => (
                <MenuItem key={d} value={d}>
                  {translate(`app.departments.names.${d}`)}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <MuiTextField
            size="small"
            label={translate('app.departments.year')}
            value={year}
            name="year"
            onChange={(e) => setYear(e.target.value.trim())}
            error={!yearValid}
            helperText={yearValid ? ' ' : translate('app.departments.yearInvalid')}
            inputProps={{ inputMode: 'numeric' }}
            sx={{ width: 140, flex: '0 0 auto' }}
          />
          <Button component="label" variant="outlined" startIcon={<UploadFileIcon />}>
            {file ? file.name : translate('app.departments.chooseFile')}
            <input
              hidden
              type="file"
              accept=".csv,text/csv"
              name="file"
              data-testid="department-file"
              onChange={(e: ChangeEvent<HTMLInputElement>) => {
                setFile(e.target.files?.[0] ?? null);
                setRefusal(null);
              }}
            />
          </Button>
          <Button variant="contained" disabled={!file || !yearValid || progress !== null} onClick={() => void upload()} data-testid="department-upload-submit">
            {translate('app.departments.upload')}
          </Button>
        </Stack>
        {progress !== null && (
          <Box sx={{ mt: 2 }} role="status" aria-live="polite">
            {progress < 1 ? (
              <>
                <LinearProgress variant="determinate" value={Math.round(progress * 100)} aria-label={translate('app.departments.uploading')} />
                <Typography variant="caption">{translate('app.departments.uploadingPercent', { percent: Math.round(progress * 100) })}</Typography>
              </>
            ) : (
              <>
                <LinearProgress aria-label={translate('app.departments.validating')} />
                <Typography variant="caption">{translate('app.departments.validating')}</Typography>
              </>
            )}
          </Box>
        )}
        {refusal && (
          <Box sx={{ mt: 2 }}>
            <RefusalTable refusal={refusal.refusal} fileName={refusal.fileName} />
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

export const DepartmentImportList = () => {
  const translate = useTranslate();
  const { canAccess: canImport } = useCanAccess({ resource: 'department-imports', action: 'import' });
  const choices = DEPARTMENTS.map((d) => ({ id: d, name: translate(`app.departments.names.${d}`) }));
  const filters = [<SelectInput key="department" source="department" alwaysOn choices={choices} />, <TextInput key="year" source="year" alwaysOn parse={(v: string) => (/^\d{4}$/.test(v) ? Number(v) : undefined)} />];
  return (
    <Box>
      {canImport && <UploadPanel />}
      <List exporter={false} actions={<ExportActions resource="department-imports" />} error={<ListRefused />} pagination={<TruthfulPagination />} filters={filters} sort={{ field: 'importedAt', order: 'DESC' }} perPage={25} title="resources.department-imports.name">
        <DataTable<DepartmentImport> bulkActionButtons={false} rowClick="show">
          <DataTable.Col source="department" render={(r) => translate(`app.departments.names.${r.department}`)} />
          <DataTable.NumberCol source="year" options={{ useGrouping: false }} />
          <DataTable.Col source="fileName" />
          <DataTable.NumberCol source="rows" />
          <DataTable.Col source="importedByName" disableSort />
          <DataTable.Col source="importedAt">
            <LocalDateTimeField source="importedAt" />
          </DataTable.Col>
        </DataTable>
      </List>
    </Box>
  );
};
