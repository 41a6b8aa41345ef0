import { describe, expect, it } from 'vitest';
import { nameColumnsAsText, PG_NAME_OID, PG_TEXT_OID } from '../../lib/pg-migration-adapter.ts';

describe('PostgreSQL migration shim', () => {
  it('reports name (OID 19) result columns as text (OID 25) and leaves others alone', () => {
    const result = { fields: [{ dataTypeID: PG_NAME_OID }, { dataTypeID: 23 }, { dataTypeID: PG_TEXT_OID }], rows: [] };
    expect(nameColumnsAsText(result).fields.map((f) => f.dataTypeID)).toEqual([25, 23, 25]);
    expect(nameColumnsAsText(undefined)).toBeUndefined();
  });
});
