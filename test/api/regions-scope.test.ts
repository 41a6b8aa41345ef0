/**
 * Issue 6, item 2 (only what the user may do) and item 4 (the region tree), on the API: the region
 * list and its search answer only regions inside the caller's scope (what the console's region
 * autocomplete and region tree offer), children are listed per node (the tree's lazy loading), a
 * parent outside the scope is refused, getMany still names the regions above the scope; and the
 * household page's read carries the return request in progress with the step it waits on.
 */
import { expect, it } from 'vitest';
import { forEachProvider, OTHER_COUNTY, type Who } from './context.ts';

const COUNTY = '431222'; // 沅陵县
const TOWNSHIP = '431222102'; // township.supervisor's scope

forEachProvider('regions inside the scope', (ctx) => {
  const { get } = ctx;
  const list = (who: Who, filter: object, range = '[0,999]') => get(who, `/api/regions?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${range}&sort=["code","ASC"]`);
  const total = (res: { headers: Record<string, string> }) => Number(res.headers['content-range'].split('/')[1]);
  const inside = (prefix: string) => ({ id: { gte: prefix, lt: prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1) } });

  it('searches only inside the scope, with a total of the scope', async () => {
    // "县" names every county of the province; the county operator's search finds its own only
    const province = await list('office', { q: '县' });
    expect(province.status).toBe(200);
    expect(province.body.some((r: { id: string }) => !r.id.startsWith(COUNTY))).toBe(true);
    const county = await list('county.operator', { q: '县' });
    expect(county.status).toBe(200);
    expect(county.body.map((r: { id: string }) => r.id)).toEqual([COUNTY]);
    expect(total(county)).toBe(1);

    // a village name part: every match inside 沅陵县, and all of them (the total is the scope's)
    const village = await ctx.stack.db.region.findFirstOrThrow({ where: { level: 'VILLAGE', ...inside(COUNTY) }, orderBy: { id: 'asc' } });
    const part = village.name.slice(0, 1);
    const expected = await ctx.stack.db.region.count({ where: { ...inside(COUNTY), OR: [{ name: { contains: part } }, { code: { startsWith: part } }] } });
    const found = await list('county.operator', { q: part }, '[0,19]');
    expect(found.status).toBe(200);
    expect(total(found)).toBe(expected);
    expect(found.body.length).toBe(Math.min(20, expected));
    expect(found.body.every((r: { id: string }) => r.id.startsWith(COUNTY))).toBe(true);
    // another county's region by its code: nothing for the county operator, found by the office
    const foreign = await ctx.stack.db.region.findFirstOrThrow({ where: { parentId: OTHER_COUNTY }, orderBy: { id: 'asc' } });
    expect(total(await list('county.operator', { q: foreign.code }))).toBe(0);
    expect(total(await list('office', { q: foreign.code }))).toBeGreaterThan(0);

    // a township supervisor: its township and its villages only
    const township = await list('township.supervisor', { level: 'VILLAGE' });
    expect(township.status).toBe(200);
    expect(total(township)).toBe(await ctx.stack.db.region.count({ where: { level: 'VILLAGE', parentId: TOWNSHIP } }));
    expect(township.body.every((r: { parentId: string }) => r.parentId === TOWNSHIP)).toBe(true);
    // the whole list, unfiltered, is the scope
    const all = await list('county.operator', {}, '[0,0]');
    expect(total(all)).toBe(await ctx.stack.db.region.count({ where: inside(COUNTY) }));
  });

  it('lists the children of a node (the tree) with their child counts, and refuses a node outside the scope', async () => {
    const townships = await list('county.operator', { parentId: COUNTY });
    expect(townships.status).toBe(200);
    const expected = await ctx.stack.db.region.findMany({ where: { parentId: COUNTY }, orderBy: { code: 'asc' }, include: { _count: { select: { children: true } } } });
    expect(townships.body.map((r: { id: string }) => r.id)).toEqual(expected.map((r) => r.id));
    expect(townships.body.map((r: { childCount: number }) => r.childCount)).toEqual(expected.map((r) => r._count.children));
    expect(expected.some((r) => r._count.children > 0)).toBe(true);
    // above the scope: only the path down to it
    expect((await list('county.operator', { parentId: '4312' })).body.map((r: { id: string }) => r.id)).toEqual([COUNTY]);
    // beside the scope: refused, as a region filter outside the scope is on every list
    const refused = await list('county.operator', { parentId: OTHER_COUNTY });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await list('township.supervisor', { parentId: '431222101' })).status).toBe(403);
    // the province's users still read any node
    expect(total(await list('leader', { parentId: OTHER_COUNTY }))).toBe(await ctx.stack.db.region.count({ where: { parentId: OTHER_COUNTY } }));
  });

  it('names the regions above the scope when asked by id (a reference), never those beside it', async () => {
    const res = await list('county.operator', { id: ['43', '4312', COUNTY, OTHER_COUNTY, '4331'] });
    expect(res.status).toBe(200);
    expect(res.body.map((r: { id: string }) => r.id)).toEqual(['43', '4312', COUNTY]);
    // a search or a level never offers them
    expect(total(await list('county.operator', { level: 'CITY' }))).toBe(0);
    expect(total(await list('county.operator', { q: '湖南' }))).toBe(0);
  });

  it('shows the return request in progress on the household, with the step it waits on', async () => {
    const target = ctx.exited[2];
    const before = await get('county.operator', `/api/households/${target.id}`);
    expect(before.body.pendingRequest).toBeNull();
    const started = await ctx.post('county.operator', `/api/households/${target.id}/return-to-poverty`, { reason: '户主突发重病，医疗支出超过收入' });
    expect(started.status).toBe(201);
    const task = await ctx.openTaskOf(started.body.workflowId, 'township-check#1');
    const after = await get('county.supervisor', `/api/households/${target.id}`);
    expect(after.status).toBe(200);
    expect(after.body.pendingRequest).toMatchObject({
      id: started.body.returnRequestId,
      workflowId: started.body.workflowId,
      status: 'PENDING',
      requestedBy: 'county.operator',
      currentTask: { id: task.id, stepKey: 'township-check#1', assignedRole: 'SUPERVISOR', level: 'TOWNSHIP' },
    });
    expect(after.body.pendingRequest.currentTask.labels.zh.step).toBeTruthy();
    expect(after.body.pendingRequest.currentTask.labels.en.step).toBeTruthy();
  });
});
