/**
 * The four tests of a county (三率一度) as ExitCounty.tests holds them (rules/exit-verification/
 * county-tests.ts): each with its formula, numerator and denominator, value, threshold and
 * comparison, pass or fail; any failure blocks the exit.
 */
import { Alert, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Bilingual, ExitCounty, RateTest } from '../cycles/types.ts';
import { EmptyState, PassChip, Scroll, useBilingual, useCount, usePercent } from '../cycles/widgets.tsx';

type Side = { key: string; label: Bilingual; value: number };

/** The numerator and denominator whatever shape the row carries (inputs.{numerator,denominator} or top-level). */
function sides(t: RateTest): { numerator: Side | null; denominator: Side | null } {
  const pick = (inner: Side | undefined, top: RateTest['numerator']): Side | null =>
    inner ?? (typeof top === 'object' && top ? top : typeof top === 'number' ? { key: '', label: { zh: '', en: '' }, value: top } : null);
  return { numerator: pick(t.inputs?.numerator, t.numerator), denominator: pick(t.inputs?.denominator, t.denominator) };
}

export const CountyTests = ({ county }: { county: ExitCounty }) => {
  const translate = useTranslate();
  const text = useBilingual();
  const count = useCount();
  const percent = usePercent();
  const result = county.tests;
  if (!result?.tests?.length) return <EmptyState testId="county-tests-empty" message="app.exit.empty.tests" />;
  return (
    <>
      <Alert severity={result.pass ? 'success' : 'error'} sx={{ mb: 1 }} data-testid="county-tests-verdict" data-pass={String(result.pass)}>
        {result.pass
          ? translate('app.exit.tests.allPass')
          : translate('app.exit.tests.blocked', { tests: result.tests.filter((t) => !t.pass).map((t) => text(t.name ?? t.label)).join(translate('app.common.listSeparator')) })}
      </Alert>
      <Scroll>
        <Table size="small" aria-label={translate('app.exit.sections.tests')} data-testid="county-tests">
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.exit.tests.test')}</TableCell>
              <TableCell>{translate('app.exit.tests.inputs')}</TableCell>
              <TableCell>{translate('app.exit.tests.value')}</TableCell>
              <TableCell>{translate('app.exit.tests.threshold')}</TableCell>
              <TableCell>{translate('app.exit.tests.result')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {result.tests.map((t) => {
              const { numerator, denominator } = sides(t);
              return (
                <TableRow key={t.key} data-testid={`county-test-${t.key}`} data-pass={String(t.pass)} sx={{ '& td': { verticalAlign: 'top' } }}>
                  <TableCell sx={{ minWidth: 160 }}>
                    <Typography variant="body2" fontWeight={600}>
                      {text(t.name ?? t.label)}
                    </Typography>
                    <Typography variant="caption" color="text.secondary" data-testid="county-test-formula">
                      {text(t.formula)}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ minWidth: 180 }}>
                    {numerator ? <Typography variant="body2">{`${text(numerator.label)}: ${count(numerator.value)}`}</Typography> : null}
                    {denominator ? <Typography variant="body2">{`${text(denominator.label)}: ${count(denominator.value)}`}</Typography> : null}
                  </TableCell>
                  <TableCell>{t.value === null ? translate('app.exit.tests.noData') : percent(t.value)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {translate(t.comparison === '<' ? 'app.exit.tests.below' : 'app.exit.tests.atLeast', { threshold: percent(t.threshold) })}
                  </TableCell>
                  <TableCell>
                    <PassChip pass={t.pass} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Scroll>
    </>
  );
};
