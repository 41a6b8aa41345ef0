/**
 * The evaluator's finding on one sampled entry (第三方核实结果录入), in a dialog whose fields follow
 * the entry's kind: a registered household — meets the standard or not, which criteria fail,
 * whether it acknowledges its exit, whether it approves; a visit outside the register — whom the
 * evaluator visited, whether the household was missed (漏评) and its people, whether it approves.
 * `PUT /api/sample-entries/:id/finding`; only while the county is in SURVEY (the API says 409 otherwise).
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import EditNoteIcon from '@mui/icons-material/EditNote';
import { useMutation } from '@tanstack/react-query';
import {
  CheckboxGroupInput,
  Form,
  FormDataConsumer,
  NumberInput,
  RadioButtonGroupInput,
  TextInput,
  maxLength,
  minValue,
  maxValue,
  required,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
  type Validator,
} from 'react-admin';
import { useNotifyError } from '../common/notify.ts';
import { CRITERIA, putFinding, type SampleEntry } from './api.ts';

type Answer = 'yes' | 'no' | 'none';
const toAnswer = (value: boolean | null | undefined): Answer => (value === true ? 'yes' : value === false ? 'no' : 'none');
const fromAnswer = (value: unknown): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null);
const YES_NO = [
  { id: 'yes', name: 'app.samples.answer.yes' },
  { id: 'no', name: 'app.samples.answer.no' },
];
const YES_NO_NONE = [...YES_NO, { id: 'none', name: 'app.samples.answer.none' }];
const criterionChoices = CRITERIA.map((c) => ({ id: c, name: `app.samples.criterion.${c}` }));

const needsCriteria: Validator = (value: unknown, values: Record<string, unknown>) =>
  values.meetsStandard === 'no' && (!Array.isArray(value) || value.length === 0) ? 'app.samples.finding.criteriaRequired' : undefined;
const validateNote = maxLength(1000);
const validateName = [required(), maxLength(50)];
const validatePeople = [required(), minValue(1), maxValue(99)];

function defaults(e: SampleEntry): Record<string, unknown> {
  return e.kind === 'IN_REGISTER'
    ? { meetsStandard: toAnswer(e.meetsStandard), failedCriteria: e.failedCriteria ?? [], acknowledges: toAnswer(e.acknowledges), approves: toAnswer(e.approves), note: e.note ?? '' }
    : { visitedName: e.visitedName ?? '', missed: toAnswer(e.missed), missedPeople: e.missedPeople ?? null, approves: toAnswer(e.approves), note: e.note ?? '' };
}

/** The API body of the form's values: unanswered questions left out, the other verdict's fields not sent. */
export function findingBody(kind: SampleEntry['kind'], v: Record<string, unknown>): Record<string, unknown> {
  const note = typeof v.note === 'string' && v.note.trim() ? { note: v.note.trim() } : {};
  const approves = fromAnswer(v.approves);
  if (kind === 'IN_REGISTER') {
    const meets = fromAnswer(v.meetsStandard);
    const acknowledges = fromAnswer(v.acknowledges);
    return {
      meetsStandard: meets,
      ...(meets === false ? { failedCriteria: v.failedCriteria } : {}),
      ...(acknowledges === null ? {} : { acknowledges }),
      ...(approves === null ? {} : { approves }),
      ...note,
    };
  }
  const missed = fromAnswer(v.missed);
  return {
    visitedName: String(v.visitedName ?? '').trim(),
    missed,
    ...(missed ? { missedPeople: Number(v.missedPeople) } : {}),
    ...(approves === null ? {} : { approves }),
    ...note,
  };
}

export const FindingButton = () => {
  const record = useRecordContext<SampleEntry>();
  const translate = useTranslate();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const { permissions } = usePermissions<string[]>();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: (values: Record<string, unknown>) => putFinding(record!.id, findingBody(record!.kind, values)),
    onSuccess: () => {
      setOpen(false);
      notify('app.samples.finding.saved', { type: 'success' });
      refresh();
    },
    onError: (error) => notifyError(error),
  });
  if (!record || record.countyStage !== 'SURVEY' || !Array.isArray(permissions) || !permissions.includes('sample.finding')) return null;
  const inRegister = record.kind === 'IN_REGISTER';
  return (
    <>
      <Button size="small" startIcon={<EditNoteIcon />} onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }} data-testid={`finding-button-${record.ordinal}`}>
        {translate(record.hasFinding ? 'app.samples.finding.edit' : 'app.samples.finding.enter')}
      </Button>
      <Dialog open={open} onClose={() => (isPending ? undefined : setOpen(false))} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
        <Form record={defaults(record)} defaultValues={defaults(record)} onSubmit={(values: Record<string, unknown>) => mutate(values)}>
          <DialogTitle>
            {translate('app.samples.finding.title', {
              ordinal: record.ordinal,
              subject: inRegister ? `${record.headName ?? ''}（${record.householdCode ?? ''}）` : translate('app.samples.slot', { village: record.villageName ?? record.villageId, slot: record.slot ?? '' }),
            })}
          </DialogTitle>
          <DialogContent>
            {inRegister ? (
              <>
                <RadioButtonGroupInput source="meetsStandard" label="app.samples.fields.meetsStandard" choices={YES_NO} validate={required()} row />
                <FormDataConsumer>
                  {({ formData }) =>
                    formData.meetsStandard === 'no' ? (
                      <CheckboxGroupInput source="failedCriteria" label="app.samples.fields.failedCriteria" choices={criterionChoices} validate={needsCriteria} />
                    ) : null
                  }
                </FormDataConsumer>
                <RadioButtonGroupInput source="acknowledges" label="app.samples.fields.acknowledges" choices={YES_NO_NONE} row />
              </>
            ) : (
              <>
                <TextInput source="visitedName" label="app.samples.fields.visitedName" validate={validateName} fullWidth />
                <RadioButtonGroupInput source="missed" label="app.samples.fields.missed" choices={YES_NO} validate={required()} row />
                <FormDataConsumer>
                  {({ formData }) =>
                    formData.missed === 'yes' ? <NumberInput source="missedPeople" label="app.samples.fields.missedPeople" min={1} max={99} step={1} validate={validatePeople} /> : null
                  }
                </FormDataConsumer>
              </>
            )}
            <RadioButtonGroupInput source="approves" label="app.samples.fields.approves" choices={YES_NO_NONE} row />
            <TextInput source="note" label="app.samples.fields.note" multiline minRows={2} fullWidth validate={validateNote} />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={isPending}>
              {translate('ra.action.cancel')}
            </Button>
            <Button type="submit" variant="contained" disabled={isPending} data-testid="finding-submit">
              {translate('ra.action.save')}
            </Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};
