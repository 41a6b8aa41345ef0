/**
 * The row markup the exit-verification tables share (counties of a cycle, villages of a county,
 * households of a village): a row that opens its record, its first cell (the record's name as a
 * link, a caption below), and the pager under a table read page by page.
 */
import type { ReactNode } from 'react';
import { Button, Stack, TableCell, TableRow, Typography, type SxProps, type TableCellProps } from '@mui/material';
import { Link, useNavigate, useTranslate } from 'react-admin';

/** A row that opens `to` (anywhere on it); `data-*` attributes name it for tests and tools. */
export const OpenRow = ({ to, children, ...data }: { to: string; children: ReactNode } & Record<`data-${string}`, string>) => {
  const navigate = useNavigate();
  return (
    <TableRow hover sx={{ cursor: 'pointer', '& td': { verticalAlign: 'top' } }} onClick={() => navigate(to)} {...data}>
      {children}
    </TableRow>
  );
};

/** The first cell of such a row: the name, a link of its own (keyboard, middle click), and a caption. */
export const NameCell = ({ to, name, caption, sx }: { to: string; name: ReactNode; caption: ReactNode; sx?: SxProps & TableCellProps['sx'] }) => (
  <TableCell sx={sx}>
    <Link to={to} onClick={(e: { stopPropagation(): void }) => e.stopPropagation()}>
      {name}
    </Link>
    <Typography variant="caption" display="block" color="text.secondary">
      {caption}
    </Typography>
  </TableCell>
);

/** Previous / next under a table of `total` rows read `perPage` at a time; nothing for one page. */
export const Pager = ({ page, total, perPage, onPage }: { page: number; total: number | undefined; perPage: number; onPage: (page: number) => void }) => {
  const translate = useTranslate();
  const pages = Math.ceil((total ?? 0) / perPage);
  if (pages <= 1) return null;
  return (
    <Stack direction="row" spacing={1} alignItems="center" justifyContent="flex-end" sx={{ mt: 1 }}>
      <Button size="small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {translate('ra.navigation.previous')}
      </Button>
      <Typography variant="body2">{translate('app.exit.page', { page, pages })}</Typography>
      <Button size="small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {translate('ra.navigation.next')}
      </Button>
    </Stack>
  );
};
