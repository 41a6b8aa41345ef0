import type { ReactNode } from 'react';
import { SimpleShowLayout } from 'react-admin';

/** The fields of a show page, labelled, laid out in wrapping rows. */
export const FieldGrid = ({ children }: { children: ReactNode }) => (
  <SimpleShowLayout
    direction="row"
    flexWrap="wrap"
    useFlexGap
    spacing={3}
    sx={{ '& .RaSimpleShowLayout-row': { minWidth: 140 } }}
  >
    {children}
  </SimpleShowLayout>
);
