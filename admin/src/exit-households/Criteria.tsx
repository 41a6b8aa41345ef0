/**
 * Each criterion of a household's assessment (rules/exit-verification/household.ts): the value,
 * the standard it is held to (the cycle's poverty line for income; 是 for each guarantee), where the
 * value comes from (the registry's yearly record, or a department's file, batch and row), pass or fail.
 */
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetOne, useTranslate } from 'react-admin';
import { DEPARTMENT_INFO } from '../../../rules/exit-verification/department-facts.ts';
import type { Cycle, CriterionCheck, ExitHousehold } from '../cycles/types.ts';
import { EmptyState, PassChip, Scroll, useBilingual, useCount } from '../cycles/widgets.tsx';

function povertyLineOf(cycle: Cycle | undefined): number | null {
  const line = (cycle?.config as { household?: { povertyLine?: unknown } } | undefined)?.household?.povertyLine;
  return typeof line === 'number' ? line : null;
}

export const Criteria = ({ household }: { household: ExitHousehold }) => {
  const translate = useTranslate();
  const text = useBilingual();
  const count = useCount();
  const { data: cycle } = useGetOne<Cycle>('cycles', { id: household.cycleId });
  const checks: CriterionCheck[] = household.assessment?.checks ?? [];
  if (!checks.length) return <EmptyState testId="criteria-empty" message="app.exit.empty.criteria" />;
  const line = povertyLineOf(cycle);
  const value = (c: CriterionCheck) => {
    if (c.value === null) return translate('app.exit.criteria.noData');
    if (c.criterion === 'income' && typeof c.value === 'number') return translate('app.common.yuan', { amount: count(c.value) });
    return translate(c.value ? 'app.exit.criteria.yes' : 'app.exit.criteria.no');
  };
  const standard = (c: CriterionCheck) => {
    if (!c.counted) return translate('app.exit.criteria.notCounted');
    if (c.criterion === 'income') return line === null ? translate('app.exit.criteria.aboveLineUnknown') : translate('app.exit.criteria.aboveLine', { line: count(line) });
    return translate('app.exit.criteria.mustBeYes');
  };
  const source = (c: CriterionCheck) => {
    const s = c.source;
    if (!s) return translate('app.exit.source.none');
    if (s.kind === 'registry') return translate('app.exit.source.registry', { year: s.year, record: s.recordSource ? translate(`enums.valueSource.${s.recordSource}`, { _: s.recordSource }) : '—' });
    const p = s.provenance;
    const name = DEPARTMENT_INFO[p.department as keyof typeof DEPARTMENT_INFO]?.name;
    return translate('app.exit.source.department', { department: name ? text(name) : p.department, batch: p.batchId, file: p.fileName, row: p.row });
  };
  return (
    <Scroll>
      <Table size="small" data-testid="household-criteria" aria-label={translate('app.exit.sections.criteria')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.exit.criteria.criterion')}</TableCell>
            <TableCell>{translate('app.exit.criteria.value')}</TableCell>
            <TableCell>{translate('app.exit.criteria.standard')}</TableCell>
            <TableCell>{translate('app.exit.criteria.source')}</TableCell>
            <TableCell>{translate('app.exit.criteria.result')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {checks.map((c) => (
            <TableRow key={c.criterion} data-testid={`criterion-${c.criterion}`} data-pass={String(c.passed)} sx={{ '& td': { verticalAlign: 'top' } }}>
              <TableCell>{text(c.label)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{value(c)}</TableCell>
              <TableCell>{standard(c)}</TableCell>
              <TableCell>
                <Typography variant="body2">{source(c)}</Typography>
                {c.effect === 'overridden' || c.effect === 'confirmed' ? (
                  <Typography variant="caption" color="text.secondary">
                    {translate(`app.exit.criteria.effect.${c.effect}`)}
                  </Typography>
                ) : null}
              </TableCell>
              <TableCell>{c.counted ? <PassChip pass={c.passed} /> : <Typography variant="body2" color="text.secondary">—</Typography>}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Scroll>
  );
};
