/**
 * Hardening of the HTTP layer against the real stack (Temporal dev server with a worker, the
 * database of the given provider): bad input never answers 500 (deep nesting), every write attempt
 * is audited with its real outcome (also those refused before any route), react-admin's own data
 * provider (ra-data-simple-rest) works on every resource, list filters mean what they say, tokens
 * must expire, and CORS / HTTPS headers follow the configuration.
 */
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SignJWT } from 'jose';
import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, type DataProvider } from 'ra-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { auditWrites, setAudit } from '../../api/audit.ts';
import { errorHandler, MAX_JSON_DEPTH } from '../../api/http.ts';
import { textMatch } from '../../api/search.ts';
import { waitFor, type Provider } from '../helpers/db.ts';
import { startStack, TEST_PASSWORD, type Stack } from '../helpers/stack.ts';

const USERS = ['office', 'county.operator', 'township.supervisor', 'leader'] as const;
type Who = (typeof USERS)[number];
const COUNTY = '431222'; // 沅陵县

const nested = (depth: number, open = '[', close = ']', inner = '') => open.repeat(depth) + inner + close.repeat(depth);

export function hardeningSuite(provider: Provider) {
  let stack: Stack;
  const tokens = {} as Record<Who, string>;
  const users = {} as Record<Who, { id: string; regionId: string }>;
  let exited: { id: string; villageId: string }[] = [];
  let inCounty: { id: string }[] = [];
  const api = () => request(stack.app);
  const as = (who: Who) => ({ Authorization: `Bearer ${tokens[who]}` });
  const get = (who: Who, url: string) => api().get(url).set(as(who));
  const list = (who: Who, resource: string, filter: unknown, extra = '') =>
    get(who, `/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`);
  const total = (res: { headers: Record<string, string> }) => Number(res.headers['content-range']?.split('/')[1]);
  /** The audit events of requests whose path is exactly `path` (each test tags its requests with a unique query). */
  const auditOf = (path: string) =>
    waitFor(async () => {
      const events = await stack.db.auditEvent.findMany({ where: { at: { gte: new Date(Date.now() - 120_000) } }, orderBy: { at: 'asc' } });
      const mine = events.filter((e) => (e.details as { path?: string } | null)?.path === path);
      return mine.length ? mine : undefined;
    }, `the audit event of ${path}`);

  beforeAll(async () => {
    stack = await startStack(provider);
    for (const who of USERS) {
      const res = await api().post('/api/auth/login').send({ username: who, password: TEST_PASSWORD });
      expect(res.status, `login ${who}`).toBe(200);
      tokens[who] = res.body.token;
      users[who] = { id: res.body.user.id, regionId: res.body.user.regionId };
    }
    exited = await stack.db.household.findMany({ where: { status: 'EXITED', countyId: COUNTY }, orderBy: { id: 'asc' }, select: { id: true, villageId: true } });
    expect(exited.length).toBeGreaterThanOrEqual(5);
    inCounty = await stack.db.household.findMany({ where: { countyId: COUNTY }, orderBy: { id: 'asc' }, select: { id: true } });
    expect(inCounty.length).toBeGreaterThan(30);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  describe('never a 500 for bad input: deep nesting', () => {
    const writeRoutes = ['/api/auth/login', '/api/households/H1/return-to-poverty', '/api/tasks/t1/decision', '/api/tasks/decisions', '/api/objections', '/api/no-such-route'];

    it.each(writeRoutes)('refuses a few thousand levels of [ sent anonymously to %s with 400 and audits it', async (route) => {
      for (const body of [nested(5000), nested(5000, '{"a":', '}', '1'), `{"username":${nested(3000)},"password":"x"}`]) {
        const tag = `${route}?t=${randomUUID()}`;
        const res = await api().post(tag).set('Content-Type', 'application/json').send(body);
        expect(res.status, body.slice(0, 12)).toBe(400);
        expect(res.body.error).toEqual({ code: 'INVALID_INPUT', message: `the request body is nested deeper than ${MAX_JSON_DEPTH} levels`, details: [] });
        const [event] = await auditOf(tag);
        expect(event).toMatchObject({ outcome: 'REJECTED', actorName: 'anonymous', actorId: null });
        expect(event.details).toMatchObject({ status: 400, error: 'INVALID_INPUT', method: 'POST' });
      }
    });

    it('bounds the depth at exactly MAX_JSON_DEPTH levels; shallower bodies reach the route', async () => {
      const deep = await api().post('/api/auth/login').send(JSON.parse(`{"username":${nested(MAX_JSON_DEPTH)},"password":"x"}`));
      expect(deep.status).toBe(400);
      expect(deep.body.error.message).toMatch(/nested deeper/);
      const shallow = await api().post('/api/auth/login').send(JSON.parse(`{"username":${nested(MAX_JSON_DEPTH - 2)},"password":"x"}`));
      expect(shallow.status).toBe(400);
      expect(shallow.body.error).toMatchObject({ code: 'INVALID_INPUT', message: 'invalid body' });
      expect(shallow.body.error.details[0]).toMatchObject({ field: 'body.username' });
    });

    it('refuses a megabyte of [ before parsing it; brackets inside strings do not count', async () => {
      const started = performance.now();
      const res = await api().post('/api/auth/login').set('Content-Type', 'application/json').send(nested(500_000));
      const ms = performance.now() - started;
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(`the request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
      console.log(`[hardening] 1 MB of nested [ refused in ${ms.toFixed(0)} ms`);
      const inString = await api().post('/api/auth/login').send({ username: nested(100, '[', ']', '"{'), password: 'wrong-password' });
      expect(inString.status).toBe(400); // too long a name for the route, not refused as nesting
      expect(inString.body.error.details[0]).toMatchObject({ field: 'body.username' });
      const bracketName = await api().post('/api/auth/login').send({ username: nested(20), password: 'wrong-password' });
      expect(bracketName.status).toBe(401);
    });

    it('refuses deeply nested list parameters and NUL in keys with 400', async () => {
      const deepFilter = await get('office', `/api/households?filter=${nested(2500)}`);
      expect(deepFilter.status).toBe(400);
      expect(deepFilter.body.error.code).toBe('INVALID_INPUT');
      const nulKey = await api().post('/api/auth/login').set('Content-Type', 'application/json').send('{"user\\u0000name":"x","password":"y"}');
      expect(nulKey.status).toBe(400);
      expect(nulKey.body.error.message).toBe('the request body contains a NUL character');
    });
  });

  describe('every write attempt is audited with its real outcome', () => {
    it('audits a body that is not JSON (400) with the signed-in actor', async () => {
      const tag = `/api/objections?t=${randomUUID()}`;
      const res = await api().post(tag).set(as('county.operator')).set('Content-Type', 'application/json').send('{"subjectType": ');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_JSON');
      const [event] = await auditOf(tag);
      expect(event).toMatchObject({ outcome: 'REJECTED', actorId: users['county.operator'].id, actorName: 'county.operator', actorRole: 'COUNTY_OPERATOR' });
      expect(event.details).toMatchObject({ status: 400, error: 'INVALID_JSON' });
    });

    it('audits a body over the size limit (413)', async () => {
      const tag = `/api/tasks/decisions?t=${randomUUID()}`;
      const res = await api().post(tag).set(as('township.supervisor')).set('Content-Type', 'application/json').send(JSON.stringify({ comment: 'x'.repeat(1_100_000) }));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const [event] = await auditOf(tag);
      expect(event).toMatchObject({ outcome: 'REJECTED', actorName: 'township.supervisor' });
      expect(event.details).toMatchObject({ status: 413, error: 'PAYLOAD_TOO_LARGE' });
    });

    it('audits a NUL in the path of a write', async () => {
      const tag = `/api/tasks/a%00b/decision?t=${randomUUID()}`;
      const res = await api().post(tag).send({ decision: 'APPROVE' });
      expect(res.status).toBe(400);
      const [event] = await auditOf(tag);
      expect(event).toMatchObject({ outcome: 'REJECTED' });
    });

    it('audits a 500 (the database failing under a route) as FAILED with its error code', async () => {
      const household = exited[0];
      const now = Date.now();
      await stack.db.publicNotice.create({
        data: { subjectType: 'HOUSEHOLD', subjectId: household.id, title: '公示', workflowId: `wf-${randomUUID()}`, stepKey: 'notice', startsAt: new Date(now - 60_000), endsAt: new Date(now + 3_600_000) },
      });
      const tag = `/api/objections?t=${randomUUID()}`;
      // a real failure of a real part: the table the route writes to is gone for a moment
      await stack.db.$executeRawUnsafe('ALTER TABLE "Objection" RENAME TO "Objection_away"');
      let res;
      try {
        res = await api().post(tag).set(as('county.operator')).send({ subjectType: 'HOUSEHOLD', subjectId: household.id, reason: '该户收入情况与公示不符' });
      } finally {
        await stack.db.$executeRawUnsafe('ALTER TABLE "Objection_away" RENAME TO "Objection"');
      }
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({ code: 'INTERNAL', message: 'internal error; it has been logged', details: [] });
      const [event] = await auditOf(tag);
      expect(event).toMatchObject({ outcome: 'FAILED', action: 'OBJECTION_RAISED', targetType: 'HOUSEHOLD', targetId: household.id, actorName: 'county.operator' });
      expect(event.details).toMatchObject({ status: 500, error: 'INTERNAL' });
    });

    it('lets a route record PARTIAL or FAILED explicitly; an error status still decides', async () => {
      const app = express();
      app.use(auditWrites(stack.deps));
      app.use(express.json());
      app.post('/bulk', (req, res) => {
        const { ok, failed } = req.body as { ok: number; failed: number };
        setAudit(res, { action: 'BULK', targetType: 'TEST', details: { succeeded: ok, failed }, outcome: failed === 0 ? 'SUCCESS' : ok === 0 ? 'FAILED' : 'PARTIAL' });
        if (req.query.refuse) throw Object.assign(new Error('refused'), { status: 400 });
        res.json({ ok, failed });
      });
      app.use(errorHandler(stack.deps.logger));
      const cases: Array<[{ ok: number; failed: number }, string, string]> = [
        [{ ok: 2, failed: 1 }, '', 'PARTIAL'],
        [{ ok: 0, failed: 3 }, '', 'FAILED'],
        [{ ok: 3, failed: 0 }, '', 'SUCCESS'],
        [{ ok: 2, failed: 1 }, '&refuse=1', 'REJECTED'],
      ];
      for (const [body, extra, outcome] of cases) {
        const tag = `/bulk?t=${randomUUID()}${extra}`;
        await request(app).post(tag).send(body);
        const [event] = await auditOf(tag);
        expect(event.outcome, JSON.stringify(body) + extra).toBe(outcome);
        expect(event.details).toMatchObject({ succeeded: body.ok, failed: body.failed });
      }
      // the log can be filtered by the new outcome
      const partial = await list('office', 'audit-events', { outcome: 'PARTIAL', action: 'BULK' });
      expect(partial.status).toBe(200);
      expect(partial.body.map((e: { outcome: string }) => e.outcome)).toEqual(['PARTIAL']);
    });
  });

  describe("react-admin's own data provider (ra-data-simple-rest) on every resource", () => {
    let server: Server;
    const providers = {} as Record<Who, DataProvider>;
    const ids = {} as Record<string, string[]>;
    const defaultList = { pagination: { page: 1, perPage: 10 }, sort: { field: 'id', order: 'ASC' as const }, filter: {} };
    let workflowId: string;

    beforeAll(async () => {
      server = await new Promise<Server>((resolve) => {
        const s = stack.app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
      for (const who of USERS) {
        providers[who] = simpleRestProvider(url, (u: string, options: fetchUtils.Options = {}) => {
          const headers = new Headers(options.headers ?? { Accept: 'application/json' });
          headers.set('Authorization', `Bearer ${tokens[who]}`);
          return fetchUtils.fetchJson(u, { ...options, headers });
        });
      }
      // more than 25 rows of every resource the seed does not fill
      const cadre = await stack.db.cadre.findFirstOrThrow({ where: { regionId: COUNTY }, orderBy: { id: 'asc' } });
      const notice = await stack.db.publicNotice.create({
        data: { subjectType: 'HOUSEHOLD', subjectId: exited[1].id, title: '公示', workflowId: `wf-${randomUUID()}`, stepKey: 'notice', startsAt: new Date(), endsAt: new Date(Date.now() + 86_400_000) },
      });
      for (let i = 0; i < 30; i++) {
        await stack.db.cycle.create({ data: { type: 'EXIT_VERIFICATION', year: 2001 + i, regionId: '43', stage: 'OPEN', workflowId: `cycle-${randomUUID()}`, config: {}, createdById: users.office.id } });
        await stack.db.accountabilityCase.create({ data: { kind: 'INTERVIEW', cadreId: cadre.id, reason: '约谈', stage: 'OPEN', workflowId: `case-${randomUUID()}`, openedById: users.office.id } });
        await stack.db.objection.create({ data: { noticeId: notice.id, subjectType: 'HOUSEHOLD', subjectId: exited[1].id, regionId: exited[1].villageId, reason: '公示信息有误', raisedById: users['county.operator'].id } });
        await stack.db.rankingSnapshot.create({ data: { cycleId: 'c-hardening', year: 2017, version: i + 1, status: 'PUBLISHED', entries: [] } });
        await stack.db.returnRequest.create({ data: { householdId: inCounty[i].id, reason: '因病返贫', status: 'CANCELLED', workflowId: `rr-${randomUUID()}`, requestedById: users['county.operator'].id } });
      }
      // and one real process, so that the task inbox of the township supervisor has a row
      const inTownship = exited.findLast((h) => h.villageId.startsWith(users['township.supervisor'].regionId));
      expect(inTownship, 'an exited household in the township').toBeDefined();
      const started = await api().post(`/api/households/${inTownship!.id}/return-to-poverty`).set(as('county.operator')).send({ reason: '家庭成员重病，医疗支出超过收入' });
      expect(started.status).toBe(201);
      workflowId = started.body.workflowId;
      await waitFor(() => stack.db.task.findFirst({ where: { workflowId } }), 'the first task of the process');

      const idsOf = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id);
      const asc = { orderBy: { id: 'asc' as const } };
      ids.regions = await idsOf(stack.db.region.findMany({ ...asc, select: { id: true } }));
      ids.households = await idsOf(stack.db.household.findMany({ ...asc, select: { id: true } }));
      ids.cadres = await idsOf(stack.db.cadre.findMany({ ...asc, select: { id: true } }));
      ids.cycles = await idsOf(stack.db.cycle.findMany({ ...asc, select: { id: true } }));
      ids.cases = await idsOf(stack.db.accountabilityCase.findMany({ ...asc, select: { id: true } }));
      ids.objections = await idsOf(stack.db.objection.findMany({ ...asc, select: { id: true } }));
      ids.rankings = await idsOf(stack.db.rankingSnapshot.findMany({ ...asc, select: { id: true } }));
      ids['return-requests'] = await idsOf(stack.db.returnRequest.findMany({ ...asc, select: { id: true } }));
      ids['audit-events'] = await idsOf(stack.db.auditEvent.findMany({ ...asc, select: { id: true } }));
    });
    afterAll(async () => {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    });

    const resources = ['regions', 'households', 'cadres', 'cycles', 'cases', 'objections', 'rankings', 'return-requests', 'audit-events'];

    it.each(resources)('%s: getList with the default sort ["id","ASC"], getOne, getMany of 30 ids', async (resource) => {
      const dp = providers.office;
      const all = ids[resource];
      expect(all.length, `rows of ${resource}`).toBeGreaterThanOrEqual(30);
      const page = await dp.getList(resource, defaultList);
      // audit-events grows while the suite runs (logins); every other resource is fixed here
      if (resource !== 'audit-events') expect(page.total).toBe(all.length);
      expect(page.data.map((r) => r.id)).toEqual(all.slice(0, 10));
      const second = await dp.getList(resource, { ...defaultList, pagination: { page: 2, perPage: 10 } });
      expect(second.data.map((r) => r.id)).toEqual(all.slice(10, 20));
      const desc = await dp.getList(resource, { ...defaultList, sort: { field: 'id', order: 'DESC' } });
      expect(desc.data[0].id > desc.data[9].id).toBe(true);

      const one = await dp.getOne(resource, { id: all[3] });
      expect(one.data.id).toBe(all[3]);

      const wanted = all.slice(-30).reverse();
      const many = await dp.getMany(resource, { ids: wanted });
      expect(many.data.map((r) => r.id).sort()).toEqual([...wanted].sort());
    });

    const references: Array<[string, string, () => Promise<{ target: string; id: string; expected: string[] }>]> = [
      ['regions', 'parentId', async () => ({ target: 'parentId', id: COUNTY, expected: (await stack.db.region.findMany({ where: { parentId: COUNTY }, orderBy: { id: 'asc' } })).map((r) => r.id) })],
      ['households', 'regionId', async () => ({ target: 'regionId', id: exited[0].villageId, expected: (await stack.db.household.findMany({ where: { villageId: exited[0].villageId }, orderBy: { id: 'asc' } })).map((r) => r.id) })],
      ['cadres', 'regionId', async () => ({ target: 'regionId', id: COUNTY, expected: (await stack.db.cadre.findMany({ where: { regionId: { startsWith: COUNTY } }, orderBy: { id: 'asc' } })).map((r) => r.id) })],
      ['cases', 'cadreId', async () => {
        const c = await stack.db.accountabilityCase.findFirstOrThrow();
        return { target: 'cadreId', id: c.cadreId, expected: (await stack.db.accountabilityCase.findMany({ where: { cadreId: c.cadreId }, orderBy: { id: 'asc' } })).map((r) => r.id) };
      }],
      ['objections', 'subjectId', async () => ({ target: 'subjectId', id: exited[1].id, expected: (await stack.db.objection.findMany({ where: { subjectId: exited[1].id }, orderBy: { id: 'asc' } })).map((r) => r.id) })],
      ['rankings', 'cycleId', async () => ({ target: 'cycleId', id: 'c-hardening', expected: (await stack.db.rankingSnapshot.findMany({ where: { cycleId: 'c-hardening' }, orderBy: { id: 'asc' } })).map((r) => r.id) })],
      ['cycles', 'regionId', async () => ({ target: 'regionId', id: '43', expected: (await stack.db.cycle.findMany({ where: { regionId: '43' }, orderBy: { id: 'asc' } })).map((r) => r.id) })],
      ['return-requests', 'householdId', async () => ({ target: 'householdId', id: inCounty[5].id, expected: (await stack.db.returnRequest.findMany({ where: { householdId: inCounty[5].id }, orderBy: { id: 'asc' } })).map((r) => r.id) })],
      ['audit-events', 'targetId', async () => ({ target: 'targetId', id: 'office', expected: (await stack.db.auditEvent.findMany({ where: { targetId: 'office' }, orderBy: { id: 'asc' } })).map((r) => r.id) })],
    ];

    it.each(references)('%s: getManyReference by %s', async (resource, _target, expect_) => {
      const { target, id, expected } = await expect_();
      expect(expected.length, `references of ${resource}`).toBeGreaterThan(0);
      const res = await providers.office.getManyReference(resource, { target, id, pagination: { page: 1, perPage: 25 }, sort: { field: 'id', order: 'ASC' }, filter: {} });
      expect(res.total).toBe(expected.length);
      expect(res.data.map((r) => r.id)).toEqual(expected.slice(0, 25));
    });

    it('tasks: getList with the default sort and getOne (the shared list machinery)', async () => {
      const dp = providers['township.supervisor'];
      const task = await stack.db.task.findFirstOrThrow({ where: { workflowId } });
      const page = await dp.getList('tasks', { ...defaultList, filter: { workflowId } });
      expect(page.data.map((r) => r.id)).toEqual([task.id]);
      expect(page.total).toBe(1);
      expect((await dp.getOne('tasks', { id: task.id })).data).toMatchObject({ id: task.id, workflowId });
    });

    it('rankings keep ?year= of API.md beside the list convention, and a leader still sees only published ones', async () => {
      await stack.db.rankingSnapshot.create({ data: { cycleId: 'c-hardening', year: 2017, version: 99, status: 'DRAFT', entries: [] } });
      const leader = await get('leader', '/api/rankings?year=2017&range=[0,99]');
      expect(leader.status).toBe(200);
      expect(leader.body.every((r: { status: string }) => r.status === 'PUBLISHED')).toBe(true);
      const office = await get('office', `/api/rankings?year=2017&range=[0,0]`);
      expect(office.body.map((r: { version: number }) => r.version)).toEqual([99]);
      expect(total(office)).toBe(31);
      const draft = await stack.db.rankingSnapshot.findFirstOrThrow({ where: { version: 99 } });
      expect((await get('leader', `/api/rankings/${draft.id}`)).status).toBe(404);
      expect((await get('office', `/api/rankings/${draft.id}`)).body).toMatchObject({ id: draft.id, status: 'DRAFT' });
      expect((await get('office', '/api/rankings?year=abc')).status).toBe(400);
    });
  });

  describe('filters mean what they say', () => {
    it('q matches % _ and \\ literally on households, regions and cadres', async () => {
      for (const q of ['%', '_', '\\', '%%', 'a_b']) {
        for (const resource of ['households', 'regions', 'cadres']) {
          const res = await list('office', resource, { q });
          expect(res.status, `${resource} ${q}`).toBe(200);
          expect(total(res), `${resource} q=${q}`).toBe(0);
        }
      }
      const h = exited[3];
      const originals = await stack.db.household.findMany({ where: { id: { in: [h.id, exited[4].id] } }, select: { id: true, headName: true } });
      await stack.db.household.update({ where: { id: h.id }, data: { headName: '王%_\\五' } });
      try {
        for (const q of ['%', '_', '\\', '%_', '王%', '%_\\五']) {
          const res = await list('office', 'households', { q });
          expect(res.body.map((r: { id: string }) => r.id), `q=${q}`).toEqual([h.id]);
        }
        expect(total(await list('office', 'households', { q: '%五' }))).toBe(0);
        // a wildcard that too many rows contain is refused, not bound as a huge list of ids
        await expect(textMatch(stack.db, 'Household', '%', 1)).resolves.toEqual({ id: { in: [h.id] } });
        await stack.db.household.update({ where: { id: exited[4].id }, data: { headName: '赵%六' } });
        await expect(textMatch(stack.db, 'Household', '%', 1)).rejects.toMatchObject({ status: 400, details: [{ field: 'query.filter.q' }] });
      } finally {
        for (const o of originals) await stack.db.household.update({ where: { id: o.id }, data: { headName: o.headName } });
      }
      // ordinary searches still work: a code prefix and a part of a name
      const byCode = await list('office', 'households', { q: h.id.slice(1, 13) });
      expect(total(byCode)).toBe(await stack.db.household.count({ where: { villageId: h.id.slice(1, 13) } }));
      const county = await list('office', 'regions', { q: '沅陵' });
      expect(county.body.map((r: { id: string }) => r.id)).toContain(COUNTY);
    });

    it('the households year filter keeps only households with a record of that year', async () => {
      expect(total(await list('office', 'households', { year: 2099 }))).toBe(0);
      const { year } = await stack.db.householdYear.findFirstOrThrow({ orderBy: { year: 'asc' } });
      const res = await list('county.operator', 'households', { year }, '&range=[0,999]');
      expect(res.status).toBe(200);
      expect(total(res)).toBe(await stack.db.household.count({ where: { countyId: COUNTY, records: { some: { year } } } }));
      expect(res.body.every((h: { record: { year: number } }) => h.record.year === year)).toBe(true);
    });

    it('refuses an unknown paging syntax (_start/_end, page) with 400 instead of ignoring it', async () => {
      for (const q of ['_start=0&_end=10', 'page=2&perPage=5', 'sort=["id","ASC"]&limit=5']) {
        for (const resource of ['households', 'regions', 'audit-events', 'tasks', 'rankings']) {
          const res = await get('office', `/api/${resource}?${q}`);
          expect(res.status, `${resource}?${q}`).toBe(400);
          expect(res.body.error.code).toBe('INVALID_INPUT');
        }
      }
    });
  });

  describe('tokens and transport', () => {
    const sign = (claims: { exp?: number; iat?: boolean }) => {
      let jwt = new SignJWT({ username: 'office', role: 'OFFICE', regionId: '43' }).setProtectedHeader({ alg: 'HS256' }).setSubject(users.office.id).setIssuer('poverty-exit-engine');
      if (claims.iat !== false) jwt = jwt.setIssuedAt();
      if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
      return jwt.sign(stack.deps.tokenKey);
    };
    const me = async (token: string) => (await api().get('/api/me').set({ Authorization: `Bearer ${token}` })).status;

    it('refuses a token without exp, without iat, or living longer than the token lifetime', async () => {
      const now = Math.floor(Date.now() / 1000);
      expect(await me(await sign({ exp: now + 3600 }))).toBe(200);
      expect(await me(await sign({}))).toBe(401);
      expect(await me(await sign({ exp: now + 3600, iat: false }))).toBe(401);
      expect(await me(await sign({ exp: now + 10 * 365 * 86400 }))).toBe(200); // exp alone is not trusted beyond the lifetime…
      const old = await new SignJWT({ username: 'office', role: 'OFFICE', regionId: '43' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(users.office.id)
        .setIssuer('poverty-exit-engine')
        .setIssuedAt(now - 9 * 3600)
        .setExpirationTime(now + 3600)
        .sign(stack.deps.tokenKey);
      expect(await me(old)).toBe(401); // …since it is counted from iat
    });

    it('allows no other origin by default; only the configured ones when CORS_ORIGINS is set', async () => {
      const plain = await get('office', '/api/regions').set('Origin', 'https://evil.example');
      expect(plain.status).toBe(200);
      expect(plain.headers['access-control-allow-origin']).toBeUndefined();
      const configured = createApp({ ...stack.deps, http: { corsOrigins: ['https://console.example'], trustProxy: false } });
      const allowed = await request(configured).get('/api/regions').set(as('office')).set('Origin', 'https://console.example');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://console.example');
      expect(allowed.headers['access-control-expose-headers']).toBe('Content-Range');
      const other = await request(configured).get('/api/regions').set(as('office')).set('Origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(configured).options('/api/tasks/decisions').set('Origin', 'https://console.example').set('Access-Control-Request-Method', 'POST');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://console.example');
    });

    it('sends HSTS and upgrade-insecure-requests only when served over HTTPS', async () => {
      const hsts = (res: { headers: Record<string, string> }) => res.headers['strict-transport-security'];
      const upgrades = (res: { headers: Record<string, string> }) => /upgrade-insecure-requests/.test(res.headers['content-security-policy'] ?? '');
      const plain = await api().get('/api/health').set('X-Forwarded-Proto', 'https');
      expect(hsts(plain)).toBeUndefined();
      expect(upgrades(plain)).toBe(false);
      expect(plain.headers['content-security-policy']).toMatch(/script-src 'self'/);

      const https = await request(createApp({ ...stack.deps, http: { corsOrigins: [], publicUrl: 'https://poverty.example', trustProxy: false } })).get('/api/health');
      expect(hsts(https)).toBe('max-age=31536000; includeSubDomains');
      expect(upgrades(https)).toBe(true);

      const proxied = createApp({ ...stack.deps, http: { corsOrigins: [], trustProxy: 'loopback' } });
      const viaTls = await request(proxied).get('/api/health').set('X-Forwarded-Proto', 'https');
      expect(hsts(viaTls)).toBe('max-age=31536000; includeSubDomains');
      expect(upgrades(viaTls)).toBe(true);
      const viaHttp = await request(proxied).get('/api/health').set('X-Forwarded-Proto', 'http');
      expect(hsts(viaHttp)).toBeUndefined();
      expect(upgrades(viaHttp)).toBe(false);
    });
  });
}
