/**
 * A village of a cycle (the work team's page): stage, outcome, incidence, progress and open tasks,
 * then its households with their reasons; during the appraisal the first secretary records each
 * candidate's acknowledgement here, then decides the village-appraisal task in the inbox.
 */
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { ObjectionButton } from './ObjectionButton.tsx';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import InboxIcon from '@mui/icons-material/Inbox';
import { LinkBase, Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { Section } from '../common/Section.tsx';
import type { ExitVillage } from '../cycles/types.ts';
import { ExitChip, ProgressBar, TaskLevels, useBilingual } from '../cycles/widgets.tsx';
import { useMayAcknowledge } from './AcknowledgeButtons.tsx';
import { HouseholdTable } from './HouseholdTable.tsx';
import { RegionCounts } from '../regions/RegionCounts.tsx';

const Title = () => {
  const record = useRecordContext<ExitVillage>();
  const translate = useTranslate();
  return record ? <span>{translate('app.exit.villageTitle', { village: record.villageName ?? record.villageId })}</span> : null;
};

const Actions = () => {
  const record = useRecordContext<ExitVillage>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <TopToolbar>
      <Button size="small" startIcon={<ArrowBackIcon />} component={LinkBase} to={`/cycles/${encodeURIComponent(record.cycleId)}/show`}>
        {translate('app.exit.backToCycle')}
      </Button>
    </TopToolbar>
  );
};

const Body = () => {
  const record = useRecordContext<ExitVillage>();
  const translate = useTranslate();
  const text = useBilingual();
  const mayAck = useMayAcknowledge();
  if (!record) return null;
  const inbox = `/tasks?filter=${encodeURIComponent(JSON.stringify({ status: 'OPEN', cycleId: record.cycleId }))}`;
  return (
    <Box sx={{ p: 2 }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} useFlexGap flexWrap="wrap" alignItems={{ xs: 'flex-start', sm: 'center' }}>
        <Typography variant="body2">{[record.countyName, record.townshipName].filter(Boolean).join(' · ')}</Typography>
        <ExitChip group="stage" value={record.stage} testId="village-stage" />
        <ExitChip group="outcome" value={record.villageOutcome} />
        {record.poorVillage ? <Typography variant="body2">{translate('app.region.poorVillage')}</Typography> : null}
        {/* during the village's own exit notice (贫困村出列公示) */}
        <ObjectionButton subjectType="VILLAGE" subjectId={record.villageId} name={record.villageName ?? record.villageId} open={record.stage === 'VILLAGE_NOTICE'} />
      </Stack>
      {record.incidence?.formula ? (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="village-incidence">
          {text(record.incidence.formula)}
        </Typography>
      ) : null}
      {mayAck && record.stage === 'APPRAISAL' ? (
        <Alert
          severity="info"
          sx={{ mt: 2 }}
          data-testid="appraisal-help"
          action={
            <Button size="small" startIcon={<InboxIcon />} component={LinkBase} to={inbox}>
              {translate('app.exit.ack.toInbox')}
            </Button>
          }
        >
          {translate('app.exit.ack.help', { acknowledged: record.acknowledged, candidates: record.candidates })}
        </Alert>
      ) : null}
      <Section title="app.exit.sections.progress">
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} useFlexGap flexWrap="wrap">
          <ProgressBar done={record.acknowledged} total={record.candidates} label={translate('app.exit.progress.acknowledged')} testId="village-acknowledged" />
          <ProgressBar done={record.exited} total={record.candidates} label={translate('app.exit.progress.households')} />
        </Stack>
        <Typography variant="body2" sx={{ mt: 1 }}>
          {translate('app.exit.progress.summary', { assessed: record.assessed, candidates: record.candidates, held: record.held, refused: record.refused })}
        </Typography>
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mt: 1 }}>
          <Typography variant="body2">{translate('app.exit.sections.openTasks')}</Typography>
          <TaskLevels open={record.openTasks} overdue={record.overdueTasks} />
        </Stack>
      </Section>
      {/* the village's register figures (households, poor, exited, returned, work team, cadres) */}
      <Box sx={{ mx: -2 }}>
        <RegionCounts regionId={record.villageId} />
      </Box>
      <Section title="app.exit.sections.households" testId="village-households">
        <HouseholdTable village={record} />
      </Section>
    </Box>
  );
};

export const ExitVillageShow = () => (
  <Show actions={<Actions />} title={<Title />}>
    <Body />
  </Show>
);
