/**
 * The cycle's steps in time order (`GET /api/cycles/:id/timeline`): tasks opened, decided (who,
 * what, comment), reminded, escalated, and the audit events of the cycle, newest first, paged.
 */
import { useState } from 'react';
import { Box, Button, List as MuiList, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import { useEnumLabel } from '../common/enums.tsx';
import { useIntlLocale } from '../common/fields.tsx';
import type { TimelineEntry } from './types.ts';
import { liveInterval } from './useCycleProgress.tsx';
import { EmptyState, useBilingual } from './widgets.tsx';

const PER_PAGE = 20;

export const Timeline = ({ cycleId, live = false }: { cycleId: string; live?: boolean }) => {
  const translate = useTranslate();
  const enumLabel = useEnumLabel();
  const bilingual = useBilingual();
  const locale = useIntlLocale();
  const [page, setPage] = useState(1);
  const { data, total, isPending, error } = useGetList<TimelineEntry>(`cycles/${encodeURIComponent(cycleId)}/timeline`, {
    pagination: { page, perPage: PER_PAGE },
    sort: { field: 'at', order: 'DESC' },
    filter: {},
  }, { refetchInterval: liveInterval(live) });
  if (error) return <Typography color="error">{translate(error.message, { _: error.message })}</Typography>;
  if (isPending) return null;
  if (!data?.length) return <EmptyState testId="timeline-empty" message="app.exit.empty.timeline" />;
  const when = (at: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  const pages = Math.ceil((total ?? 0) / PER_PAGE);
  return (
    <Box data-testid="cycle-timeline">
      <MuiList dense disablePadding>
        {data.map((e) => {
          const t = e.task;
          const step = t ? bilingual({ zh: t.labels?.zh?.step ?? t.title, en: t.labels?.en?.step ?? t.step }) : '';
          const where = t ? `${t.regionName ?? ''} · ${enumLabel('regionLevel', t.level)}` : '';
          let primary: string;
          let secondary = '';
          if (e.kind === 'EVENT' && e.event) {
            primary = translate(`enums.auditAction.${e.event.action}`, { _: e.event.action });
            secondary = `${e.event.actorName} · ${enumLabel('auditOutcome', e.event.outcome)}`;
          } else if (e.kind === 'TASK_DECIDED' && t) {
            primary = translate('app.exit.timeline.TASK_DECIDED', { step, decision: enumLabel('decision', t.decision), who: t.decidedByName ?? '—' });
            secondary = [where, t.comment ? translate('app.exit.timeline.comment', { comment: t.comment }) : ''].filter(Boolean).join(' · ');
          } else if (e.kind === 'TASK_ESCALATED' && t) {
            primary = translate('app.exit.timeline.TASK_ESCALATED', { step, to: t.escalatedToRegionName ?? '—' });
            secondary = where;
          } else {
            primary = translate(`app.exit.timeline.${e.kind}`, { step, _: step });
            secondary = [where, t?.subjectLabel].filter(Boolean).join(' · ');
          }
          return (
            <ListItem key={e.id} divider data-testid="timeline-entry" data-kind={e.kind} alignItems="flex-start">
              <Typography variant="caption" color="text.secondary" sx={{ minWidth: 130, pt: 0.75, pr: 1 }}>
                {when(e.at)}
              </Typography>
              <ListItemText primary={primary} secondary={secondary} />
            </ListItem>
          );
        })}
      </MuiList>
      {pages > 1 ? (
        <Stack direction="row" spacing={1} alignItems="center" justifyContent="flex-end" sx={{ mt: 1 }}>
          <Button size="small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {translate('app.exit.timeline.newer')}
          </Button>
          <Typography variant="body2">{translate('app.exit.page', { page, pages })}</Typography>
          <Button size="small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {translate('app.exit.timeline.older')}
          </Button>
        </Stack>
      ) : null}
    </Box>
  );
};
