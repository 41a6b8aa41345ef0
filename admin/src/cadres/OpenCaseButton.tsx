/**
 * Opening a case for a cadre (约谈、召回、评先评优、问责): OFFICE and SUPERVISOR choose the kind and
 * give a reason; POST `/api/cases` starts the case's process, whose first task lands in the inbox.
 * A recall is offered only for a cadre stationed in a village. Pessimistic: the page changes when
 * the API has answered (a second open case of the same kind is refused with its reason).
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import GavelIcon from '@mui/icons-material/Gavel';
import { useMutation } from '@tanstack/react-query';
import { Form, maxLength, minLength, required, SelectInput, TextInput, useCanAccess, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import type { AppDataProvider, OpenedCase } from '../providers/dataProvider.ts';
import type { CadreAssignment } from '../types.ts';

const validateReason = [required(), minLength(2), maxLength(1000)];
const KINDS = ['INTERVIEW', 'RECALL', 'REWARD', 'ACCOUNTABILITY'] as const;
const EMPTY = { kind: 'INTERVIEW', reason: '' };

interface CadreRecord {
  id: string;
  name: string;
  code: string;
  active: boolean;
  assignments?: CadreAssignment[];
}

export const OpenCaseButton = () => {
  const record = useRecordContext<CadreRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<AppDataProvider>();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'cadres', action: 'open-case', record });
  const { mutate, isPending } = useMutation<OpenedCase, Error, { kind: string; reason: string }>({
    mutationFn: ({ kind, reason }) => dataProvider.openCase(record?.id ?? '', kind, reason),
    onSuccess: (opened) => {
      setOpen(false);
      notify('app.case.opened', { type: 'success', messageArgs: { kind: translate(`enums.caseKind.${opened.kind}`) } });
      refresh();
    },
    onError: (error) => notifyError(error),
  });
  if (!record || !canAccess || !record.active) return null;
  const stationed = (record.assignments ?? []).some((a) => a.kind === 'VILLAGE_TEAM' && (a.endYear === null || a.endYear === undefined));
  const choices = KINDS.filter((k) => k !== 'RECALL' || stationed).map((k) => ({ id: k, name: `enums.caseKind.${k}` }));
  return (
    <>
      <Button size="small" variant="outlined" startIcon={<GavelIcon />} onClick={() => setOpen(true)} data-testid="open-case-button">
        {translate('app.case.open')}
      </Button>
      <Dialog open={open} onClose={() => (isPending ? undefined : setOpen(false))} fullWidth maxWidth="sm">
        <Form record={EMPTY} defaultValues={EMPTY} onSubmit={(values: Record<string, unknown>) => mutate({ kind: String(values.kind), reason: String(values.reason).trim() })}>
          <DialogTitle>{translate('app.case.openTitle', { name: record.name, code: record.code })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate('app.case.openHelp')}</DialogContentText>
            <SelectInput source="kind" label="app.case.kind" choices={choices} validate={required()} fullWidth />
            <TextInput source="reason" label="app.case.reason" multiline minRows={3} fullWidth validate={validateReason} />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={isPending}>
              {translate('ra.action.cancel')}
            </Button>
            <Button type="submit" variant="contained" disabled={isPending} data-testid="open-case-submit">
              {translate('app.case.submit')}
            </Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};
