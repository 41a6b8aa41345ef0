/**
 * Department facts (行业部门数据比对, seed item 18): education, medical insurance, housing safety and
 * drinking water each upload a CSV per year; each row confirms or overrides one guarantee of one
 * registered household. A file is decoded (csv-parse), validated whole by the rules
 * (rules/exit-verification/department-facts.ts parseDepartmentRows) against the register's codes
 * inside the caller's scope, and either stored whole — one DepartmentImport and its facts in one
 * transaction — or refused whole with every bad row named, storing nothing.
 */
import { parse } from 'csv-parse/sync';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { Prisma, type Db } from '../../lib/db.ts';
import { DEPARTMENTS, MAX_LISTED_ERRORS, parseDepartmentRows, type RowError } from '../../rules/exit-verification/department-facts.ts';
import { isWithin } from '../../rules/regions.ts';
import { setAudit } from '../audit.ts';
import { authorize, currentUser, type AppDeps, type SessionUser } from '../context.ts';
import { HttpError, IdFilter, idWhere, notFound, parseInput, parseList, sendList } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { householdScope, type ListWhere } from '../scope.ts';
import { chunks, householdInRegionSql, num } from '../scope-sql.ts';

/** The largest department file accepted (a province's file of ~2 million rows is about 60 MB). */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;
/** Facts written per createMany (Prisma splits it further to the driver's parameter limit). */
const WRITE_CHUNK = 1000;
const Year = z.number().int().min(2013).max(2100);

export const ImportQuery = z
  .object({
    department: z.enum(DEPARTMENTS),
    year: z.coerce.number().pipe(Year),
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((name) => ![...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '/' || ch === '\\'), 'a file name without control characters or slashes'),
  })
  .strict();

export const ImportFilter = z
  .object({ department: z.enum(DEPARTMENTS).optional(), year: Year.optional(), id: IdFilter.optional() })
  .strict();
const IMPORT_SORTABLE = ['importedAt', 'year', 'department', 'rows', 'fileName'] as const;
export const ImportShorthand = z.object({ department: z.enum(DEPARTMENTS).optional(), year: z.coerce.number().pipe(Year).optional() }).strict();

/** the plain parameters as documented (the year is coerced from the query string) */
export const ImportShorthandDoc = ImportShorthand.extend({ year: Year.optional() });

const FactFilter = z
  .object({ householdCode: z.string().min(1).max(40).optional(), year: Year.optional(), importId: z.string().min(1).max(40).optional(), id: IdFilter.optional() })
  .strict();
const FactShorthand = z
  .object({ householdCode: z.string().min(1).max(40).optional(), year: z.coerce.number().pipe(Year).optional(), importId: z.string().min(1).max(40).optional() })
  .strict();
const FACT_SORTABLE = ['householdCode', 'row', 'year', 'criterion'] as const;

export const DepartmentImportView = z.object({
  id: z.string(),
  department: z.enum(DEPARTMENTS),
  year: z.number(),
  fileName: z.string(),
  rows: z.number(),
  importedById: z.string(),
  importedByName: z.string().nullable(),
  importedAt: z.string(),
});

documentRoute({
  method: 'post',
  path: '/api/department-imports',
  summary:
    "Import a department's facts for a year (行业部门数据): a CSV file (UTF-8, optional BOM; headers in English or Chinese). Any bad row refuses the whole file (400 INVALID_FILE, each bad row in details, errorCount beside them) and nothing is stored",
  tag: 'department-facts',
  query: ImportQuery.extend({ year: Year }),
  bodyContent: { mediaType: 'text/csv', schema: z.string(), description: `the department's CSV file, at most ${MAX_CSV_BYTES / 1024 / 1024} MB` },
  status: 201,
  response: DepartmentImportView.extend({ ignoredColumns: z.array(z.string()) }),
  errors: [415],
});
documentRoute({ method: 'get', path: '/api/department-imports', summary: 'Department files imported (filter department, year; also ?department=&year=)', tag: 'department-facts', query: ImportShorthandDoc, list: { filter: ImportFilter, sortable: IMPORT_SORTABLE, resource: 'department-imports' }, response: z.array(DepartmentImportView) });
documentRoute({ method: 'get', path: '/api/department-imports/:id', summary: 'One imported department file', tag: 'department-facts', response: DepartmentImportView, errors: [404] });
documentRoute({
  method: 'get',
  path: '/api/department-facts',
  summary: "Department facts of the households in scope, with their provenance (filter householdCode, year, importId; also as plain parameters)",
  tag: 'department-facts',
  query: FactShorthand.extend({ year: Year.optional() }),
  list: { filter: FactFilter, sortable: FACT_SORTABLE, resource: 'department-facts' },
  response: z.array(z.object({ id: z.string(), importId: z.string(), householdCode: z.string(), year: z.number(), criterion: z.string(), value: z.boolean(), row: z.number(), note: z.string().nullable(), department: z.string(), fileName: z.string(), importedAt: z.string() })),
});

