/** HTTP plumbing: typed errors, validated input, react-admin list queries, the one error format. */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: unknown[] = []) => new HttpError(400, 'INVALID_INPUT', message, details);
export const unauthorized = (message = 'sign in first') => new HttpError(401, 'UNAUTHORIZED', message);
export const forbidden = (message: string) => new HttpError(403, 'FORBIDDEN', message);
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

const jsonParam = <T extends z.ZodType>(inner: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        const value = JSON.parse(s) as unknown;
        if (hasNul(value)) {
          ctx.addIssue({ code: 'custom', message: 'contains a NUL character' });
          return z.NEVER;
        }
        return value;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(inner);

const MAX_PAGE = 1000;

export function parseListQuery<F extends z.ZodType>(
  req: Request,
  filterSchema: F,
  sortable: readonly string[],
  defaultSort: [string, 'ASC' | 'DESC'],
): ListQuery<z.infer<F>> {
  const schema = z.object({
    sort: jsonParam(z.tuple([z.enum(sortable as [string, ...string[]]), z.enum(['ASC', 'DESC', 'asc', 'desc'])])).optional(),
    range: jsonParam(z.tuple([z.number().int().min(0), z.number().int().min(-1)])).optional(),
    filter: jsonParam(filterSchema).optional(),
  });
  const q = parseInput(schema, req.query, 'query');
  const [field, order] = q.sort ?? defaultSort;
  const [start, end] = q.range ?? [0, 24];
  if (end >= 0 && end < start - 1) throw badRequest('invalid query', [{ field: 'query.range', message: 'end before start' }]);
  const take = Math.min(Math.max(end - start + 1, 0), MAX_PAGE);
  return {
    sort: { field, order: order.toLowerCase() as 'asc' | 'desc' },
    range: { skip: start, take, start },
    filter: (q.filter ?? filterSchema.parse({})) as z.infer<F>,
  };
}

export function sendList(res: Response, resource: string, rows: unknown[], total: number, start: number): void {
  const end = rows.length ? start + rows.length - 1 : start;
  res.setHeader('Content-Range', `${resource} ${start}-${end}/${total}`);
  res.json(rows);
}

export function errorBody(code: string, message: string, details: unknown[] = []) {
  return { error: { code, message, details } };
}

/** PostgreSQL text cannot hold NUL: refuse it in the path and query up front (400, not 500). */
export function rejectNulBytes(req: Request, res: Response, next: () => void): void {
  if (req.originalUrl.includes('%00') || req.originalUrl.includes('\0')) {
    res.status(400).json(errorBody('INVALID_INPUT', 'the request contains a NUL character'));
    return;
  }
  next();
}

const hasNul = (value: unknown) => JSON.stringify(value ?? null).includes('\\u0000');

/** The same for JSON bodies: a NUL in any string is refused before any route sees it. */
export function rejectNulInBody(req: Request, res: Response, next: () => void): void {
  if (req.body !== undefined && hasNul(req.body)) {
    res.status(400).json(errorBody('INVALID_INPUT', 'the request body contains a NUL character'));
    return;
  }
  next();
}

/** Maps every error to API.md's format; never a stack trace, never a 500 for bad input. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    void _next;
    if (err instanceof HttpError) {
      res.locals.errorCode = err.code;
      const retryAfter = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
      res.status(err.status).json(errorBody(err.code, err.message, err.details));
      return;
    }
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('INVALID_JSON', 'the request body is not valid JSON'));
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json(errorBody('PAYLOAD_TOO_LARGE', 'the request body is too large'));
      return;
    }
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) {
      res.status(status).json(errorBody('BAD_REQUEST', e.message ?? 'bad request'));
      return;
    }
    logger.error({ err, url: req.originalUrl }, 'unhandled error');
    res.status(500).json(errorBody('INTERNAL', 'internal error; it has been logged'));
  };
}
