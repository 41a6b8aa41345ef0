import { expect, it } from 'vitest';
import { forEachProvider, OTHER_COUNTY } from './context.ts';

forEachProvider('reads', (ctx) => {
  const { get } = ctx;
  it('lists regions react-admin style with Content-Range', async () => {
    const res = await get('leader', `/api/regions?filter=${encodeURIComponent('{"level":"CITY"}')}&range=[0,4]&sort=["code","ASC"]`);
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('regions 0-4/14');
    expect(res.body[0]).toMatchObject({ id: '4301', code: '4301', name: '长沙市', level: 'CITY', parentId: '43' });
    const county = await get('leader', '/api/regions/431222');
    expect(county.body).toMatchObject({ name: '沅陵县', level: 'COUNTY', isPoor: true });
    expect(county.body.ancestors.map((a: { name: string }) => a.name)).toEqual(['湖南省', '怀化市']);
    expect((await get('leader', '/api/regions/999999')).status).toBe(404);
  });

  it('scopes households to the caller and refuses regions outside it', async () => {
    const mine = await get('county.operator', '/api/households?range=[0,999]');
    expect(mine.status).toBe(200);
    expect(mine.body.every((h: { countyId: string }) => h.countyId === '431222')).toBe(true);
    const total = Number(mine.headers['content-range'].split('/')[1]);
    expect(total).toBe(await ctx.stack.db.household.count({ where: { countyId: '431222' } }));
    expect((await get('county.operator', `/api/households?filter=${encodeURIComponent(JSON.stringify({ regionId: OTHER_COUNTY }))}`)).status).toBe(403);
    expect((await get('county.operator', `/api/households/${ctx.foreign.id}`)).status).toBe(403);
    const exitedOnly = await get('office', `/api/households?filter=${encodeURIComponent('{"status":"EXITED","regionId":"431222"}')}`);
    expect(exitedOnly.status).toBe(200);
    expect(exitedOnly.body.length).toBeGreaterThan(0);
    expect(exitedOnly.body.every((h: { status: string }) => h.status === 'EXITED')).toBe(true);
    const one = await get('county.supervisor', `/api/households/${ctx.exited[0].id}`);
    expect(one.body).toMatchObject({ id: ctx.exited[0].id, status: 'EXITED' });
    expect(one.body.members.length).toBeGreaterThan(0);
    expect(one.body.records.length).toBeGreaterThan(0);
    expect(one.body.ledger.map((l: { kind: string }) => l.kind)).toEqual(['REGISTERED', 'EXITED']);
  });

  it('compresses JSON answers for a slow link, and not the small ones', async () => {
    const list = await get('county.operator', '/api/households?range=[0,99]').set('Accept-Encoding', 'gzip, br');
    expect(list.status).toBe(200);
    expect(['gzip', 'br']).toContain(list.headers['content-encoding']);
    expect(list.body.length).toBeGreaterThan(10);
    const plain = await get('county.operator', '/api/households?range=[0,99]').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(list.body);
    const health = await ctx.api().get('/api/health').set('Accept-Encoding', 'gzip');
    expect(health.headers['content-encoding']).toBeUndefined();
  });

  it('shows leaders only published rankings', async () => {
    await ctx.stack.db.rankingSnapshot.createMany({
      data: [
        { cycleId: 'c-2017', year: 2017, version: 1, status: 'PUBLISHED', entries: [{ regionId: '431222', rank: 1, total: 91.5 }] },
        { cycleId: 'c-2017', year: 2017, version: 2, status: 'DRAFT', entries: [] },
      ],
    });
    const leader = await get('leader', '/api/rankings?year=2017');
    expect(leader.body.map((r: { version: number; status: string }) => `${r.version}:${r.status}`)).toEqual(['1:PUBLISHED']);
    const office = await get('office', '/api/rankings?year=2017');
    expect(office.body.map((r: { version: number; status: string }) => `${r.version}:${r.status}`)).toEqual(['2:DRAFT', '1:PUBLISHED']);
    expect((await get('leader', '/api/rankings?year=abc')).status).toBe(400);
  });

  it('lets a township supervisor open the cadres its list shows', async () => {
    const res = await get('township.supervisor', '/api/cadres?range=[0,4]');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const c of res.body as { id: string }[]) expect((await get('township.supervisor', `/api/cadres/${c.id}`)).status).toBe(200);
  });

  it('lists cadres with assignments in scope', async () => {
    const res = await get('county.supervisor', '/api/cadres?range=[0,9]');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((c: { regionId: string }) => c.regionId.startsWith('431222'))).toBe(true);
    const one = await get('county.supervisor', `/api/cadres/${res.body[0].id}`);
    expect(one.body.assignments.length).toBeGreaterThan(0);
  });
});
