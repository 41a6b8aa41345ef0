import request from 'supertest';
import { expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { waitFor } from '../helpers/db.ts';
import { forEachProvider, TEST_PASSWORD } from './context.ts';

forEachProvider('health, OpenAPI, login', (ctx) => {
  const { api, get } = ctx;
  it('reports health of the database and Temporal', async () => {
    const res = await api().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
  });

  it('serves an OpenAPI 3 document naming the contract routes', async () => {
    const res = await api().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const p of ['/api/health', '/api/auth/login', '/api/regions', '/api/regions/{id}', '/api/households', '/api/households/{id}/return-to-poverty', '/api/cadres', '/api/tasks', '/api/tasks/{id}/decision', '/api/objections', '/api/audit-events']) {
      expect(Object.keys(res.body.paths), p).toContain(p);
    }
  });

  it('answers a wrong password with 401 and records the attempt', async () => {
    const res = await api().post('/api/auth/login').send({ username: 'office', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'UNAUTHORIZED', message: 'wrong username or password', details: [] });
    await waitFor(() => ctx.stack.db.auditEvent.findFirst({ where: { action: 'LOGIN', targetId: 'office', outcome: 'DENIED' } }), 'the denied login in the audit log');
  });

  it('rate-limits login attempts per address and username (429 after the limit)', async () => {
    const limited = createApp({ ...ctx.stack.deps, loginRateLimit: { windowMs: 60_000, limit: 3 } });
    const attempt = () => request(limited).post('/api/auth/login').send({ username: 'leader', password: 'guess-' + Math.random() });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    // even the right password is refused until the window passes
    expect((await request(limited).post('/api/auth/login').send({ username: 'leader', password: TEST_PASSWORD })).status).toBe(429);
    // spelling variants of the same name share its budget
    for (const variant of [' leader', 'leader ', '\tleader', 'LEADER']) {
      expect((await request(limited).post('/api/auth/login').send({ username: variant, password: 'x' })).status, JSON.stringify(variant)).toBe(429);
    }
    // another username from the same address is not blocked
    expect((await request(limited).post('/api/auth/login').send({ username: 'office', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('returns the user with role and scope on login, and refuses missing or forged tokens', async () => {
    const res = await api().post('/api/auth/login').send({ username: 'county.operator', password: TEST_PASSWORD });
    expect(res.body.user).toMatchObject({ username: 'county.operator', role: 'COUNTY_OPERATOR', regionId: '431222', regionName: '沅陵县' });
    expect((await api().get('/api/regions')).status).toBe(401);
    expect((await api().get('/api/regions').set({ Authorization: 'Bearer not.a.token' })).status).toBe(401);
    expect((await get('county.operator', '/api/me')).body).toMatchObject({ username: 'county.operator', regionName: '沅陵县' });
  });
});
