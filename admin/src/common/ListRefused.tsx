/**
 * A list whose request the API refused or failed: say so in place of the rows, and show no page
 * range. react-admin's default shows "no results" and, without a total, "1-25 of 25" over an empty
 * table. A 403 on a region filter outside the user's scope says "no permission" with the scope, and
 * offers to clear the filters. Use as `<List error={<ListRefused />} pagination={<TruthfulPagination />}>`.
 */
import { Alert, Button } from '@mui/material';
import { HttpError, Pagination, useListContext, useTranslate, type PaginationProps } from 'react-admin';
import { useRoleScopeLabel } from '../layout/useRoleScopeLabel.ts';

export const ListRefused = () => {
  const { error, setFilters } = useListContext();
  const translate = useTranslate();
  const scope = useRoleScopeLabel();
  if (!error) return null;
  const status = error instanceof HttpError ? error.status : (error as { status?: number }).status;
  return (
    <Alert
      severity={status === 403 ? 'warning' : 'error'}
      sx={{ m: 2 }}
      data-testid="list-refused"
      data-status={status ?? ''}
      action={
        <Button color="inherit" size="small" onClick={() => setFilters({}, [])} data-testid="list-refused-clear">
          {translate('app.scope.list.clearFilters')}
        </Button>
      }
    >
      {status === 403 ? translate('app.scope.list.forbidden', { scope }) : translate('app.scope.list.error', { message: error.message })}
    </Alert>
  );
};

/** The page range only for an answered list. */
export const TruthfulPagination = (props: PaginationProps) => {
  const { error } = useListContext();
  return error ? null : <Pagination {...props} />;
};
