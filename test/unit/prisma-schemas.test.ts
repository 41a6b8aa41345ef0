/** The provider schemas are derived from the one model, and every model change has its migrations. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveEnums, deriveSchema, ENUMS_FILE, PROVIDERS } from '../../scripts/prisma-schemas.ts';

describe('one data model, two providers', () => {
  const source = readFileSync('prisma/schema.prisma', 'utf8');
  it.each(PROVIDERS)('%s: the committed schema is derived from prisma/schema.prisma', (provider) => {
    expect(readFileSync(`prisma/${provider}/schema.prisma`, 'utf8')).toBe(deriveSchema(source, provider));
  });
  it.each(PROVIDERS)('%s: the last migration was written from the current model (no unmigrated change)', (provider) => {
    expect(readFileSync(`prisma/${provider}/migrations/schema.snapshot.prisma`, 'utf8')).toBe(deriveSchema(source, provider));
  });
  it('rules/enums.ts is derived from the model, so every list of values has one source', () => {
    expect(readFileSync(ENUMS_FILE, 'utf8')).toBe(deriveEnums(source));
  });
});
