/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate the input, and held
 * to be exact (test/contract/schemathesis.test.ts fuzzes the running API against it): bodies
 * required, the JSON that `sort`/`range`/`filter` hold described as such, every status a route can
 * answer declared, the headers it sends (Content-Range, Retry-After) declared. It also tells the
 * app which methods each path answers (405 with `Allow` for the others, api/app.ts).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { listSchemas, MAX_PAGE } from './http.ts';

extendZodWithOpenApi(z);

export const registry = new OpenAPIRegistry();
registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

export const ErrorSchema = registry.register(
  'Error',
  z.object({
    error: z.object({ code: z.string(), message: z.string(), details: z.array(z.unknown()) }),
  }),
);

const STATUS_TEXT: Record<number, string> = {
  400: 'invalid input (a body, parameter or JSON query value that does not match this document)',
  401: 'not signed in, or the token is invalid or expired',
  403: 'the role or the region scope forbids it',
  404: 'not found (or outside the caller\'s scope)',
  409: 'conflict with the current state (already decided, already in progress)',
  413: 'the request body is larger than 1 MB',
  415: 'the request body is not of a media type the route accepts (its Content-Type)',
  422: 'well-formed, but refused by the rules in the current state',
  429: 'too many requests; try again later',
  431: 'the request line and headers are larger than 16 KB (a long query, e.g. too many ids)',
  503: 'a part the request needs (Temporal) is unavailable; try again after Retry-After seconds',
};

/** Sent with every 503 from Temporal being unavailable (api/temporal.ts). */
const retryAfterHeader = { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' as const, minimum: 1 } } };

const errorResponses = (codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: STATUS_TEXT[c] ?? 'error',
        ...(c === 503 ? { headers: retryAfterHeader } : {}),
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  );

/** The list parameters of a react-admin simple REST list (api/http.ts parseList). */
export interface ListSpec {
  filter: z.ZodType;
  sortable: readonly string[];
  /** the resource name in Content-Range */
  resource: string;
}

interface PathSpec {
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** the body's media types (default application/json), e.g. text/csv for a file sent as it is */
  bodyTypes?: string[];
  /** a body that is not JSON (e.g. a CSV upload): its media type and the schema of its text */
  bodyContent?: { mediaType: string; schema: z.ZodType; description?: string };
  /** plain query parameters (besides a list's) */
  query?: z.ZodObject;
  list?: ListSpec;
  /** a `filter` JSON parameter alone (no paging), e.g. the filter of a list's export */
  filter?: z.ZodType;
  response?: z.ZodType;
  /** other media types the success may have (e.g. a CSV or XLSX download), each with its schema */
  responseContent?: Record<string, z.ZodType>;
  /** headers of the success response (e.g. Content-Disposition of a download) */
  responseHeaders?: Record<string, { description: string; required?: boolean }>;
  status?: number;
  /**
   * The error statuses the route itself answers (404, 409, 422, 429, 503…). Every route also
   * declares 400 (a malformed body, query or path) and 413 (the body limit); a route behind
   * sign-in 401 and, unless `forbidden: false`, 403.
   */
  errors?: number[];
  auth?: boolean;
  /** false for routes every signed-in user may call (no role or scope check) */
  forbidden?: boolean;
  /** responses other than the success and the errors (e.g. health's 503 with its own body) */
  extraResponses?: Record<string, { description: string; content?: { 'application/json': { schema: z.ZodType } } }>;
}

/** What String.prototype.trim removes (JavaScript's \\s), spelled out so every regex engine agrees. */
const WS = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** A string whose trimmed length is between min and max (and without NUL). */
export function trimmedPattern(min: number, max: number): string {
  const edge = `[^${WS}\\u0000]`;
  const inner = min <= 1 ? `(?:[^\\u0000]{0,${max - 2}}${edge})?` : `[^\\u0000]{${min - 2},${max - 2}}${edge}`;
  return `^[${WS}]*${edge}${inner}[${WS}]*$`;
}

/** JSON Schema (2020-12, the dialect of OpenAPI 3.1) of a zod schema as input. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    // a trimmed string (api/schemas.ts trimmedString): its length is checked after trimming
    override: (ctx) => {
      const s = ctx.jsonSchema as Record<string, unknown>;
      if (!s['x-trimmed']) return;
      s.pattern = trimmedPattern(Number(s.minLength ?? 0), Number(s.maxLength ?? 1_000_000));
      delete s['x-trimmed'];
      delete s.minLength;
      delete s.maxLength;
    },
  }) as Record<string, unknown>;
  void _dialect;
  return rest;
}

/**
 * The server refuses a NUL character anywhere in a request (PostgreSQL text cannot hold it,
 * api/http.ts): every free string of a request says so with a pattern.
 */
function noNul(node: unknown): void {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) stack.push(...n);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'string' && o.pattern === undefined && o.enum === undefined && o.const === undefined && o.format === undefined) o.pattern = '^[^\\u0000]*$';
      stack.push(...Object.values(o));
    }
  }
}

const jsonParameter = (name: string, schema: z.ZodType, description: string, example: unknown) => {
  const s = jsonSchema(schema);
  noNul(s);
  return { name, in: 'query' as const, required: false, description, content: { 'application/json': { schema: s, example } } };
};

/** The `sort`, `range` and `filter` parameters: JSON values of the shapes parseList accepts. */
function listParameters(list: ListSpec) {
  const schemas = listSchemas(list.filter, list.sortable);
  return [
    jsonParameter('sort', schemas.sort, 'a sortable field and an order, as JSON', ['id', 'ASC']),
    jsonParameter('range', schemas.range, `the first and last index of the page, as JSON (at most ${MAX_PAGE} rows; a last index before the first is an empty page); default [0,24], or all the ids a filter by id names`, [0, 24]),
    jsonParameter('filter', schemas.filter, 'the filter, as a JSON object', {}),
  ];
}

