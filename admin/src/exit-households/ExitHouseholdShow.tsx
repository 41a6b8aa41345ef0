/** One assessed household of a cycle: why it is in or out, each criterion, its acknowledgement and status. */
import { Box, Button, Stack, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import HomeIcon from '@mui/icons-material/Home';
import { LinkBase, Show, TopToolbar, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { Section } from '../common/Section.tsx';
import { useIntlLocale } from '../common/fields.tsx';
import type { ExitHousehold } from '../cycles/types.ts';
import { ExitChip, useBilingual } from '../cycles/widgets.tsx';
import { AcknowledgeButtons } from '../exit-villages/AcknowledgeButtons.tsx';
import { AckField } from '../exit-villages/HouseholdTable.tsx';
import { Criteria } from './Criteria.tsx';

const Title = () => {
  const record = useRecordContext<ExitHousehold>();
  const translate = useTranslate();
  return record ? <span>{translate('app.exit.householdTitle', { name: record.headName ?? '', code: record.householdCode ?? record.householdId })}</span> : null;
};

const Actions = () => {
  const record = useRecordContext<ExitHousehold>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <TopToolbar>
      {record.exitVillageId ? (
        <Button size="small" startIcon={<ArrowBackIcon />} component={LinkBase} to={`/exit-villages/${encodeURIComponent(record.exitVillageId)}/show`} data-testid="back-to-village">
          {translate('app.exit.backToVillage')}
        </Button>
      ) : null}
      <Button size="small" startIcon={<HomeIcon />} component={LinkBase} to={`/households/${encodeURIComponent(record.householdId)}/show`}>
        {translate('app.exit.registerRecord')}
      </Button>
    </TopToolbar>
  );
};

const Body = () => {
  const record = useRecordContext<ExitHousehold>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const text = useBilingual();
  const intl = useIntlLocale();
  if (!record) return null;
  return (
    <Box sx={{ p: 2 }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} useFlexGap flexWrap="wrap" alignItems={{ xs: 'flex-start', sm: 'center' }}>
        <Typography variant="body2">{record.villageName}</Typography>
        <Typography variant="body2">{translate('app.exit.householdSize', { size: record.size ?? '—' })}</Typography>
        <ExitChip group="householdStatus" value={record.status} testId="household-exit-status" />
        <Typography variant="body2">{translate(record.candidate ? 'app.exit.households.isCandidate' : 'app.exit.households.notCandidate')}</Typography>
      </Stack>
      <Section title="app.exit.sections.reason">
        <Typography variant="body1" data-testid="household-reason">
          {locale === 'en' ? record.reasonEn : record.reasonZh}
        </Typography>
        {record.refusal?.message ? (
          <Typography variant="body2" color="error" sx={{ mt: 1 }} data-testid="household-refusal">
            {text(record.refusal.message)}
          </Typography>
        ) : null}
      </Section>
      <Section title="app.exit.sections.criteria">
        <Criteria household={record} />
      </Section>
      <Section title="app.exit.sections.acknowledgement">
        <Stack spacing={1}>
          <AckField household={record} />
          {record.acknowledgedAt ? (
            <Typography variant="body2" color="text.secondary">
              {translate('app.exit.ack.recorded', {
                who: record.acknowledgedByName ?? '—',
                at: new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(record.acknowledgedAt)),
              })}
            </Typography>
          ) : null}
          {record.villageStage ? <AcknowledgeButtons household={record} stage={record.villageStage} /> : null}
        </Stack>
      </Section>
    </Box>
  );
};

export const ExitHouseholdShow = () => (
  <Show actions={<Actions />} title={<Title />}>
    <Body />
  </Show>
);
