/**
 * The tables the seed writes with the database driver, column by column, in the order of the
 * positional rows the generator produces. Column names are the Prisma field names; the types say
 * how each provider stores a value so that Prisma reads it back as if it had written it itself
 * (checked in test/db/seed.test.ts):
 *
 * | type   | SQLite (better-sqlite3)                 | PostgreSQL                      |
 * | ------ | --------------------------------------- | ------------------------------- |
 * | bool   | INTEGER 0 / 1                           | boolean                         |
 * | date   | TEXT `2016-12-31T00:00:00.000+00:00`    | timestamp(3), UTC wall time     |
 * | json   | TEXT, JSON.stringify                    | jsonb                           |
 * | enum   | TEXT                                    | the Prisma enum type            |
 *
 * Rows carry dates as ISO strings ending in `Z` (`Date#toISOString`); the writers convert (in
 * PostgreSQL, a cast to timestamp(3) ignores the `Z`: the wall time is UTC, as Prisma writes it).
 */
export type ColumnType = 'text' | 'int' | 'float' | 'bool' | 'date' | 'json' | 'enum';

export interface Column {
  name: string;
  type: ColumnType;
  /** the column's PostgreSQL type, for casts (enums: the Prisma enum's type) */
  pgType: string;
}

export interface Table {
  name: string;
  columns: Column[];
}

export type Value = string | number | boolean | null | object;
export type Row = Value[];

type PlainType = Exclude<ColumnType, 'enum'>;
const PG_TYPES: Record<PlainType, string> = {
  text: 'text', int: 'integer', float: 'double precision', bool: 'boolean', date: 'timestamp(3)', json: 'jsonb',
};

/** `spec`: column name → type, `enum:<EnumName>` for a Prisma enum */
function table(name: string, spec: Record<string, PlainType | `enum:${string}`>): Table {
  return {
    name,
    columns: Object.entries(spec).map(([col, type]): Column =>
      type.startsWith('enum:') ? { name: col, type: 'enum', pgType: `"${type.slice(5)}"` } : { name: col, type: type as PlainType, pgType: PG_TYPES[type as PlainType] },
    ),
  };
}

export const REGION = table('Region', {
  id: 'text', code: 'text', name: 'text', level: 'enum:RegionLevel', parentId: 'text', isPoor: 'bool', isWestern: 'bool',
  exitYear: 'int', policyKeptUntilYear: 'int', ruralPopulation: 'int',
});

export const HOUSEHOLD = table('Household', {
  id: 'text', code: 'text', headName: 'text', size: 'int', status: 'enum:HouseholdStatus', povertyCause: 'text', registeredYear: 'int',
  exitedYear: 'int', benefitsUntil: 'date', cityId: 'text', countyId: 'text', townshipId: 'text', villageId: 'text',
  updatedAt: 'date',
});

export const MEMBER = table('Member', {
  id: 'text', householdId: 'text', name: 'text', relation: 'text', gender: 'text', birthYear: 'int', canWork: 'bool',
  inSchool: 'bool', disabled: 'bool',
});

export const HOUSEHOLD_YEAR = table('HouseholdYear', {
  id: 'text', householdId: 'text', year: 'int', incomePerCapita: 'float', foodSecure: 'bool', clothingSecure: 'bool',
  educationSecured: 'bool', medicalSecured: 'bool', housingSafe: 'bool', drinkingWaterSafe: 'bool',
  rigidSpending: 'float', source: 'enum:ValueSource', recordedAt: 'date',
});

export const LEDGER_ENTRY = table('LedgerEntry', {
  id: 'text', householdId: 'text', kind: 'enum:LedgerKind', year: 'int', at: 'date', reason: 'text', workflowId: 'text',
  actorId: 'text',
});

export const CADRE = table('Cadre', {
  id: 'text', code: 'text', name: 'text', gender: 'text', unit: 'text', position: 'enum:CadrePosition', regionId: 'text',
  active: 'bool',
});

export const CADRE_ASSIGNMENT = table('CadreAssignment', {
  id: 'text', cadreId: 'text', kind: 'enum:AssignmentKind', villageId: 'text', householdId: 'text', startYear: 'int', endYear: 'int',
});

export const PAIRING = table('Pairing', {
  id: 'text', kind: 'text', helperCode: 'text', helperName: 'text', helpedCode: 'text', helpedName: 'text',
  mapping: 'text',
});

export const USER = table('User', {
  id: 'text', username: 'text', displayName: 'text', passwordHash: 'text', role: 'enum:Role', regionId: 'text',
  active: 'bool', demo: 'bool', createdAt: 'date',
});

export const CONFIG_VERSION = table('ConfigVersion', {
  id: 'text', kind: 'text', year: 'int', version: 'int', body: 'json', createdById: 'text', createdAt: 'date',
});

/** Insertion order that satisfies the foreign keys (parents first). */
export const TABLES_IN_ORDER: Table[] = [
  REGION, HOUSEHOLD, MEMBER, HOUSEHOLD_YEAR, LEDGER_ENTRY, CADRE, CADRE_ASSIGNMENT, PAIRING, USER, CONFIG_VERSION,
];