/** Codes of `codes` that are registered households inside `region`. */
async function registeredIn(db: Db, region: string, codes: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const part of chunks([...new Set(codes)], 500)) {
    const rows = await db.household.findMany({ where: { AND: [householdScope(region), { code: { in: part } }] }, select: { code: true } });
    for (const r of rows) known.add(r.code);
  }
  return known;
}

/** Users whose imports a reader may see: importers whose scope nests with the reader's (above or inside it). */
async function visibleImporters(db: Db, user: SessionUser): Promise<string[]> {
  const users = await db.user.findMany({ select: { id: true, regionId: true } });
  return users.filter((u) => isWithin(u.regionId, user.regionId) || isWithin(user.regionId, u.regionId)).map((u) => u.id);
}

type ImportRow = { id: string; department: string; year: number; fileName: string; rows: number; importedById: string; importedAt: Date };

export async function withImporterNames(db: Db, rows: ImportRow[]) {
  const ids = [...new Set(rows.map((r) => r.importedById))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({ ...r, importedAt: r.importedAt.toISOString(), importedByName: names.get(r.importedById) ?? null }));
}

/** Refuses a body that is not CSV before reading it (415), and wrong roles before reading 64 MB (403). */
function beforeUpload(req: Request, res: Response, next: NextFunction) {
  setAudit(res, { action: 'DEPARTMENT_IMPORT', targetType: 'DEPARTMENT_IMPORT' });
  authorize(res, 'department.import');
  // a body of another type (an empty body has none: it reads as a file without rows)
  if (req.is(['text/csv', 'text/plain', 'application/csv']) === false) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as text/csv (UTF-8)');
  }
  next();
}

/** The department-import list's where-condition (list and export): the files of importers whose scope nests with the caller's. */
export async function departmentImportListWhere(db: Db, user: SessionUser, filter: z.infer<typeof ImportFilter>): Promise<ListWhere<Prisma.DepartmentImportWhereInput>> {
  const { id, ...rest } = filter;
  return { where: { AND: [{ importedById: { in: await visibleImporters(db, user) } }, idWhere(id), rest] }, region: null };
}

