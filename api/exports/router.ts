/**
 * The Export button of every console list (导出): `GET /api/exports/<resource>?filter=…&format=csv|xlsx`
 * streams the whole list — the list's own filter, inside the caller's scope — as CSV (default) or
 * XLSX, read in keyset pages by id and written by the ledgers' streaming writer
 * (api/ledgers/tabular.ts streamTable), so a province-wide export never sits in memory. Every
 * export is audited (EXPORT: who, which resource, which filter, how many rows, and the outcome),
 * refused ones included.
 *
 * The where-condition of each export is the list route's own (the function each resource's module
 * exports, e.g. regionListWhere): an export names the same rows as its list, inside the same scope.
 */
import { Router } from 'express';
import { z } from 'zod';
import { auditData } from '../../activities/audit.ts';
import type { Db, Prisma } from '../../lib/db.ts';
import type { Action } from '../../rules/policy.ts';
import { prefixRange } from '../../rules/regions.ts';
import { Filter as AuditFilter, auditEventListWhere } from '../audit-events/router.ts';
import { Filter as CadreFilter, cadreListWhere } from '../cadres/router.ts';
import { authorize, type AppDeps, type SessionUser } from '../context.ts';
import { Filter as CycleFilter, cycleListWhere } from '../cycles/router.ts';
import { householdListWhere } from '../households/router.ts';
import { HouseholdFilter } from '../households/schemas.ts';
import { departmentImportListWhere, ImportFilter, ImportShorthand, ImportShorthandDoc, withImporterNames } from '../department-imports/router.ts';
import { EXIT_FLAG_FROM, exitFlagListWhere, Filter as ExitFlagFilter, hydrateExitFlags, Shorthand as ExitFlagShorthand } from '../exit-flags/router.ts';
import { exitVillageListWhere, VillageFilter } from '../exit-verification/router.ts';
import { HttpError, parseInput, parseList } from '../http.ts';
import { EXPORT_FORMATS, HEADER_LANGS, CONTENT_TYPE, streamTable, type Column } from '../ledgers/tabular.ts';
import { documentRoute } from '../openapi.ts';
import { Filter as RankingFilter, rankingListWhere } from '../rankings/router.ts';
import { Filter as NotificationFilter, notificationListWhere } from '../notifications/router.ts';
import { RegionFilter, regionListWhere } from '../regions/router.ts';
import { Filter as ReturnRequestFilter, returnRequestListWhere } from '../return-requests/router.ts';
import type { ListWhere } from '../scope.ts';
import { taskListWhere } from '../tasks/router.ts';
import { Filter as SampleFilter, sampleEntryListWhere, sampleEntryViews, Shorthand as SampleShorthand } from '../samples/router.ts';
import { TaskFilter } from '../tasks/schemas.ts';

/** The export's documented query: format and lang, and the plain parameters its list takes. */
function exportQueryDoc(shorthand: ExportResource<z.ZodType>['shorthand']): z.ZodObject {
  return shorthand ? ExportQuery.extend((shorthand.documented ?? shorthand.schema).shape) : ExportQuery;
}

const definedOnly = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Rows read per keyset page of an export. */
export const EXPORT_BATCH = 1000;

const ExportQuery = z.object({ format: z.enum(EXPORT_FORMATS).optional(), lang: z.enum(HEADER_LANGS).optional() }).strict();

type Row = Record<string, unknown> & { id: string };

interface ExportResource<F extends z.ZodType> {
  filter: F;
  /** the scoped where-condition of the list with this filter (throws 403 outside scope) */
  where: (ctx: { db: Db; user: SessionUser }, filter: z.infer<F>) => Promise<ListWhere<unknown>>;
  /** one keyset page: rows with id > after, by id */
  page: (db: Db, where: unknown, after: string | null, take: number, user: SessionUser) => Promise<Row[]>;
  /** batches read another way than by id (households: by village, see householdBatches) */
  batches?: (db: Db, where: unknown, region: string | null) => AsyncGenerator<Row[]>;
  columns: Column<Row>[];
  zh: string;
  /**
   * the plain query parameters the list also takes (`?cycleId=…` beside `filter=`), merged as the
   * list merges them: `over` when they win over the same key in `filter`, as in the list route
   */
  shorthand?: { schema: z.ZodObject; over: boolean; /** as the list documents it, when the schema coerces */ documented?: z.ZodObject };
}

