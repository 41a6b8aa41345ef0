import { Box } from '@mui/material';
import { useTranslate } from 'react-admin';

/** Shown by an embedded table that has no rows. */
export const EmptyRows = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 1, color: 'text.secondary', fontSize: '0.875rem' }}>{translate('app.common.empty')}</Box>
  );
};

export const emptyRows = <EmptyRows />;
