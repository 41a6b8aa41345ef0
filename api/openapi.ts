/** The OpenAPI 3 document, generated from the same zod schemas that validate the input. */
import { OpenAPIRegistry, OpenApiGeneratorV3, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export const registry = new OpenAPIRegistry();
registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

export const ErrorSchema = registry.register(
  'Error',
  z.object({
    error: z.object({ code: z.string(), message: z.string(), details: z.array(z.unknown()) }),
  }),
);

const errorResponses = (codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [String(c), { description: httpText(c), content: { 'application/json': { schema: ErrorSchema } } }]),
  );

function httpText(code: number): string {
  return ({ 400: 'invalid input', 401: 'not signed in', 403: 'role or scope forbids it', 404: 'not found', 409: 'conflict', 422: 'refused by the rules', 429: 'too many requests', 503: 'a dependency is down' } as Record<number, string>)[code] ?? 'error';
}

interface PathSpec {
  method: 'get' | 'post';
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
  errors?: number[];
  auth?: boolean;
}

/** Registers one route in the document. */
export function documentRoute(spec: PathSpec): void {
  registry.registerPath({
    method: spec.method,
    path: spec.path.replace(/:(\w+)/g, '{$1}'),
    summary: spec.summary,
    tags: [spec.tag],
    security: spec.auth === false ? [] : [{ bearer: [] }],
    request: {
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(/:\w+/.test(spec.path)
        ? { params: z.object(Object.fromEntries([...spec.path.matchAll(/:(\w+)/g)].map((m) => [m[1], z.string()]))) }
        : {}),
    },
    responses: {
      [String(spec.status ?? 200)]: {
        description: 'success',
        ...(spec.response ? { content: { 'application/json': { schema: spec.response } } } : {}),
      },
      ...errorResponses(spec.errors ?? (spec.auth === false ? [400] : [400, 401, 403])),
    },
  });
}

export const listQuery = z.object({
  sort: z.string().optional().openapi({ example: '["id","ASC"]' }),
  range: z.string().optional().openapi({ example: '[0,24]' }),
  filter: z.string().optional().openapi({ example: '{}' }),
});

export function buildDocument() {
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Poverty-exit verification and cadre assessment API',
      version: '0.1.0',
      description: 'HTTP contract of the workflow engine (shared/API.md). Lists follow react-admin simple REST.',
    },
    servers: [{ url: '/' }],
  });
}
