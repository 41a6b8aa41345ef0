/** HTTP plumbing: typed errors, validated input, react-admin list queries, the one error format. */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
    /** more members of the error object beside code, message and details (e.g. errorCount) */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: unknown[] = []) => new HttpError(400, 'INVALID_INPUT', message, details);
export const unauthorized = (message = 'sign in first') => new HttpError(401, 'UNAUTHORIZED', message);
/** `details`: why, for the console to word it (`{reason:'SCOPE',regionId,scopeId}` or `{reason:'ROLE',role,action}`) */
export const forbidden = (message: string, details: unknown[] = []) => new HttpError(403, 'FORBIDDEN', message, details);
export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (code: string, message: string, details: unknown[] = []) => new HttpError(409, code, message, details);
export const unprocessable = (code: string, message: string, details: unknown[] = []) => new HttpError(422, code, message, details);

function issuesToDetails(error: z.ZodError, where: string): unknown[] {
  return error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message, code: i.code }));
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(`invalid ${where}`, issuesToDetails(result.error, where));
  return result.data;
}

/** react-admin simple REST list query: sort=["f","ASC"], range=[0,24], filter={...}. */
export interface ListQuery<F> {
  sort: { field: string; order: 'asc' | 'desc' };
  range: { skip: number; take: number; start: number };
  filter: F;
}

/** How deep a JSON value (body or list parameter) may nest; the API's own shapes need fewer than 10 levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Why a parsed JSON value is refused, or null: nested deeper than MAX_JSON_DEPTH, or a NUL character
 * in a string or key (PostgreSQL text cannot hold it). An explicit stack, never recursion, so no
 * input can overflow the call stack (JSON.parse itself is iterative in V8).
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): 'DEPTH' | 'NUL' | null {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\0')) return 'NUL';
    } else if (typeof v === 'object' && v !== null) {
      if (depth >= maxDepth) return 'DEPTH';
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          values.push(v[i]);
          depths.push(depth + 1);
        }
      } else {
        for (const key in v) {
          if (key.includes('\0')) return 'NUL';
          values.push((v as Record<string, unknown>)[key]);
          depths.push(depth + 1);
        }
      }
    }
  }
  return null;
}

/**
 * The same depth bound on the raw bytes of a UTF-8 JSON body, before JSON.parse: a megabyte of `[`
 * parses without overflowing but holds the event loop for over a second. Brackets inside strings
 * do not count. Used as express.json's `verify`; throws a 400 that errorHandler maps.
 */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer, encoding: string): void {
  if (!/^utf-?8$/i.test(encoding)) return; // other charsets: the walk after parsing still bounds the depth
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (inString) {
      if (b === 0x5c) i++; // the escaped byte cannot end the string
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw Object.assign(new Error(`the request body ${PROBLEM_TEXT.DEPTH}`), { status: 400, type: 'entity.too.deep' });
    } else if (b === 0x5d || b === 0x7d) depth--;
  }
}

const PROBLEM_TEXT = { DEPTH: `is nested deeper than ${MAX_JSON_DEPTH} levels`, NUL: 'contains a NUL character' } as const;

const jsonParam = <T extends z.ZodType>(inner: T) =>
  z
    .string()
    .transform((s, ctx) => {
      let value: unknown;
      try {
        value = JSON.parse(s);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
        return z.NEVER;
      }
      const problem = jsonProblem(value);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: PROBLEM_TEXT[problem] });
        return z.NEVER;
      }
      return value;
    })
    .pipe(inner);

/** The largest page a list answers. */
export const MAX_PAGE = 1000;

/**
 * The most ids one `id` filter (react-admin's getMany) may name: each is a bound parameter of the
 * query, and SQLite through Prisma's driver adapter refuses more than 999 of them in one statement
 * (a 500 before this bound). 500 ids also keep the request line under Node's 16 KB header limit.
 */
export const MAX_IDS = 500;

/** The `id` filter every list accepts: one id, or a list of them (react-admin's getMany). */
export const IdFilter = z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(MAX_IDS)]);

/** The Prisma condition of an `id` filter (nothing when absent); repeated ids count once. */
export function idWhere(id: string | string[] | undefined): { id?: { in: string[] } } {
  return id === undefined ? {} : { id: { in: Array.isArray(id) ? [...new Set(id)] : [id] } };
}

/**
 * Parses react-admin's list query. Only `sort`, `range` and `filter` are accepted (another paging
 * syntax such as `_start`/`_end` is refused, not ignored); `id` is always sortable; a `filter` by a
 * list of ids without a `range` answers all of them (react-admin's getMany sends no range).
 */
export function parseListQuery<F extends z.ZodType>(
  req: Request,
  filterSchema: F,
  sortable: readonly string[],
  defaultSort: [string, 'ASC' | 'DESC'],
): ListQuery<z.infer<F>> {
  return parseList(req.query, filterSchema, sortable, defaultSort);
}

/** The orders a `sort` accepts. */
export const SORT_ORDERS = ['ASC', 'DESC', 'asc', 'desc'] as const;

/**
 * The JSON each list parameter holds — the one definition that parseList validates against and
 * api/openapi.ts documents (as `content: application/json` parameters): `sort` a pair of a sortable
 * field (`id` always) and an order, `range` a pair of a first index and a last index (-1 or less
 * than the first: an empty page), `filter` the resource's own filter object.
 */
export function listSchemas<F extends z.ZodType>(filterSchema: F, sortable: readonly string[]) {
  const fields = [...new Set(['id', ...sortable])] as [string, ...string[]];
  return {
    sort: z.tuple([z.enum(fields), z.enum(SORT_ORDERS)]),
    range: z.tuple([z.number().int().min(0), z.number().int().min(-1)]),
    filter: filterSchema,
  };
}