const col = (key: string, zh: string, en: string, width?: number, value?: (r: Row) => unknown): Column<Row> => ({
  key,
  zh,
  en,
  width,
  value: (r) => {
    const v = value ? value(r) : r[key];
    return v === undefined ? null : (v as string | number | boolean | Date | null);
  },
});
const after = (id: string | null) => (id ? { id: { gt: id } } : {});

/** Region names of a page, read once per page (bounded by the page size). */
async function withRegionNames(db: Db, rows: Row[], key: string, as: string): Promise<Row[]> {
  const ids = [...new Set(rows.map((r) => r[key]).filter((v): v is string => typeof v === 'string'))];
  const names = new Map((await db.region.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]));
  return rows.map((r) => ({ ...r, [as]: names.get(r[key] as string) ?? null }));
}

/** Villages whose households one step of a household export reads (about 40 households each). */
export const VILLAGE_BATCH = 25;

/**
 * The households of `region` matching `where`, a batch of villages at a time (the region's
 * villages in keyset pages of the Region table's primary key), each batch's households by the
 * (villageId, status) index and sorted within the batch only. Paging the households themselves by
 * id would make every page sort the whole scope (no index serves "inside the region, by id": SQLite
 * plans a temporary B-tree over the scope for each page), quadratic over a province.
 */
async function* householdBatches(db: Db, where: Prisma.HouseholdWhereInput, region: string): AsyncGenerator<Row[]> {
  const range = prefixRange(region);
  let afterVillage: string | null = null;
  for (;;) {
    const villages: { id: string; name: string }[] = await db.region.findMany({
      where: { level: 'VILLAGE', id: { gte: range.gte, lt: range.lt, ...(afterVillage ? { gt: afterVillage } : {}) } },
      orderBy: { id: 'asc' },
      take: VILLAGE_BATCH,
      select: { id: true, name: true },
    });
    if (villages.length === 0) return;
    afterVillage = villages[villages.length - 1].id;
    const names = new Map(villages.map((v) => [v.id, v.name]));
    const rows = await db.household.findMany({ where: { AND: [where, { villageId: { in: [...names.keys()] } }] }, orderBy: [{ villageId: 'asc' }, { code: 'asc' }] });
    if (rows.length) yield rows.map((r) => ({ ...r, villageName: names.get(r.villageId) ?? null }));
    if (villages.length < VILLAGE_BATCH) return;
  }
}