export function departmentImportsRouter({ db }: AppDeps): Router {
  const router = Router();

  router.post(
    '/department-imports',
    beforeUpload,
    express.raw({ type: ['text/csv', 'text/plain', 'application/csv'], limit: MAX_CSV_BYTES }),
    async (req, res) => {
      const user = currentUser(res);
      const query = parseInput(ImportQuery, req.query, 'query');
      const audit = { action: 'DEPARTMENT_IMPORT', targetType: 'DEPARTMENT_IMPORT', regionId: user.regionId };
      setAudit(res, { ...audit, details: { department: query.department, year: query.year, fileName: query.fileName } });
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const refuse = (errors: RowError[], errorCount: number, rows: number) => {
        setAudit(res, { ...audit, details: { department: query.department, year: query.year, fileName: query.fileName, bytes: bytes.length, rows, errorCount } });
        return new HttpError(400, 'INVALID_FILE', `the file has ${errorCount} error${errorCount === 1 ? '' : 's'}${errorCount > errors.length ? ` (the first ${errors.length} listed)` : ''}; nothing was imported`, errors, { errorCount });
      };

      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw refuse([{ row: 1, field: '(file)', code: 'FILE_NOT_UTF8', message: 'the file is not UTF-8 text (save it as CSV UTF-8)' }], 1, 0);
      }
      if (text.includes('\0')) throw refuse([{ row: 1, field: '(file)', code: 'FILE_NUL', message: 'the file contains a NUL character (not a text CSV file)' }], 1, 0);
      let records: { record: string[]; info: { lines: number } }[];
      try {
        // relaxed column count: a short or long row is named as a bad row below, not as an unreadable file
        records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
      } catch (err) {
        const e = err as { message?: string; lines?: number };
        throw refuse([{ row: e.lines ?? 1, field: '(file)', code: 'FILE_NOT_CSV', params: { detail: e.message ?? 'parse error' }, message: `not valid CSV: ${e.message ?? 'parse error'}` }], 1, 0);
      }
      const [head, ...data] = records;
      const headers = head?.record ?? [];
      // the line of each data row in the file (header = 1): blank lines are skipped, quoted cells may span lines
      const lineOf = (rulesRow: number) => data[rulesRow - 2]?.info.lines ?? rulesRow;
      const rows = data.map(({ record }) => Object.fromEntries(headers.map((h, i) => [h, record[i]])));
      const shapeErrors: RowError[] = data
        .filter(({ record }) => record.length !== headers.length)
        .map(({ record, info }): RowError => ({ row: info.lines, field: '(row)', value: String(record.length), code: 'ROW_CELL_COUNT', params: { cells: record.length, expected: headers.length }, message: `the row has ${record.length} cells, the header ${headers.length}` }));
      const codeIndex = headers.findIndex((h) => ['householdcode', '户编号'].includes(h.trim().toLowerCase()));
      const fileCodes = codeIndex < 0 ? [] : data.map(({ record }) => (record[codeIndex] ?? '').trim()).filter(Boolean);
      const knownHouseholdCodes = await registeredIn(db, user.regionId, fileCodes);
      const importedAt = new Date();
      const batchId = randomUUID(); // the import's id, known before writing so that every fact names it
      const parsed = parseDepartmentRows({
        department: query.department,
        batchId,
        fileName: query.fileName,
        importedAt: importedAt.toISOString(),
        year: query.year,
        headers,
        rows,
        knownHouseholdCodes,
      });
      const result: typeof parsed =
        parsed.ok && shapeErrors.length === 0
          ? { ...parsed, facts: parsed.facts.map((f) => ({ ...f, provenance: { ...f.provenance, row: lineOf(f.provenance.row) } })) }
          : (() => {
              const ruleErrors = parsed.ok ? [] : parsed.errors.map((e) => ({ ...e, row: e.row >= 2 ? lineOf(e.row) : e.row }));
              const errors = [...shapeErrors, ...ruleErrors].sort((a, b) => a.row - b.row).slice(0, MAX_LISTED_ERRORS);
              return { ok: false as const, errors, errorCount: shapeErrors.length + (parsed.ok ? 0 : parsed.errorCount) };
            })();
      if (!result.ok) {
        // a code in the register but outside the caller's scope is named as such, not as unknown
        const unknown = result.errors.filter((e) => e.code === 'HOUSEHOLD_UNKNOWN' && e.value);
        if (unknown.length) {
          const elsewhere = await db.household.findMany({ where: { code: { in: [...new Set(unknown.map((e) => e.value!))] } }, select: { code: true } });
          const outside = new Set(elsewhere.map((h) => h.code));
          for (const e of unknown) {
            if (!outside.has(e.value!)) continue;
            e.code = 'HOUSEHOLD_OUTSIDE_SCOPE';
            e.params = { scope: user.regionId };
            e.message = `household ${e.value} is outside your scope (${user.regionId})`;
          }
        }
        throw refuse(result.errors, result.errorCount, data.length);
      }

      await db.$transaction(
        async (tx) => {
          await tx.departmentImport.create({
            data: { id: batchId, department: query.department, year: query.year, fileName: query.fileName, rows: result.facts.length, importedById: user.id, importedAt },
          });
          for (const part of chunks(result.facts, WRITE_CHUNK)) {
            await tx.departmentFact.createMany({
              data: part.map((f) => ({ importId: batchId, householdCode: f.householdCode, year: f.year, criterion: f.criterion, value: f.value, row: f.provenance.row, note: f.note ?? null })),
            });
          }
        },
        { timeout: 120_000, maxWait: 10_000 },
      );
      setAudit(res, {
        ...audit,
        targetId: batchId,
        details: { department: query.department, year: query.year, fileName: query.fileName, bytes: bytes.length, rows: result.facts.length, ignoredColumns: result.ignoredColumns },
      });
      const [view] = await withImporterNames(db, [{ id: batchId, department: query.department, year: query.year, fileName: query.fileName, rows: result.facts.length, importedById: user.id, importedAt }]);
      res.status(201).json({ ...view, ignoredColumns: result.ignoredColumns });
    },
  );

  router.get('/department-imports', async (req, res) => {
    const user = authorize(res, 'department.read');
    const { department, year, ...listParams } = req.query;
    const shorthand = parseInput(ImportShorthand, { department, year }, 'query');
    const { filter, sort, range } = parseList(listParams, ImportFilter, IMPORT_SORTABLE, ['importedAt', 'DESC']);
    const { where } = await departmentImportListWhere(db, user, { ...filter, ...Object.fromEntries(Object.entries(shorthand).filter(([, v]) => v !== undefined)) });
    const [rows, total] = await Promise.all([
      db.departmentImport.findMany({ where, orderBy: [{ [sort.field]: sort.order }, { id: 'asc' }], skip: range.skip, take: range.take }),
      db.departmentImport.count({ where }),
    ]);
    sendList(res, 'department-imports', await withImporterNames(db, rows), total, range.start);
  });

  router.get('/department-imports/:id', async (req, res) => {
    const user = authorize(res, 'department.read');
    const row = await db.departmentImport.findFirst({ where: { id: req.params.id, importedById: { in: await visibleImporters(db, user) } } });
    if (!row) throw notFound(`department import ${req.params.id}`);
    res.json((await withImporterNames(db, [row]))[0]);
  });

  router.get('/department-facts', async (req, res) => {
    const user = authorize(res, 'department.read');
    const { householdCode, year, importId, ...listParams } = req.query;
    const shorthand = parseInput(FactShorthand, { householdCode, year, importId }, 'query');
    const { filter, sort, range } = parseList(listParams, FactFilter, FACT_SORTABLE, ['householdCode', 'ASC']);
    const f = { ...filter, ...Object.fromEntries(Object.entries(shorthand).filter(([, v]) => v !== undefined)) } as z.infer<typeof FactFilter>;
    // scoped by the household's region: facts join the register on the household code
    const conditions: Prisma.Sql[] = [householdInRegionSql('h', user.regionId)];
    if (f.householdCode) conditions.push(Prisma.sql`f."householdCode" = ${f.householdCode}`);
    if (f.year !== undefined) conditions.push(Prisma.sql`f."year" = ${f.year}`);
    if (f.importId) conditions.push(Prisma.sql`f."importId" = ${f.importId}`);
    if (f.id !== undefined) {
      const ids = Array.isArray(f.id) ? [...new Set(f.id)] : [f.id];
      // an empty list names no fact (and `IN ()` is not SQL)
      conditions.push(ids.length ? Prisma.sql`f."id" IN (${Prisma.join(ids)})` : Prisma.sql`1 = 0`);
    }
    const where = Prisma.join(conditions, ' AND ');
    const from = Prisma.sql`FROM "DepartmentFact" f JOIN "Household" h ON h."code" = f."householdCode" WHERE ${where}`;
    const order = Prisma.raw(`f."${sort.field}" ${sort.order === 'desc' ? 'DESC' : 'ASC'}, f."id" ASC`);
    const [page, counted] = await Promise.all([
      db.$queryRaw<{ id: string }[]>`SELECT f."id" AS id ${from} ORDER BY ${order} LIMIT ${range.take} OFFSET ${range.skip}`,
      db.$queryRaw<{ n: unknown }[]>`SELECT COUNT(*) AS n ${from}`,
    ]);
    const facts = page.length
      ? await db.departmentFact.findMany({ where: { id: { in: page.map((p) => p.id) } }, include: { import: { select: { department: true, fileName: true, importedAt: true } } } })
      : [];
    const byId = new Map(facts.map((x) => [x.id, x]));
    const rows = page
      .map((p) => byId.get(p.id))
      .filter((x) => x !== undefined)
      .map(({ import: imp, ...fact }) => ({ ...fact, department: imp.department, fileName: imp.fileName, importedAt: imp.importedAt.toISOString() }));
    sendList(res, 'department-facts', rows, num(counted[0]?.n), range.start);
  });

  return router;
}