/**
 * The whole query schema of a list, built once per filter schema and sort list: building zod
 * schemas costs more than parsing with them, and an inbox refreshed often paid it on every request.
 */
const LIST_QUERY_SCHEMAS = new WeakMap<z.ZodType, Map<string, z.ZodType>>();
function listQuerySchema(filterSchema: z.ZodType, sortable: readonly string[]): z.ZodType {
  let bySort = LIST_QUERY_SCHEMAS.get(filterSchema);
  if (!bySort) LIST_QUERY_SCHEMAS.set(filterSchema, (bySort = new Map()));
  const key = sortable.join(',');
  let schema = bySort.get(key);
  if (!schema) {
    const params = listSchemas(filterSchema, sortable);
    schema = z
      .object({
        sort: jsonParam(params.sort).optional(),
        range: jsonParam(params.range).optional(),
        filter: jsonParam(params.filter).optional(),
      })
      .strict();
    bySort.set(key, schema);
  }
  return schema;
}

export function parseList<F extends z.ZodType>(
  query: unknown,
  filterSchema: F,
  sortable: readonly string[],
  defaultSort: [string, 'ASC' | 'DESC'],
): ListQuery<z.infer<F>> {
  const schema = listQuerySchema(filterSchema, sortable);
  const q = parseInput(schema, query, 'query') as { sort?: [string, 'ASC' | 'DESC']; range?: [number, number]; filter?: unknown };
  const [field, order] = q.sort ?? defaultSort;
  const filter = (q.filter ?? filterSchema.parse({})) as z.infer<F>;
  const ids = (filter as { id?: unknown } | undefined)?.id;
  const [start, end] = q.range ?? [0, Array.isArray(ids) ? Math.max(ids.length, 1) - 1 : 24];
  // a last index before the first is an empty page (as [0,-1] always was), not an error
  const take = Math.min(Math.max(end - start + 1, 0), MAX_PAGE);
  return {
    sort: { field, order: order.toLowerCase() as 'asc' | 'desc' },
    range: { skip: start, take, start },
    filter,
  };
}

export function sendList(res: Response, resource: string, rows: unknown[], total: number, start: number): void {
  const end = rows.length ? start + rows.length - 1 : start;
  res.setHeader('Content-Range', `${resource} ${start}-${end}/${total}`);
  res.json(rows);
}

export function errorBody(code: string, message: string, details: unknown[] = [], extra: Record<string, unknown> = {}) {
  return { error: { ...extra, code, message, details } };
}

/** PostgreSQL text cannot hold NUL: refuse it in the path and query up front (400, not 500). */
export function rejectNulBytes(req: Request, res: Response, next: () => void): void {
  if (req.originalUrl.includes('%00') || req.originalUrl.includes('\0')) {
    res.locals.errorCode = 'INVALID_INPUT';
    res.status(400).json(errorBody('INVALID_INPUT', 'the request contains a NUL character'));
    return;
  }
  next();
}

/** The same for JSON bodies: too deep a nesting or a NUL in any string is refused before any route sees it. */
export function rejectBadBody(req: Request, res: Response, next: () => void): void {
  const problem = req.body === undefined ? null : jsonProblem(req.body);
  if (problem) {
    res.locals.errorCode = 'INVALID_INPUT';
    res.status(400).json(errorBody('INVALID_INPUT', `the request body ${PROBLEM_TEXT[problem]}`));
    return;
  }
  next();
}

/** Maps every error to API.md's format; never a stack trace, never a 500 for bad input. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    void _next;
    if (res.headersSent) {
      // a download that failed half-way: the status is gone, so end the connection (the client sees a truncated file, not a complete one)
      logger.error({ err, url: req.originalUrl }, 'error after the response started');
      res.destroy();
      return;
    }
    const send = (status: number, code: string, message: string, details: unknown[] = [], extra: Record<string, unknown> = {}) => {
      res.locals.errorCode = code;
      res.status(status).json(errorBody(code, message, details, extra));
    };
    if (err instanceof HttpError) {
      // a dependency that is down: tell the client when to try again
      const retryAfter = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
      return send(err.status, err.code, err.message, err.details, err.extra);
    }
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
    if (e.type === 'entity.parse.failed') return send(400, 'INVALID_JSON', 'the request body is not valid JSON');
    if (e.type === 'entity.too.large') return send(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
    if (e.type === 'entity.too.deep') return send(400, 'INVALID_INPUT', `the request body ${PROBLEM_TEXT.DEPTH}`);
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) return send(status, 'BAD_REQUEST', e.message ?? 'bad request');
    logger.error({ err, url: req.originalUrl }, 'unhandled error');
    send(500, 'INTERNAL', 'internal error; it has been logged');
  };
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a request line and headers over
 * the 16 KB limit, e.g. a very long `filter`; a malformed request; a client too slow to send its
 * headers) answer in the one error format — 431, 408 or 400 — instead of Node's bare status line.
 * After a 431 the connection is closed gracefully: what the client is still sending is read and
 * dropped for a moment, so it receives the answer instead of a connection reset.
 */
export function answerRefusedRequests(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const [status, text, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', 'the request line and headers are larger than 16 KB (a shorter query, e.g. fewer ids)']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'the request was not received in time']
          : [400, 'Bad Request', 'MALFORMED_REQUEST', 'the request is not valid HTTP'];
    const body = JSON.stringify(errorBody(code, message));
    socket.on('error', () => socket.destroy());
    socket.resume(); // read and drop the rest of the request
    socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    setTimeout(() => socket.destroy(), 2000).unref();
  });
}
