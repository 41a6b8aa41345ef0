/** The assessed households of one village of a cycle: the reason in or out, the acknowledgement, the status; a row opens the household. */
import { useState } from 'react';
import { Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useGetList, useLocaleState, useTranslate } from 'react-admin';
import { NameCell, OpenRow, Pager } from '../cycles/TableParts.tsx';
import type { ExitHousehold, ExitVillage } from '../cycles/types.ts';
import { EmptyState, ExitChip, Scroll } from '../cycles/widgets.tsx';
import { ObjectionButton } from './ObjectionButton.tsx';
import { AcknowledgeButtons, useMayAcknowledge } from './AcknowledgeButtons.tsx';

const PER_PAGE = 50;

export const AckField = ({ household }: { household: ExitHousehold }) => {
  const translate = useTranslate();
  if (!household.candidate) return <Typography variant="body2" color="text.secondary">—</Typography>;
  const key = household.acknowledged === true ? 'app.exit.ack.stateYes' : household.acknowledged === false ? 'app.exit.ack.stateNo' : 'app.exit.ack.statePending';
  return (
    <Box data-testid="ack-state" data-acknowledged={String(household.acknowledged)}>
      <Typography variant="body2" color={household.acknowledged === false ? 'warning.main' : household.acknowledged === true ? 'success.main' : 'text.secondary'}>
        {translate(key)}
      </Typography>
      {household.acknowledgementNote ? (
        <Typography variant="caption" color="text.secondary">
          {household.acknowledgementNote}
        </Typography>
      ) : null}
    </Box>
  );
};

export const HouseholdTable = ({ village }: { village: ExitVillage }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const mayAck = useMayAcknowledge();
  const [page, setPage] = useState(1);
  const [which, setWhich] = useState<'all' | 'candidates' | 'others'>(mayAck && village.stage === 'APPRAISAL' ? 'candidates' : 'all');
  const filter = { cycleId: village.cycleId, villageId: village.villageId, ...(which === 'candidates' ? { candidate: true } : which === 'others' ? { candidate: false } : {}) };
  const { data, total, isPending } = useGetList<ExitHousehold>('exit-households', { filter, pagination: { page, perPage: PER_PAGE }, sort: { field: 'householdId', order: 'ASC' } });
  return (
    <Box>
      <ToggleButtonGroup size="small" exclusive value={which} onChange={(_e, v) => v && (setWhich(v), setPage(1))} sx={{ mb: 1 }} aria-label={translate('app.exit.households.show')}>
        <ToggleButton value="all">{translate('app.exit.households.all')}</ToggleButton>
        <ToggleButton value="candidates" data-testid="show-candidates">
          {translate('app.exit.households.candidates')}
        </ToggleButton>
        <ToggleButton value="others">{translate('app.exit.households.others')}</ToggleButton>
      </ToggleButtonGroup>
      {isPending ? null : !data?.length ? (
        <EmptyState testId="households-empty" message={village.assessed > 0 ? 'app.exit.empty.householdsFiltered' : 'app.exit.empty.households'} />
      ) : (
        <Scroll>
          <Table size="small" data-testid="household-table" aria-label={translate('app.exit.sections.households')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.exit.columns.household')}</TableCell>
                <TableCell align="right">{translate('app.exit.columns.size')}</TableCell>
                <TableCell>{translate('app.exit.columns.reason')}</TableCell>
                <TableCell>{translate('app.exit.columns.acknowledgement')}</TableCell>
                <TableCell>{translate('app.exit.columns.status')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((h) => (
                <OpenRow key={h.id} to={`/exit-households/${encodeURIComponent(h.id)}/show`} data-testid="household-row" data-household={h.id} data-candidate={String(h.candidate)}>
                  <NameCell to={`/exit-households/${encodeURIComponent(h.id)}/show`} name={h.headName ?? h.householdId} caption={h.householdCode} sx={{ minWidth: 140 }} />
                  <TableCell align="right">{h.size ?? '—'}</TableCell>
                  <TableCell sx={{ minWidth: 220, maxWidth: 480 }}>
                    <Typography variant="body2" data-testid="household-reason">
                      {locale === 'en' ? h.reasonEn : h.reasonZh}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ minWidth: 160 }}>
                    <Stack spacing={1}>
                      <AckField household={h} />
                      <AcknowledgeButtons household={h} stage={village.stage} />
                    </Stack>
                  </TableCell>
                  <TableCell>
                    <Stack spacing={1} alignItems="flex-start">
                      <ExitChip group="householdStatus" value={h.status} testId="household-exit-status" />
                      {/* during the household notice (公示): a candidate on it may be objected to */}
                      <ObjectionButton subjectType="HOUSEHOLD" subjectId={h.householdId} name={`${h.headName ?? ''}（${h.householdCode ?? h.householdId}）`} open={village.stage === 'NOTICE' && ['CANDIDATE', 'HELD'].includes(h.status)} />
                    </Stack>
                  </TableCell>
                </OpenRow>
              ))}
            </TableBody>
          </Table>
        </Scroll>
      )}
      <Pager page={page} total={total} perPage={PER_PAGE} onPage={setPage} />
    </Box>
  );
};