const resources = {
  households: {
    zh: '建档立卡户',
    filter: HouseholdFilter,
    where: ({ db, user }, f) => householdListWhere(db, user, f),
    async page(db, where, id, take) {
      const rows = await db.household.findMany({ where: { AND: [where as Prisma.HouseholdWhereInput, after(id)] }, orderBy: { id: 'asc' }, take });
      return withRegionNames(db, rows, 'villageId', 'villageName');
    },
    batches: (db, where, region) => householdBatches(db, where as Prisma.HouseholdWhereInput, region ?? '43'),
    columns: [
      col('code', '户编号', 'Household code', 20),
      col('headName', '户主', 'Head of household', 10),
      col('size', '人口', 'Members'),
      col('status', '状态', 'Status', 10),
      col('povertyCause', '致贫原因', 'Poverty cause', 14),
      col('registeredYear', '识别年度', 'Registered in'),
      col('exitedYear', '脱贫年度', 'Exited in'),
      col('villageName', '村', 'Village', 14),
      col('villageId', '村区划代码', 'Village code', 14),
      col('townshipId', '乡镇区划代码', 'Township code', 12),
      col('countyId', '县区划代码', 'County code', 10),
    ],
  } satisfies ExportResource<typeof HouseholdFilter>,
  cadres: {
    zh: '干部',
    filter: CadreFilter,
    where: ({ db, user }, f) => cadreListWhere(db, user, f),
    async page(db, where, id, take) {
      const rows = await db.cadre.findMany({ where: { AND: [where as Prisma.CadreWhereInput, after(id)] }, orderBy: { id: 'asc' }, take });
      return withRegionNames(db, rows, 'regionId', 'regionName');
    },
    columns: [
      col('code', '编号', 'Code', 16),
      col('name', '姓名', 'Name', 10),
      col('gender', '性别', 'Gender'),
      col('position', '职务', 'Position', 18),
      col('unit', '单位', 'Unit', 24),
      col('regionName', '所属地区', 'Region', 12),
      col('regionId', '区划代码', 'Division code', 12),
      col('active', '在岗', 'Active'),
    ],
  } satisfies ExportResource<typeof CadreFilter>,
  regions: {
    zh: '行政区划',
    filter: RegionFilter,
    where: ({ db, user }, f) => regionListWhere(db, user, f),
    page: (db, where, id, take) => db.region.findMany({ where: { AND: [where as Prisma.RegionWhereInput, after(id)] }, orderBy: { id: 'asc' }, take }),
    columns: [
      col('code', '区划代码', 'Division code', 14),
      col('name', '名称', 'Name', 18),
      col('level', '层级', 'Level', 10),
      col('parentId', '上级代码', 'Parent code', 12),
      col('isPoor', '贫困地区', 'Poor'),
      col('isWestern', '西部标准', 'Western threshold'),
      col('exitYear', '退出年度', 'Exit year'),
      col('ruralPopulation', '农村人口', 'Rural population'),
    ],
  } satisfies ExportResource<typeof RegionFilter>,
  tasks: {
    zh: '待办任务',
    filter: TaskFilter,
    where: async ({ user }, f) => taskListWhere(user, f),
    async page(db, where, id, take) {
      const rows = await db.task.findMany({
        where: { AND: [where as Prisma.TaskWhereInput, after(id)] },
        orderBy: { id: 'asc' },
        take,
        select: { id: true, title: true, status: true, processType: true, step: true, level: true, regionId: true, assignedRole: true, subjectLabel: true, dueAt: true, decision: true, comment: true, decidedAt: true, createdAt: true },
      });
      return withRegionNames(db, rows, 'regionId', 'regionName');
    },
    columns: [
      col('title', '任务', 'Task', 30),
      col('status', '状态', 'Status'),
      col('processType', '流程', 'Process', 18),
      col('step', '环节', 'Step', 18),
      col('subjectLabel', '对象', 'Subject', 20),
      col('level', '层级', 'Level'),
      col('regionName', '地区', 'Region', 14),
      col('regionId', '区划代码', 'Division code', 14),
      col('assignedRole', '办理角色', 'Role', 12),
      { ...col('dueAt', '截止时间', 'Due (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm' },
      col('decision', '决定', 'Decision'),
      col('comment', '意见', 'Comment', 30),
      { ...col('decidedAt', '办理时间', 'Decided (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm' },
      col('id', '任务编号', 'Task id', 26),
    ],
  } satisfies ExportResource<typeof TaskFilter>,
  'return-requests': {
    zh: '返贫申请',
    filter: ReturnRequestFilter,
    where: async ({ user }, f) => returnRequestListWhere(user, f),
    async page(db, where, id, take) {
      const rows = await db.returnRequest.findMany({
        where: { AND: [where as Prisma.ReturnRequestWhereInput, after(id)] },
        orderBy: { id: 'asc' },
        take,
        include: { household: { select: { code: true, headName: true, villageId: true } } },
      });
      const users = new Map((await db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.requestedById))] } }, select: { id: true, username: true } })).map((u) => [u.id, u.username]));
      return rows.map(({ household, ...r }) => ({ ...r, householdCode: household.code, headName: household.headName, villageId: household.villageId, requestedBy: users.get(r.requestedById) ?? r.requestedById }));
    },
    columns: [
      col('householdCode', '户编号', 'Household code', 20),
      col('headName', '户主', 'Head of household', 10),
      col('villageId', '村区划代码', 'Village code', 14),
      col('status', '状态', 'Status', 10),
      col('reason', '原因', 'Reason', 30),
      col('requestedBy', '申请人', 'Requested by', 14),
      { ...col('createdAt', '申请时间', 'Requested (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm' },
      { ...col('decidedAt', '决定时间', 'Decided (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm' },
      col('workflowId', '流程编号', 'Workflow id', 30),
    ],
  } satisfies ExportResource<typeof ReturnRequestFilter>,
  'audit-events': {
    zh: '审计日志',
    filter: AuditFilter,
    where: async ({ user }, f) => auditEventListWhere(user, f),
    page: (db, where, id, take) => db.auditEvent.findMany({ where: { AND: [where as Prisma.AuditEventWhereInput, after(id)] }, orderBy: { id: 'asc' }, take }),
    columns: [
      { ...col('at', '时间', 'At (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm:ss' },
      col('actorName', '操作人', 'Actor', 14),
      col('actorRole', '角色', 'Role', 12),
      col('action', '操作', 'Action', 22),
      col('targetType', '对象类型', 'Target type', 14),
      col('targetId', '对象', 'Target', 26),
      col('regionId', '区划代码', 'Division code', 14),
      col('outcome', '结果', 'Outcome', 10),
      col('details', '详情', 'Details', 40, (r) => JSON.stringify(r.details ?? null)),
    ],
  } satisfies ExportResource<typeof AuditFilter>,
  cycles: {
    zh: '年度周期',
    filter: CycleFilter,
    where: async (_ctx, f) => cycleListWhere(f),
    page: (db, where, id, take) => db.cycle.findMany({ where: { AND: [where as Prisma.CycleWhereInput, after(id)] }, orderBy: { id: 'asc' }, take, omit: { config: true, progress: true } }),
    columns: [
      col('type', '类型', 'Type', 18),
      col('year', '年度', 'Year'),
      col('regionId', '区划代码', 'Division code', 12),
      col('status', '状态', 'Status', 12),
      col('stage', '阶段', 'Stage', 22),
      { ...col('createdAt', '启动时间', 'Started (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm' },
      { ...col('completedAt', '结束时间', 'Completed (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm' },
      col('workflowId', '流程编号', 'Workflow id', 30),
    ],
  } satisfies ExportResource<typeof CycleFilter>,
  /** one row per county of each ranking snapshot: year, version, status, county, rank, total */
  rankings: {
    zh: '排名',
    filter: RankingFilter,
    where: async ({ user }, f) => rankingListWhere(user, f),
    async page(db, where, id, take) {
      // a snapshot holds a province's counties (about 130 entries): a page of 10 snapshots is about a batch
      const snapshots = await db.rankingSnapshot.findMany({ where: { AND: [where as Prisma.RankingSnapshotWhereInput, after(id)] }, orderBy: { id: 'asc' }, take: Math.max(1, Math.floor(take / 100)) });
      const rows: Row[] = [];
      for (const s of snapshots) {
        const entries = (Array.isArray(s.entries) ? s.entries : []) as { regionId?: unknown; name?: unknown; rank?: unknown; total?: unknown }[];
        if (entries.length === 0) rows.push({ id: s.id, year: s.year, version: s.version, status: s.status, publishedAt: s.publishedAt, regionId: null, rank: null, total: null });
        for (const e of entries) rows.push({ id: s.id, year: s.year, version: s.version, status: s.status, publishedAt: s.publishedAt, regionId: typeof e.regionId === 'string' ? e.regionId : null, rank: typeof e.rank === 'number' ? e.rank : null, total: typeof e.total === 'number' ? e.total : null });
      }
      // the keyset advances by snapshot: the last row's id is the last snapshot read
      return withRegionNames(db, rows, 'regionId', 'regionName');
    },
    columns: [
      col('year', '年度', 'Year'),
      col('version', '版本', 'Version'),
      col('status', '状态', 'Status', 10),
      col('rank', '名次', 'Rank'),
      col('regionName', '县', 'County', 14),
      col('regionId', '区划代码', 'Division code', 12),
      col('total', '总分', 'Total score'),
      { ...col('publishedAt', '发布时间', 'Published (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm' },
      col('id', '排名编号', 'Ranking id', 26),
    ],
  } satisfies ExportResource<typeof RankingFilter>,
  'exit-villages': {
    zh: '退出核查村',
    filter: VillageFilter,
    where: async ({ user }, f) => exitVillageListWhere(user, f),
    async page(db, where, id, take) {
      const rows = await db.exitVillage.findMany({ where: { AND: [where as Prisma.ExitVillageWhereInput, after(id)] }, orderBy: { id: 'asc' }, take, omit: { appraisal: true, incidence: true } });
      return withRegionNames(db, await withRegionNames(db, await withRegionNames(db, rows, 'villageId', 'villageName'), 'townshipId', 'townshipName'), 'countyId', 'countyName');
    },
    columns: [
      col('villageName', '村', 'Village', 14),
      col('villageId', '村区划代码', 'Village code', 14),
      col('townshipName', '乡镇', 'Township', 14),
      col('countyName', '县', 'County', 12),
      col('stage', '阶段', 'Stage', 18),
      col('poorVillage', '贫困村', 'Poor village'),
      col('assessed', '已评议', 'Assessed'),
      col('candidates', '拟退出户', 'Candidates'),
      col('acknowledged', '已确认', 'Acknowledged'),
      col('held', '暂缓', 'Held'),
      col('exited', '已退出', 'Exited'),
      col('refused', '未通过', 'Refused'),
      col('villageOutcome', '村退出结果', 'Village outcome', 14),
      { ...col('updatedAt', '更新时间', 'Updated (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm' },
      col('cycleId', '周期编号', 'Cycle id', 26),
    ],
  } satisfies ExportResource<typeof VillageFilter>,
  'exit-flags': {
    zh: '假脱贫预警',
    filter: ExitFlagFilter,
    shorthand: { schema: ExitFlagShorthand, over: true },
    where: async ({ user }, f) => exitFlagListWhere(user, f),
    async page(db, where, id, take) {
      // at most 500 ids per page: the flags are then read by id (SQLite binds at most 999 parameters)
      const ids = await db.$queryRaw<{ id: string }[]>`SELECT f."id" AS id ${EXIT_FLAG_FROM} WHERE ${where as Prisma.Sql} AND f."id" > ${id ?? ''} ORDER BY f."id" ASC LIMIT ${Math.min(take, 500)}`;
      return (await hydrateExitFlags(db, ids.map((r) => r.id))) as Row[];
    },
    columns: [
      col('labelZh', '类型', 'Kind (zh)', 16),
      col('labelEn', '类型（英文）', 'Kind', 22),
      col('householdCode', '户编号', 'Household code', 20),
      col('headName', '户主', 'Head of household', 10),
      col('villageName', '村', 'Village', 14),
      col('villageId', '村区划代码', 'Village code', 14),
      col('countyName', '县', 'County', 12),
      col('cycleYear', '年度', 'Year'),
      col('messageZh', '说明', 'Message (zh)', 40),
      col('messageEn', '说明（英文）', 'Message', 40),
      col('evidence', '证据', 'Evidence', 40, (r) => JSON.stringify(r.evidence ?? null)),
      col('createdAt', '发现时间', 'Found (UTC)', 20),
      col('kind', '类型代码', 'Kind code', 18),
    ],
  } satisfies ExportResource<typeof ExitFlagFilter>,
  'sample-entries': {
    zh: '抽查样本',
    filter: SampleFilter,
    shorthand: { schema: SampleShorthand, over: false },
    where: async ({ user }, f) => sampleEntryListWhere(user, f),
    async page(db, where, id, take) {
      const rows = await db.sampleEntry.findMany({ where: { AND: [where as Prisma.SampleEntryWhereInput, after(id)] }, orderBy: { id: 'asc' }, take });
      return (await sampleEntryViews(db, rows)).map((v) => ({ ...v, failedCriteria: v.failedCriteria.join(',') }));
    },
    columns: [
      col('ordinal', '序号', 'Ordinal'),
      col('kind', '类型', 'Kind', 16),
      col('villageName', '村', 'Village', 14),
      col('villageId', '村区划代码', 'Village code', 14),
      col('householdCode', '户编号', 'Household code', 20),
      col('headName', '户主', 'Head of household', 10),
      col('hasFinding', '已录入', 'Has finding'),
      col('visitedName', '受访人', 'Visited', 10),
      col('meetsStandard', '达标', 'Meets standard'),
      col('failedCriteria', '未达标项', 'Failed criteria', 20),
      col('acknowledges', '认可', 'Acknowledges'),
      col('approves', '满意', 'Approves'),
      col('missed', '漏评', 'Missed'),
      col('missedPeople', '漏评人数', 'Missed people'),
      col('note', '备注', 'Note', 30),
      col('foundAt', '录入时间', 'Found (UTC)', 20),
      col('disputeStatus', '申诉状态', 'Dispute status', 12),
      col('disputeReason', '申诉理由', 'Dispute reason', 30),
      col('disputeComment', '申诉结论', 'Dispute decision', 30),
      col('countyId', '县区划代码', 'County code', 10),
      col('cycleId', '周期编号', 'Cycle id', 26),
    ],
  } satisfies ExportResource<typeof SampleFilter>,
  'department-imports': {
    zh: '行业部门数据',
    filter: ImportFilter,
    shorthand: { schema: ImportShorthand, over: true, documented: ImportShorthandDoc },
    where: ({ db, user }, f) => departmentImportListWhere(db, user, f),
    async page(db, where, id, take) {
      const rows = await db.departmentImport.findMany({ where: { AND: [where as Prisma.DepartmentImportWhereInput, after(id)] }, orderBy: { id: 'asc' }, take });
      return withImporterNames(db, rows);
    },
    columns: [
      col('department', '部门', 'Department', 16),
      col('year', '年度', 'Year'),
      col('fileName', '文件名', 'File name', 30),
      col('rows', '行数', 'Rows'),
      col('importedByName', '导入人', 'Imported by', 14),
      col('importedAt', '导入时间', 'Imported (UTC)', 20),
      col('id', '导入编号', 'Import id', 26),
    ],
  } satisfies ExportResource<typeof ImportFilter>,
  notifications: {
    zh: '催办通知',
    filter: NotificationFilter,
    where: async ({ user }, f) => notificationListWhere(user, f),
    async page(db, where, id, take, user) {
      const rows = await db.notification.findMany({ where: { AND: [where as Prisma.NotificationWhereInput, after(id)] }, orderBy: { id: 'asc' }, take });
      const ids = rows.map((r) => r.id);
      const [reads, tasks] = await Promise.all([
        db.notificationRead.findMany({ where: { userId: user.id, notificationId: { in: ids } }, select: { notificationId: true } }),
        db.task.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.taskId))] } }, select: { id: true, title: true } }),
      ]);
      const read = new Set(reads.map((r) => r.notificationId));
      const title = new Map(tasks.map((t) => [t.id, t.title]));
      return withRegionNames(db, rows.map((r) => ({ ...r, taskTitle: title.get(r.taskId) ?? null, read: read.has(r.id) })), 'regionId', 'regionName');
    },
    columns: [
      { ...col('createdAt', '时间', 'At (UTC)', 20), numFmt: 'yyyy-mm-dd hh:mm' },
      col('kind', '类型', 'Kind', 12),
      col('message', '内容', 'Message', 40),
      col('taskTitle', '任务', 'Task', 30),
      col('regionName', '地区', 'Region', 14),
      col('regionId', '区划代码', 'Division code', 14),
      col('role', '角色', 'Role', 14),
      col('read', '已读', 'Read'),
      col('taskId', '任务编号', 'Task id', 26),
    ],
  } satisfies ExportResource<typeof NotificationFilter>,
} as const;

