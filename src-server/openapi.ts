import { z } from 'zod';
import type { RouteDescriptor } from './http/route.js';
import { DOCUMENTED_ERRORS, type DocumentedError } from './openapi-errors.js';
import { effectiveRoles, operationIdOf } from './openapi-operations.js';

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });

/** The error envelope with a documented error's codes and the shape of its details. */
const errorResponse = (error: DocumentedError) => ({
  description: error.description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', enum: [...error.codes] },
              message: { type: 'string' },
              details: toSchema(error.details, 'output'),
            },
          },
        },
      },
    },
  },
});

/** The OpenAPI 3 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(routes: readonly RouteDescriptor[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
      }
    }
    if (route.idempotent) {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } });
      parameters.push({ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } });
    }
    const roles = effectiveRoles(route.roles);
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      operationId: operationIdOf(route.method, route.url),
      summary: route.summary,
      tags: route.tags,
      description: roles.length > 0 ? `Roles: ${roles.join(', ')}` : 'A sandbox API key (Bearer), not a console token',
      // The token roles allowed to call (admin included wherever it passes); empty: sandbox API keys only.
      'x-roles': roles,
      security: [{ bearer: [] }],
      parameters,
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } }
        : {}),
      responses: {
        [route.status]: { description: 'OK', content: { 'application/json': { schema: toSchema(route.response, 'output') } } },
        ...Object.fromEntries((DOCUMENTED_ERRORS[`${route.method} ${route.url}`] ?? []).map((error) => [error.status, errorResponse(error)])),
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Molam reference backend', version: '1' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
              required: ['code', 'message'],
            },
          },
        },
      },
    },
    paths,
  };
}
