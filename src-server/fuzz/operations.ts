import fc from 'fast-check';
import type { Role } from '../../src-shared/domain/roles.js';
import { HOSTILE_SEGMENTS, mutate, mutation } from './hostile.js';
import { arbitraryOf, type JsonSchema } from './json-schema-arbitrary.js';

/** One operation of the OpenAPI document, as the fuzz reads it. */
export interface Operation {
  method: string;
  /** The OpenAPI path, `{name}` for each path parameter. */
  path: string;
  operationId: string;
  roles: Role[];
  pathParams: { name: string; schema: JsonSchema }[];
  queryParams: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | undefined;
}

interface RawOperation {
  operationId: string;
  'x-roles': Role[];
  parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}

/** Reads the operations out of the OpenAPI document the server serves. */
export function operationsOf(document: { paths: Record<string, Record<string, RawOperation>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, raw]) => ({
      method: method.toUpperCase(),
      path,
      operationId: raw.operationId,
      roles: raw['x-roles'],
      pathParams: (raw.parameters ?? []).filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
      queryParams: (raw.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema })),
      body: raw.requestBody?.content['application/json'].schema,
    })),
  );
}

/** A whole body that is not the JSON the route expects at all. */
export type BodyText = { kind: 'text'; text: string; contentType: string; label: string };

/** One generated request: which role sends it and what it carries, before ids are drawn from the pool. */
export interface GeneratedRequest {
  role: Role | null;
  params: Record<string, unknown>;
  query: [string, unknown][];
  body: unknown | BodyText | undefined;
  idempotencyKey: string | undefined;
  /** Hostile headers, set last. */
  headers: Record<string, string>;
}

const NOT_JSON: BodyText[] = [
  { kind: 'text', text: '{"a":', contentType: 'application/json', label: 'truncated JSON' },
  { kind: 'text', text: 'not json', contentType: 'application/json', label: 'not JSON' },
  { kind: 'text', text: '', contentType: 'application/json', label: 'empty body' },
  { kind: 'text', text: '{"a":1}', contentType: 'text/plain', label: 'text/plain' },
  { kind: 'text', text: '{"a":1,"a":2}', contentType: 'application/json', label: 'duplicate keys' },
  { kind: 'text', text: '"\\ud800"', contentType: 'application/json', label: 'a lone surrogate as the body' },
  { kind: 'text', text: `"${'x'.repeat(1_100_000)}"`, contentType: 'application/json', label: '1.1 MB string' },
  { kind: 'text', text: '\ufeff{}', contentType: 'application/json', label: 'byte order mark' },
];

/** Where the one hostile value of a request goes; `none` sends the generated input as is. */
type Target = 'none' | 'body' | 'query' | 'extraQuery' | 'param' | 'header' | 'wholeBody';

const EXTRA_QUERY: [string, unknown][][] = [[['extra', 'x']], [['\u0000', '1']], [['\ud800', '1']], [['limit', '1'], ['limit', '2']], [['q', 'x'.repeat(20_000)]]];

/**
 * Requests for one operation: input generated from its schemas, with at most one hostile value put
 * in it (a property of the body, a query value, a path segment, a header, the whole body). One at a
 * time, so the rest of the request is valid and the hostile value reaches as deep as it can.
 */
export function requestsFor(operation: Operation): fc.Arbitrary<GeneratedRequest> {
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  for (const param of operation.pathParams) params[param.name] = arbitraryOf(param.schema, param.name);
  const query = fc
    .tuple(
      ...operation.queryParams.map((param) =>
        fc.option(arbitraryOf(param.schema, param.name), { freq: param.required ? 20 : 2 }).map((value) => (value === null ? [] : [[param.name, value] as [string, unknown]])),
      ),
    )
    .map((parts) => parts.flat());
  const hasBody = operation.body !== undefined;
  const mutating = operation.method !== 'GET';
  const targets: { weight: number; arbitrary: fc.Arbitrary<Target> }[] = [
    { weight: 3, arbitrary: fc.constant('none') },
    { weight: hasBody ? 6 : mutating ? 1 : 0, arbitrary: fc.constant('body') },
    { weight: hasBody || mutating ? 1 : 0, arbitrary: fc.constant('wholeBody') },
    { weight: operation.queryParams.length > 0 ? 3 : 0, arbitrary: fc.constant('query') },
    { weight: 1, arbitrary: fc.constant('extraQuery') },
    { weight: operation.pathParams.length > 0 ? 2 : 0, arbitrary: fc.constant('param') },
    { weight: operation.method === 'GET' ? 0 : 1, arbitrary: fc.constant('header') },
  ];
  return fc
    .record({
      role: operation.roles.length === 0 ? fc.constant<Role | null>(null) : fc.constantFrom<Role | null>(...operation.roles),
      params: fc.record(params),
      query,
      body: operation.body ? arbitraryOf(operation.body) : fc.constant(undefined),
      target: fc.oneof(...targets.filter((target) => target.weight > 0)),
      change: mutation,
      which: fc.nat(),
      segment: fc.constantFrom<unknown>(...HOSTILE_SEGMENTS),
      wholeBody: fc.constantFrom<unknown>(...NOT_JSON),
      extraQuery: fc.constantFrom(...EXTRA_QUERY),
      // Mostly fresh keys (a reused one answers 409 before the handler runs), now and then a replay.
      idempotencyKey: mutating
        ? fc.option(fc.oneof({ weight: 4, arbitrary: fc.nat().map((n) => `fuzz-key-${n}`) }, { weight: 1, arbitrary: fc.constant('fuzz-key-replayed') }), {
            freq: 4,
            nil: undefined,
          })
        : fc.constant(undefined),
      hostileHeader: fc.constantFrom<[string, string]>(
        ['idempotency-key', 'short'],
        ['idempotency-key', 'x'.repeat(300)],
        ['if-match', '"99999999999"'],
        ['if-match', 'abc'],
        ['if-match', 'W/"-1"'],
        ['content-type', 'application/json; charset=latin1'],
      ),
    })
    .map(({ role, params, query, body, target, change, which, segment, wholeBody, extraQuery, idempotencyKey, hostileHeader }) => {
      const request: GeneratedRequest = { role, params, query, body, idempotencyKey, headers: {} };
      switch (target) {
        case 'body':
          request.body = hasBody ? mutate(body, change) : change.value;
          break;
        case 'wholeBody':
          request.body = wholeBody;
          break;
        case 'query': {
          const param = operation.queryParams[which % operation.queryParams.length]!;
          request.query = [...query.filter(([name]) => name !== param.name), [param.name, change.value]];
          break;
        }
        case 'extraQuery':
          request.query = [...query, ...extraQuery];
          break;
        case 'param': {
          const param = operation.pathParams[which % operation.pathParams.length]!;
          request.params = { ...params, [param.name]: which % 2 === 0 ? segment : change.value };
          break;
        }
        case 'header':
          request.headers = { [hostileHeader[0]]: hostileHeader[1] };
          break;
        case 'none':
          break;
      }
      return request;
    });
}
