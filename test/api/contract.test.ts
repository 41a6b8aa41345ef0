/**
 * What the OpenAPI document promises, checked one by one (schemathesis in test/contract fuzzes the
 * whole of it): methods a path does not serve answer 405 with Allow and are audited, the list
 * parameters are documented as the JSON they hold, id filters stay within what the database can
 * bind, and a request too long for Node's parser answers in the one error format.
 */
import { expect, it } from 'vitest';
import { listen } from '../../api/server.ts';
import { waitFor } from '../helpers/db.ts';
import { forEachProvider } from './context.ts';

type Doc = {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; content?: Record<string, { schema: Record<string, unknown> }> }[]; requestBody?: { required?: boolean }; responses: Record<string, { headers?: Record<string, unknown> }> }>>;
};

forEachProvider('the HTTP contract', (ctx) => {
  const { api, as, get } = ctx;

  it('a method a path does not serve answers 405 with Allow in the one error format, and is audited', async () => {
    for (const [method, url, allow] of [
      ['trace', '/api/tasks', 'GET, HEAD, OPTIONS'],
      ['put', '/api/tasks', 'GET, HEAD, OPTIONS'],
      ['delete', '/api/households/H1', 'GET, HEAD, OPTIONS'],
      ['patch', '/api/tasks/t1/decision', 'POST, OPTIONS'],
      ['get', '/api/tasks/decisions', 'POST, OPTIONS'],
      ['trace', '/api/health', 'GET, HEAD, OPTIONS'],
    ] as const) {
      const res = await api()[method](url).set(as('county.operator'));
      expect(res.status, `${method} ${url}`).toBe(405);
      expect(res.headers.allow).toBe(allow);
      expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
    }
    // (its action names the full path: it read `/tasks`, relative to the /api router, before)
    const event = await waitFor(() => ctx.stack.db.auditEvent.findFirst({ where: { action: 'TRACE /api/tasks' } }), 'the audit event of TRACE /api/tasks');
    expect(event.outcome).toBe('REJECTED');
    expect(event.actorName).toBe('county.operator');
    // OPTIONS lists them; an unknown path is still 404
    const options = await api().options('/api/tasks/decisions').set(as('county.operator'));
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('POST, OPTIONS');
    expect((await api().trace('/api/nowhere').set(as('county.operator'))).status).toBe(404);
  });

  it('documents bodies as required and sort/range/filter as the JSON they hold', async () => {
    const doc = (await api().get('/api/openapi.json').expect(200)).body as Doc & { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
    const tasks = doc.paths['/api/tasks'].get;
    const param = (name: string) => tasks.parameters?.find((p) => p.name === name)?.content?.['application/json'].schema;
    expect(param('sort')).toMatchObject({ type: 'array', minItems: 2, maxItems: 2, prefixItems: [{ enum: expect.arrayContaining(['id', 'dueAt']) }, { enum: ['ASC', 'DESC', 'asc', 'desc'] }] });
    expect(param('range')).toMatchObject({ prefixItems: [{ type: 'integer', minimum: 0 }, { type: 'integer', minimum: -1 }] });
    expect(param('filter')).toMatchObject({ type: 'object', additionalProperties: false, properties: { status: { enum: ['OPEN', 'DONE', 'CANCELLED'] } } });
    expect(tasks.responses['200'].headers).toHaveProperty('Content-Range');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses, `${method} ${path}`).toHaveProperty('400');
        if (method === 'post' && op.requestBody) expect(op.requestBody.required, `${method} ${path}`).toBe(true);
      }
    }
    expect(doc.paths['/api/tasks/{id}/decision'].post.responses).toHaveProperty('422');
  });

  it('an id filter names at most 500 ids (999 answered 500: more parameters than SQLite binds)', async () => {
    const ids = (n: number) => encodeURIComponent(JSON.stringify({ id: Array.from({ length: n }, (_, i) => `r${i}`) }));
    const tooMany = await get('admin', `/api/rankings?filter=${ids(999)}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('INVALID_INPUT');
    const most = await get('admin', `/api/rankings?filter=${ids(500)}`);
    expect(most.status).toBe(200);
    expect(most.body).toEqual([]);
  });

  it('a range ending before it starts is an empty page, not an error', async () => {
    const res = await get('admin', '/api/regions?range=[5,0]');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('a query too long for the HTTP parser answers 431 in the one error format, not a reset', async () => {
    const server = await listen(ctx.stack.deps, 0, '127.0.0.1');
    try {
      const port = (server.server.address() as { port: number }).port;
      for (const length of [20_000, 200_000]) {
        const res = await fetch(`http://127.0.0.1:${port}/api/regions?filter=${encodeURIComponent(JSON.stringify({ q: 'x'.repeat(length) }))}`, { headers: as('admin') });
        expect(res.status).toBe(431);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('HEADERS_TOO_LARGE');
      }
    } finally {
      await server.close();
    }
  });
});