export type ExportResourceName = keyof typeof resources;

/** The policy action that reads each list (rules/policy.ts). */
const READ_ACTION: Record<ExportResourceName, Action> = {
  households: 'household.read',
  cadres: 'cadre.read',
  regions: 'region.read',
  tasks: 'task.read',
  'return-requests': 'household.read',
  'audit-events': 'audit.read',
  cycles: 'cycle.read',
  rankings: 'ranking.read',
  'exit-villages': 'cycle.read',
  'exit-flags': 'ledger.read',
  'sample-entries': 'household.read',
  'department-imports': 'department.read',
  notifications: 'notification.read',
};
export const EXPORT_RESOURCES = Object.keys(resources) as ExportResourceName[];

for (const name of EXPORT_RESOURCES) {
  documentRoute({
    method: 'get',
    path: `/api/exports/${name}`,
    summary: `Export the ${name} list with its filter, inside your scope: CSV (default) or XLSX, streamed in keyset pages; lang=both|zh|en chooses the header rows. Audited (EXPORT)`,
    tag: 'exports',
    query: exportQueryDoc((resources[name] as ExportResource<z.ZodType>).shorthand),
    filter: resources[name].filter,
    responseContent: { 'text/csv': z.string(), [CONTENT_TYPE.xlsx]: z.string().meta({ format: 'binary' }) },
    responseHeaders: { 'Content-Disposition': { description: 'attachment; the file name' } },
  });
}

