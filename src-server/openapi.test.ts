import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src-shared/domain/roles.js';
import { OPERATION_IDS } from './openapi-operations.js';
import { TOKEN_OF_ROLE, startTestServer, type TestServer } from './testing/harness.js';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  'x-roles': Role[];
}


describe('the OpenAPI document', () => {
  let server: TestServer;
  let operations: Operation[];

  beforeAll(async () => {
    server = await startTestServer('pglite');
    const doc = await server.request('GET', '/api/docs/openapi.json', { as: null });
    operations = Object.entries(doc.body.paths as Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('names every operation with a unique camelCase operationId, written down rather than derived from the path', () => {
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every((id) => /^[a-z][a-zA-Z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const named = new Set(Object.values(OPERATION_IDS));
    expect(ids.filter((id) => !named.has(id))).toEqual([]);
  });

  it('keeps the operationIds clients were generated with', () => {
    const id = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)?.operationId;
    expect(id('GET', '/api/v1/plugins/autoheal/logs')).toBe('listHealingLogs');
    expect(id('POST', '/api/v1/plugins/autoheal/{id}/approve')).toBe('approveHealingLog');
    expect(id('POST', '/api/dev/self-heal')).toBe('lookupSelfHealPatch');
    expect(id('POST', '/v1/payment_intents')).toBe('createPaymentIntent');
  });

  it('lists in x-roles exactly the roles the server lets through, admin included where it passes', async () => {
    expect(operations.find((o) => o.path === '/api/v1/plugins' && o.method === 'GET')!['x-roles']).toEqual([
      'admin',
      'sira',
      'ops',
      'reviewer',
      'dev_admin',
      'merchant',
    ]);
    expect(operations.find((o) => o.path === '/api/dev/patch-applications')!['x-roles']).toEqual(['sdk']);
    expect(operations.find((o) => o.path === '/v1/payment_intents')!['x-roles']).toEqual([]);

    const mismatches: string[] = [];
    for (const operation of operations) {
      if (operation['x-roles'].length === 0) continue; // sandbox API keys, not tokens
      const path = operation.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const role of ROLES) {
        const allowed = operation['x-roles'].includes(role);
        if (allowed && operation.path === '/api/v1/stream') continue; // an allowed caller gets an endless event stream
        const response = await server.request(operation.method, path, { as: TOKEN_OF_ROLE[role] });
        const refused = response.status === 403 && String(response.body?.error?.message).startsWith(`role ${role} may not`);
        if (refused === allowed) mismatches.push(`${operation.method} ${operation.path} as ${role}: ${response.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
