/**
 * The seed at scale `test` on SQLite and on PostgreSQL: the counts, 沅陵县's households, the demo
 * users, and rows written by the driver reading back through Prisma exactly as rows Prisma wrote.
 * PostgreSQL runs when the suite has one (TEST_PG_URL, or the cluster test/global-setup.ts starts);
 * without one it is skipped with the reason, and fails when CI=true.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../api/auth/password.ts';
import { sqliteFileFromUrl } from '../../lib/database-url.ts';
import type { DbHandle } from '../../lib/db.ts';
import { RowBatch } from '../../prisma/seed/generate.ts';
import { DEMO_USERS, isSeeded, seed, type SeedSummary } from '../../prisma/seed/index.ts';
import { REGION } from '../../prisma/seed/tables.ts';
import { BULK_TABLES, PostgresWriter } from '../../prisma/seed/writers.ts';
import { defaultStandards, STANDARD_YEARS } from '../../rules/standards.ts';
import { freshDb, type Provider } from '../helpers/db.ts';
import { inject, requirePart } from '../helpers/env.ts';

const PASSWORD = 'seed-test-password';
const COUNTY = '431222'; // 沅陵县
const endOfYear = (year: number) => new Date(Date.UTC(year, 11, 31));

/** Rows as the database stores them, read with the driver (not Prisma), without the given columns. */
async function rawRows(handle: DbHandle, table: string, ids: string[], omit: string[]): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[];
  if (handle.provider === 'sqlite') {
    const raw = new Database(sqliteFileFromUrl(handle.url) ?? '', { readonly: true });
    try {
      rows = raw.prepare(`SELECT * FROM "${table}" WHERE "id" IN (${ids.map(() => '?').join(', ')}) ORDER BY "id"`).all(...ids) as Record<string, unknown>[];
    } finally {
      raw.close();
    }
  } else {
    const client = new pg.Client({ connectionString: handle.url });
    await client.connect();
    try {
      // to_jsonb renders each column in its stored type's text form (timestamps, booleans, jsonb)
      const result = await client.query<{ j: Record<string, unknown> }>(`SELECT to_jsonb(t) AS j FROM "${table}" t WHERE "id" = ANY($1) ORDER BY "id"`, [ids]);
      rows = result.rows.map((r) => r.j);
    } finally {
      await client.end();
    }
  }
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !omit.includes(k))));
}