function plainParameters(where: 'query' | 'path', schema: z.ZodObject) {
  const s = jsonSchema(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    noNul(prop);
    return { name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: prop };
  });
}

const contentRange = (resource: string) => ({
  'Content-Range': {
    description: 'the rows of this page and the total: `<resource> <first>-<last>/<total>`',
    required: true,
    schema: { type: 'string' as const, pattern: `^${resource} \\d+-\\d+/\\d+$` },
  },
});

/** Documented methods per path template, for the 405 answer (see allowedMethods). */
const methodsByPath = new Map<string, Set<string>>();

/** Registers one route in the document. */
export function documentRoute(spec: PathSpec): void {
  const path = spec.path.replace(/:(\w+)/g, '{$1}');
  const pathParams = [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  if (!methodsByPath.has(path)) methodsByPath.set(path, new Set());
  methodsByPath.get(path)!.add(spec.method.toUpperCase());
  const signedIn = spec.auth !== false;
  const errors = new Set([400, 413, ...(signedIn ? [401] : []), ...(signedIn && spec.forbidden !== false ? [403] : []), ...(spec.errors ?? [])]);
  registry.registerPath({
    method: spec.method,
    path,
    summary: spec.summary,
    tags: [spec.tag],
    security: signedIn ? [{ bearer: [] }] : [],
    parameters: [
      ...(pathParams.length ? plainParameters('path', z.object(Object.fromEntries(pathParams.map((p) => [p, z.string().min(1).max(200)])))) : []),
      ...(spec.query ? plainParameters('query', spec.query) : []),
      ...(spec.list ? listParameters(spec.list) : []),
      ...(spec.filter ? [jsonParameter('filter', spec.filter, 'the filter, as a JSON object', {})] : []),
    ],
    request: spec.body
      ? { body: { required: true, content: Object.fromEntries((spec.bodyTypes ?? ['application/json']).map((type) => [type, { schema: withNoNul(spec.body!) }])) } }
      : spec.bodyContent
        ? { body: { required: true, description: spec.bodyContent.description, content: { [spec.bodyContent.mediaType]: { schema: spec.bodyContent.schema } } } }
        : undefined,
    responses: {
      [String(spec.status ?? 200)]: {
        description: 'success',
        ...(spec.list ? { headers: contentRange(spec.list.resource) } : {}),
        ...(spec.responseHeaders
          ? { headers: Object.fromEntries(Object.entries(spec.responseHeaders).map(([name, h]) => [name, { description: h.description, required: h.required ?? false, schema: { type: 'string' as const } }])) }
          : {}),
        ...(spec.response || spec.responseContent
          ? {
              content: {
                ...(spec.response ? { 'application/json': { schema: spec.response } } : {}),
                ...Object.fromEntries(Object.entries(spec.responseContent ?? {}).map(([type, schema]) => [type, { schema }])),
              },
            }
          : {}),
      },
      ...errorResponses([...errors].sort()),
      // a request line and headers over Node's 16 KB limit (a long filter): api/http.ts answerRefusedRequests
      ...(spec.list || spec.query || spec.filter ? errorResponses([431]) : {}),
      ...spec.extraResponses,
    },
  });
}

/** A request body's JSON Schema with the NUL rule on its strings. */
function withNoNul(schema: z.ZodType): Record<string, unknown> {
  const s = jsonSchema(schema);
  noNul(s);
  return s;
}

/** Paths served outside the document's routes (the document itself). */
methodsByPath.set('/api/openapi.json', new Set(['GET']));

/** Matchers of the documented paths, built once on first use (every router registers at import). */
let matchers: { template: string; re: RegExp; methods: Set<string> }[] | null = null;

/**
 * The methods a path answers (GET implies HEAD; OPTIONS always), or null when no documented path
 * matches. Matched as Express routes match: case-insensitive, an optional trailing slash.
 */
export function allowedMethods(path: string): string[] | null {
  matchers ??= [...methodsByPath].map(([template, methods]) => ({
    template,
    re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}/?$`, 'i'),
    methods,
  }));
  // as in OpenAPI path matching, a literal path (/tasks/decisions) wins over a template (/tasks/{id})
  const matching = matchers.filter((m) => m.re.test(path));
  const literal = matching.filter((m) => !m.template.includes('{'));
  const methods = new Set<string>();
  for (const m of literal.length ? literal : matching) for (const method of m.methods) methods.add(method);
  if (!methods.size) return null;
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods];
}

/**
 * `\d` in a pattern is ASCII in JavaScript but any Unicode digit in other engines (Python's, which
 * schemathesis uses): written `[0-9]` outside character classes, a pattern means the same everywhere.
 */
export function portablePattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      out += next === 'd' && !inClass ? '[0-9]' : c + next;
      i++;
    } else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      out += c;
    }
  }
  return out;
}

export function buildDocument() {
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Poverty-exit verification and cadre assessment API',
      version: '0.1.0',
      description:
        'HTTP contract of the workflow engine (shared/API.md). Lists follow react-admin simple REST: `sort`, `range` and `filter` hold JSON, the page comes with `Content-Range`. Every error has the body `{"error":{"code","message","details"}}`; a method a path does not serve answers 405 with `Allow`.',
    },
    servers: [{ url: '/' }],
  });
  const stack: unknown[] = [document];
  while (stack.length) {
    const n = stack.pop();
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.pattern === 'string') o.pattern = portablePattern(o.pattern);
      stack.push(...Object.values(o));
    }
  }
  return document;
}
