import type { ReactNode } from 'react';
import { ArrayField, useRecordContext } from 'react-admin';

/**
 * An embedded array of the record (members, ledger entries...) as a list context. Rows without an
 * `id` get their index as id, so the table has stable keys whatever the API sends.
 */
export const RowsField = ({ source, children }: { source: string; children: ReactNode }) => {
  const record = useRecordContext();
  if (!record) return null;
  const value: unknown = record[source];
  const rows = Array.isArray(value)
    ? value.map((row: unknown, index) =>
        typeof row === 'object' && row !== null && 'id' in row && row.id != null ? row : { ...(row as object), id: `#${index}` },
      )
    : [];
  return (
    <ArrayField source={source} record={{ ...record, [source]: rows }}>
      {children}
    </ArrayField>
  );
};
