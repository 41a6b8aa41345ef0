import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A titled block of a show page. */
export const Section = ({ title, children, testId }: { title: string; children: ReactNode; testId?: string; label?: string }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }} data-testid={testId}>
      <Typography variant="h6" gutterBottom>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
};
