/**
 * Registers the processes' custom search attributes (workflows/kit/search-attributes.ts) on a
 * Temporal server: the embedded dev server and the test servers at start. On a cluster an operator
 * runs the same once (README): `temporal operator search-attribute create --name ProcessType --type Keyword ...`.
 * Idempotent: attributes already registered are left as they are.
 */
import type { Connection } from '@temporalio/client';
// a CommonJS package: its named exports are not visible to Node's ESM loader
import proto from '@temporalio/proto';

const { temporal } = proto;
import { PROCESS_SEARCH_ATTRIBUTES } from '../workflows/kit/search-attributes.ts';

const TYPE: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/** The `temporal operator search-attribute create` arguments, for the README and the dev server. */
export const SEARCH_ATTRIBUTE_FLAGS = PROCESS_SEARCH_ATTRIBUTES.map((k) => `${k.name}=${k.type === 'KEYWORD_LIST' ? 'KeywordList' : k.type === 'INT' ? 'Int' : 'Keyword'}`);

export async function ensureSearchAttributes(connection: Connection, namespace = 'default'): Promise<string[]> {
  let existing;
  for (let attempt = 0; ; attempt++) {
    try {
      existing = await connection.operatorService.listSearchAttributes({ namespace });
      break;
    } catch (err) {
      const code = (err as { code?: number }).code;
      // the time-skipping test server has no operator service and accepts any attribute
      if (code === 12) return [];
      // a namespace registered a moment ago: the operator service's registry learns it a little later
      if (code === 5 && attempt < 100) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      throw err;
    }
  }
  const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  const missing = PROCESS_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((k) => [k.name, TYPE[k.type]])) });
  return missing.map((k) => k.name);
}
