import { expect, it } from 'vitest';
import { forEachProvider, type Who } from './context.ts';

forEachProvider('bad input on every write route: a clear 4xx and nothing changed', (ctx) => {
  const { api, as, get, post, snapshotCounts } = ctx;
  const cases: Array<[string, Who, string, unknown, number, string]> = [
    ['login without password', 'office', '/api/auth/login', { username: 'office' }, 400, 'INVALID_INPUT'],
    ['login with a number as name', 'office', '/api/auth/login', { username: 5, password: 'x' }, 400, 'INVALID_INPUT'],
    ['return without reason', 'county.operator', '/api/households/:exited/return-to-poverty', {}, 400, 'INVALID_INPUT'],
    ['return with a too short reason', 'county.operator', '/api/households/:exited/return-to-poverty', { reason: 'ab' }, 400, 'INVALID_INPUT'],
    ['return with an unknown field', 'county.operator', '/api/households/:exited/return-to-poverty', { reason: '因病返贫需要帮扶', status: 'POOR' }, 400, 'INVALID_INPUT'],
    ['return with a 501-character reason', 'county.operator', '/api/households/:exited/return-to-poverty', { reason: 'x'.repeat(501) }, 400, 'INVALID_INPUT'],
    ['return for an unknown household', 'county.operator', '/api/households/H-none/return-to-poverty', { reason: '因病返贫需要帮扶' }, 404, 'NOT_FOUND'],
    ['return for a household still poor', 'county.operator', '/api/households/:poor/return-to-poverty', { reason: '因病返贫需要帮扶' }, 422, 'NOT_EXITED'],
    ['decision with an unknown verb', 'county.supervisor', '/api/tasks/anything/decision', { decision: 'MAYBE' }, 400, 'INVALID_INPUT'],
    ['decision with a 2001-character comment', 'county.supervisor', '/api/tasks/anything/decision', { decision: 'REJECT', comment: 'x'.repeat(2001) }, 400, 'INVALID_INPUT'],
    ['decision on an unknown task', 'county.supervisor', '/api/tasks/none/decision', { decision: 'APPROVE' }, 404, 'NOT_FOUND'],
    ['bulk decision without ids', 'county.supervisor', '/api/tasks/decisions', { ids: [], decision: 'APPROVE' }, 400, 'INVALID_INPUT'],
    ['bulk decision over 1000 ids', 'county.supervisor', '/api/tasks/decisions', { ids: Array.from({ length: 1001 }, (_, i) => `t${i}`), decision: 'APPROVE' }, 400, 'INVALID_INPUT'],
    ['objection of an unknown kind', 'county.operator', '/api/objections', { subjectType: 'PERSON', subjectId: 'x', reason: '公示信息有误' }, 400, 'INVALID_INPUT'],
    ['objection outside any public notice', 'county.operator', '/api/objections', { subjectType: 'HOUSEHOLD', subjectId: 'H1', reason: '公示信息有误' }, 422, 'NO_OPEN_NOTICE'],
  ];
  it.each(cases)('%s', async (_name, who, url, body, status, code) => {
    const before = await snapshotCounts();
    const target = url.replace(':exited', ctx.exited[ctx.exited.length - 1].id).replace(':poor', ctx.poor.id);
    const res = await post(who, target, body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    expect(res.body.error.message).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    expect(await snapshotCounts()).toEqual(before);
  });

  it('refuses a proposal for a household outside the caller\'s county (403), changing nothing', async () => {
    const before = await snapshotCounts();
    const res = await post('other.operator', `/api/households/${ctx.exited[ctx.exited.length - 1].id}/return-to-poverty`, { reason: '跨县提交的申请理由' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await snapshotCounts()).toEqual(before);
  });

  it('answers NUL characters with 400, never 500', async () => {
    expect((await get('office', '/api/households/%00')).status).toBe(400);
    expect((await get('office', `/api/households?filter=${encodeURIComponent(JSON.stringify({ q: 'a\u0000b' }))}`)).status).toBe(400);
    const body = await api().post(`/api/households/${ctx.exited[0].id}/return-to-poverty`).set(as('county.operator')).set('Content-Type', 'application/json').send('{"reason":"abc\\u0000defgh"}');
    expect(body.status).toBe(400);
  });

  it('answers a body that is not JSON with 400', async () => {
    const res = await api().post(`/api/households/${ctx.exited[0].id}/return-to-poverty`).set(as('county.operator')).set('Content-Type', 'application/json').send('{"reason": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  it('answers malformed list queries with 400, never 500', async () => {
    for (const q of ['range=[0', 'sort=["nope","ASC"]', 'filter={"hack":1}', 'filter=[]', 'range=["a","b"]', 'filter={"status":"RICH"}']) {
      const res = await get('office', `/api/households?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('INVALID_INPUT');
    }
  });
});