/** Keyset pages of one resource, EXPORT_BATCH rows at a time. */
async function* keysetBatches(db: Db, user: SessionUser, resource: ExportResource<z.ZodType>, where: unknown, region: string | null): AsyncGenerator<Row[]> {
  if (resource.batches) {
    yield* resource.batches(db, where, region);
    return;
  }
  let last: string | null = null;
  for (;;) {
    const rows = await resource.page(db, where, last, EXPORT_BATCH, user);
    if (rows.length === 0) return;
    last = rows[rows.length - 1].id;
    yield rows;
  }
}

export function exportsRouter({ db, logger }: AppDeps): Router {
  const router = Router();
  for (const name of EXPORT_RESOURCES) {
    const resource = resources[name] as unknown as ExportResource<z.ZodType>;
    router.get(`/exports/${name}`, async (req, res) => {
      const requestId = String((req as { id?: unknown }).id ?? '');
      const user = res.locals.user as SessionUser;
      const audit = (outcome: 'SUCCESS' | 'DENIED' | 'REJECTED' | 'FAILED', details: Record<string, unknown>, regionId: string | null = null) =>
        db.auditEvent
          .create({ data: auditData({ actor: { id: user.id, name: user.username, role: user.role }, action: 'EXPORT', targetType: 'EXPORT', targetId: name, regionId, outcome, details: { resource: name, ...details }, requestId }) })
          .catch((err: unknown) => logger.error({ err }, 'audit write failed'));
      let format: 'csv' | 'xlsx' = 'csv';
      let where: ListWhere<unknown>;
      let filter: unknown = {};
      try {
        const { filter: rawFilter, format: rawFormat, lang, ...rest } = req.query;
        const q = parseInput(ExportQuery, { format: rawFormat, lang }, 'query');
        format = q.format ?? 'csv';
        const shortKeys = new Set(resource.shorthand ? Object.keys(resource.shorthand.schema.shape) : []);
        const extra = Object.fromEntries(Object.entries(rest).filter(([k]) => !shortKeys.has(k)));
        const listed = parseList({ ...(rawFilter === undefined ? {} : { filter: rawFilter }), ...extra }, resource.filter, [], ['id', 'ASC']).filter as Record<string, unknown>;
        const short = resource.shorthand
          ? definedOnly(parseInput(resource.shorthand.schema, Object.fromEntries(Object.entries(rest).filter(([k]) => shortKeys.has(k))), 'query') as Record<string, unknown>)
          : {};
        filter = resource.shorthand?.over ? { ...listed, ...short } : { ...short, ...definedOnly(listed) };
        res.locals.exportLang = q.lang;
        where = await resource.where({ db, user: authorize(res, READ_ACTION[name]) }, filter);
      } catch (err) {
        const status = err instanceof HttpError ? err.status : 500;
        await audit(status === 401 || status === 403 ? 'DENIED' : status < 500 ? 'REJECTED' : 'FAILED', { format, filter, status });
        throw err;
      }
      const lang = (res.locals.exportLang as (typeof HEADER_LANGS)[number] | undefined) ?? 'both';
      const day = new Date().toISOString().slice(0, 10);
      const outcome = await streamTable(res, {
        format,
        lang,
        fileName: { ascii: `${name}${where.region ? `-${where.region}` : ''}-${day}`, utf8: `${resource.zh}${where.region ? `-${where.region}` : ''}-${day}` },
        sheetName: resource.zh,
        columns: resource.columns,
        batches: keysetBatches(db, user, resource, where.where, where.region),
        logger,
        what: `export ${name}`,
      });
      await audit(outcome.aborted ? 'FAILED' : 'SUCCESS', { format, filter, rows: outcome.rows, aborted: outcome.aborted, ms: outcome.ms, status: 200 }, where.region);
    });
  }
  return router;
}