function seedSuite(provider: Provider) {
  let handle: DbHandle & { drop: () => Promise<void> };
  let summary: SeedSummary;

  beforeAll(async () => {
    handle = await freshDb(provider);
    summary = await seed(handle, { scale: 'test', demoPassword: PASSWORD });
  });
  afterAll(async () => {
    await handle?.drop();
  });

  it('reports and writes the counts of scale test', async () => {
    const { db } = handle;
    expect(summary).toMatchObject({
      scale: 'test', seed: 2016, regions: 1 + 14 + 134 + 2008 + 6, villages: 6, households: 48, yearRecords: 48 * 3,
      users: DEMO_USERS.map((u) => u.username),
    });
    const levels = await db.region.groupBy({ by: ['level'], _count: { _all: true }, orderBy: { level: 'asc' } });
    expect(Object.fromEntries(levels.map((l) => [l.level, l._count._all]))).toEqual({ PROVINCE: 1, CITY: 14, COUNTY: 134, TOWNSHIP: 2008, VILLAGE: 6 });
    expect(await db.household.count()).toBe(48);
    expect(await db.member.count()).toBe(summary.members);
    expect(summary.members).toBe((await db.household.aggregate({ _sum: { size: true } }))._sum.size);
    expect(await db.householdYear.count()).toBe(144);
    expect(await db.cadre.count()).toBe(summary.cadres);
    expect(await db.cadreAssignment.count()).toBe(summary.assignments);
    expect(await db.region.count({ where: { level: 'COUNTY', isPoor: true } })).toBe(51);
    expect(await db.region.count({ where: { level: 'COUNTY', exitYear: 2016 } })).toBe(2);
    expect(await db.region.count({ where: { level: 'COUNTY', isWestern: true } })).toBe(8);
    expect(await db.pairing.count()).toBe(18);
    expect(await db.configVersion.count({ where: { kind: 'STANDARDS', version: 1 } })).toBe(STANDARD_YEARS.length);
    expect(await isSeeded(db)).toBe(true);
  });

  it('populates 沅陵县 with households that exited before 2017 and households still poor', async () => {
    const households = await handle.db.household.findMany({
      where: { countyId: COUNTY },
      include: { members: { orderBy: { id: 'asc' } }, records: { orderBy: { year: 'asc' } }, ledger: { orderBy: { at: 'asc' } }, responsibles: true },
      orderBy: { code: 'asc' },
    });
    expect(households).toHaveLength(48);
    const exited = households.filter((h) => h.status === 'EXITED');
    const poor = households.filter((h) => h.status === 'POOR');
    expect(exited.length).toBeGreaterThan(0);
    expect(poor.length).toBeGreaterThan(0);
    for (const h of exited) {
      expect(h.exitedYear).not.toBeNull();
      expect(h.exitedYear!).toBeGreaterThanOrEqual(2014);
      expect(h.exitedYear!).toBeLessThan(2017);
      expect(h.benefitsUntil).toEqual(endOfYear(h.exitedYear! + 2));
      expect(h.ledger.map((l) => [l.kind, l.year])).toEqual([['REGISTERED', 2014], ['EXITED', h.exitedYear]]);
      // above the line from the exit year on (the asOfYear record may be a planted fake exit)
      for (const r of h.records.filter((r) => r.year >= h.exitedYear! && r.year < 2016)) {
        expect(r.incomePerCapita).toBeGreaterThan(defaultStandards(r.year).povertyLine);
      }
      for (const r of h.records.filter((r) => r.year < h.exitedYear!)) expect(r.incomePerCapita).toBeLessThan(defaultStandards(r.year).povertyLine);
    }
    for (const h of poor) {
      expect(h.exitedYear).toBeNull();
      expect(h.benefitsUntil).toBeNull();
      expect(h.ledger.map((l) => l.kind)).toEqual(['REGISTERED']);
      for (const r of h.records.filter((r) => r.year < 2016)) expect(r.incomePerCapita).toBeLessThan(defaultStandards(r.year).povertyLine);
    }
    for (const h of households) {
      expect(h.id).toBe(`H${h.code}`);
      expect(h.code.startsWith(h.villageId)).toBe(true);
      expect([h.cityId, h.countyId, h.townshipId]).toEqual(['4312', COUNTY, h.villageId.slice(0, 9)]);
      expect(h.members).toHaveLength(h.size);
      expect(h.members[0].relation).toBe('HEAD');
      expect(h.members[0].name).toBe(h.headName);
      expect(h.records.map((r) => r.year)).toEqual([2014, 2015, 2016]);
      expect(h.records.every((r) => r.source === 'REGISTRY')).toBe(true);
      expect(h.responsibles).toHaveLength(1);
      expect(h.responsibles[0].kind).toBe('HOUSEHOLD_RESPONSIBLE');
    }
  });

  it('gives every poor village a team of a first secretary and two members', async () => {
    const villages = await handle.db.region.findMany({ where: { level: 'VILLAGE' }, orderBy: { id: 'asc' } });
    expect(villages.map((v) => v.parentId)).toEqual(Array(3).fill(villages[0].parentId).concat(Array(3).fill(villages[5].parentId)));
    const poorVillages = villages.filter((v) => v.isPoor);
    expect(poorVillages.length).toBeGreaterThanOrEqual(2);
    for (const v of villages) expect(v.ruralPopulation).toBeGreaterThan(0);
    for (const v of poorVillages) {
      const team = await handle.db.cadreAssignment.findMany({ where: { villageId: v.id, kind: 'VILLAGE_TEAM' }, include: { cadre: true } });
      expect(team.map((a) => a.cadre.position).sort()).toEqual(['FIRST_SECRETARY', 'TEAM_MEMBER', 'TEAM_MEMBER']);
      for (const a of team) expect(a.cadre.regionId).toBe(COUNTY);
    }
    const county = await handle.db.region.findUniqueOrThrow({ where: { id: COUNTY } });
    expect(county).toMatchObject({ isPoor: true, isWestern: false, exitYear: null, ruralPopulation: villages.reduce((s, v) => s + v.ruralPopulation, 0) });
  });

  it('writes the 10 demo users with the demo password', async () => {
    const users = await handle.db.user.findMany({ orderBy: { username: 'asc' } });
    const firstTownship = await handle.db.region.findFirstOrThrow({ where: { parentId: COUNTY }, orderBy: { code: 'asc' } });
    expect(users.map((u) => [u.username, u.role, u.regionId, u.demo, u.active])).toEqual(
      [
        ['admin', 'ADMIN', '43'],
        ['city.supervisor', 'SUPERVISOR', COUNTY.slice(0, 4)],
        ['county.operator', 'COUNTY_OPERATOR', COUNTY],
        ['county.supervisor', 'SUPERVISOR', COUNTY],
        ['evaluator', 'EVALUATOR', '43'],
        ['leader', 'LEADER', '43'],
        ['office', 'OFFICE', '43'],
        ['supervisor', 'SUPERVISOR', '43'],
        ['township.supervisor', 'SUPERVISOR', firstTownship.id],
        ['village.secretary', 'FIRST_SECRETARY', `${firstTownship.id}001`],
      ].map((u) => [...u, true, true]),
    );
    for (const u of users) {
      expect(u.displayName).toMatch(/\p{Script=Han}/u);
      expect(u.createdAt).toBeInstanceOf(Date);
    }
    expect(await verifyPassword(PASSWORD, users[0].passwordHash)).toBe(true);
    expect(await verifyPassword('wrong', users[0].passwordHash)).toBe(false);
  });

  it('reads driver-written rows back through Prisma with their types', async () => {
    const { db } = handle;
    const exited = await db.household.findFirstOrThrow({ where: { status: 'EXITED' }, include: { records: true, ledger: true } });
    expect(exited.benefitsUntil).toBeInstanceOf(Date);
    expect(exited.updatedAt).toEqual(endOfYear(2016));
    expect(exited.records[0].recordedAt).toEqual(endOfYear(exited.records[0].year));
    expect(typeof exited.records[0].foodSecure).toBe('boolean');
    expect(typeof exited.records[0].incomePerCapita).toBe('number');
    expect(exited.ledger[0].at).toBeInstanceOf(Date);
    const member = await db.member.findFirstOrThrow({ where: { householdId: exited.id } });
    expect(typeof member.canWork).toBe('boolean');
    expect(typeof member.inSchool).toBe('boolean');
    const region = await db.region.findUniqueOrThrow({ where: { id: '430225' } });
    expect(region).toMatchObject({ name: '炎陵县', level: 'COUNTY', isPoor: true, exitYear: 2016, policyKeptUntilYear: 2021 });
    for (const year of STANDARD_YEARS) {
      const config = await db.configVersion.findUniqueOrThrow({ where: { kind_year_version: { kind: 'STANDARDS', year, version: 1 } } });
      expect(config.body).toEqual(defaultStandards(year));
    }
  });

  it('stores every value exactly as Prisma stores it', async () => {
    const { db } = handle;
    const h = await db.household.findFirstOrThrow({ where: { status: 'EXITED' }, include: { records: { orderBy: { year: 'asc' } }, ledger: { orderBy: { at: 'asc' } }, members: true } });
    const { records, ledger, members, ...household } = h;
    const copy = `COPY${h.code}`;
    await db.household.create({ data: { ...household, id: copy, code: copy } });
    await db.householdYear.create({ data: { ...records[0], id: `${copy}-Y`, householdId: copy } });
    await db.ledgerEntry.create({ data: { ...ledger[1], id: `${copy}-L`, householdId: copy } });
    await db.member.create({ data: { ...members[0], id: `${copy}-M`, householdId: copy } });
    const config = await db.configVersion.findFirstOrThrow({ where: { kind: 'STANDARDS' } });
    await db.configVersion.create({ data: { ...config, id: 'COPY-CONFIG', kind: 'COPY', body: config.body ?? {} } });
    const region = await db.region.findUniqueOrThrow({ where: { id: '430225' } });
    await db.region.create({ data: { ...region, id: 'COPY-REGION', code: 'COPY-REGION' } });
    const pairs: Array<[table: string, ids: [string, string], omit: string[]]> = [
      ['Household', [h.id, copy], ['id', 'code']],
      ['HouseholdYear', [records[0].id, `${copy}-Y`], ['id', 'householdId']],
      ['LedgerEntry', [ledger[1].id, `${copy}-L`], ['id', 'householdId']],
      ['Member', [members[0].id, `${copy}-M`], ['id', 'householdId']],
      ['ConfigVersion', [config.id, 'COPY-CONFIG'], ['id', 'kind']],
      ['Region', [region.id, 'COPY-REGION'], ['id', 'code']],
    ];
    for (const [table, [seeded, prismaWritten], omit] of pairs) {
      const rows = await rawRows(handle, table, [seeded, prismaWritten], omit);
      expect(rows, table).toHaveLength(2);
      expect(rows[1], table).toEqual(rows[0]);
    }
  });

  it('refuses to seed a seeded database', async () => {
    await expect(seed(handle, { scale: 'test', demoPassword: PASSWORD })).rejects.toThrow(/already seeded/);
  });

  if (provider === 'postgres') {
    it('restores exactly the foreign keys and indexes a bulk (province) load drops and rebuilds', async () => {
      const client = new pg.Client({ connectionString: handle.url });
      await client.connect();
      try {
        const catalog = async () =>
          (
            await client.query(
              `SELECT t.relname AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS def
                 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = ANY($1)
               UNION ALL
               SELECT t.relname, ic.relname, pg_get_indexdef(i.indexrelid)
                 FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid WHERE t.relname = ANY($1)
               ORDER BY 1, 2, 3`,
              [BULK_TABLES],
            )
          ).rows;
        const before = await catalog();
        expect(before.length).toBeGreaterThan(20);
        const writer = await PostgresWriter.open(handle.url, { deferIndexes: true });
        const batch = new RowBatch();
        batch.add(REGION, ['431222102999', '431222102999', '测试村', 'VILLAGE', '431222102', false, false, null, null, 100]);
        await writer.write(batch);
        await writer.finish();
        expect(await catalog()).toEqual(before);
        expect((await handle.db.region.findUniqueOrThrow({ where: { id: '431222102999' } })).parentId).toBe('431222102');
        // the rebuilt foreign key is enforced again
        await expect(client.query(`INSERT INTO "Member" ("id", "householdId", "name", "relation", "gender", "birthYear", "canWork") VALUES ('x', 'no-such-household', 'x', 'HEAD', 'MALE', 1970, true)`)).rejects.toThrow(/foreign key/);
      } finally {
        await client.end();
      }
    });
  }

  if (provider === 'sqlite') {
    it('leaves no dangling foreign key (the SQLite writer runs with foreign keys off)', () => {
      const raw = new Database(sqliteFileFromUrl(handle.url) ?? '', { readonly: true });
      try {
        expect(raw.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      } finally {
        raw.close();
      }
    });
  }
}

describe('seed on SQLite', () => seedSuite('sqlite'));

describe.runIf(requirePart(inject('pgTemplateDb') !== null, 'PostgreSQL (set TEST_PG_URL; .ci/run starts one)'))('seed on PostgreSQL', () =>
  seedSuite('postgres'),
);
