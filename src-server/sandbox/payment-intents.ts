import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { z } from 'zod';
import {
  CreatePaymentIntentBodySchema,
  PaymentIntentIdSchema,
  PaymentIntentSchema,
  type CreatePaymentIntentBody,
  type PaymentIntent,
} from '../../src-shared/schemas/sandbox.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { HttpError, badRequest, conflict } from '../http/errors.js';
import type { SandboxFaultInjector } from './faults.js';
import { authenticateSandboxKey, parseIntentBody } from './intent-request.js';
import type { SandboxKeyRow } from './keys-repo.js';
import { verifySandboxSignature } from './signature.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;
const CREATE_ROUTE = 'POST /v1/payment_intents';

type IntentRow = Omit<PaymentIntent, 'object' | 'livemode'>;
const INTENT_COLUMNS = 'i.id, i.amount, i.currency, i.status, i.description, i.customer, i.metadata, i.created_at';

const toIntent = (row: IntentRow): PaymentIntent => ({ object: 'payment_intent', livemode: false, ...row });

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Aborts when the caller hangs up before its answer is written, so an injected wait stops early. */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * The sandbox payments API. It sits in its own Fastify scope because the HMAC covers the exact
 * bytes sent: there the JSON parser keeps the raw body (still bounded by the 1 MiB limit) and the
 * handler parses it after checking the signature. Other routes keep the normal parser.
 */
export function registerPaymentIntentRoutes(app: FastifyInstance, ctx: ServerContext, faults: SandboxFaultInjector): void {
  const { db } = ctx;
  const requests = new Counter({
    name: 'molam_sandbox_requests_total',
    help: 'Payments sandbox calls, by route and outcome (ok or the error code)',
    labelNames: ['route', 'outcome'],
    registers: [ctx.metrics.registry],
  });
  const outcomes = new WeakMap<FastifyRequest, string>();

  const checked = (intent: PaymentIntent): PaymentIntent => {
    if (ctx.config.checkResponses) PaymentIntentSchema.parse(intent);
    return intent;
  };

  /** Faults, then the key, then its rate limit: the order a real gateway applies them in. */
  const admit = async (request: FastifyRequest, reply: FastifyReply): Promise<SandboxKeyRow> => {
    await faults.apply(clientGone(reply));
    const key = await authenticateSandboxKey(db, header(request, 'authorization'));
    const taken = faults.limiter.take(key.id);
    if (!taken.allowed) {
      const { per_second: perSecond, burst } = faults.limiter.config;
      throw new HttpError(429, 'rate_limited', `429 Too Many Requests: rate limit of ${perSecond}/s (burst ${burst}) exceeded for this API key`, {
        headers: { 'retry-after': String(Math.ceil(taken.retryAfterMs / 1000)) },
        details: { retry_after_ms: taken.retryAfterMs, per_second: perSecond, burst },
      });
    }
    return key;
  };

  ctx.router.registry.push(
    {
      method: 'POST',
      url: '/v1/payment_intents',
      summary: 'Sandbox: create a payment intent (Bearer sandbox API key; Molam-Signature HMAC of the raw body; optional Idempotency-Key)',
      tags: ['sandbox'],
      roles: [],
      body: CreatePaymentIntentBodySchema,
      response: PaymentIntentSchema,
      status: 201,
      idempotent: false,
    },
    {
      method: 'GET',
      url: '/v1/payment_intents/:id',
      summary: 'Sandbox: read a payment intent of the calling key\'s developer (Bearer sandbox API key)',
      tags: ['sandbox'],
      roles: [],
      params: z.object({ id: PaymentIntentIdSchema }),
      response: PaymentIntentSchema,
      status: 200,
      idempotent: false,
    },
  );

  app.register(async (scope) => {
    // The server-wide body limit (1 MiB) still applies to this parser.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.addHook('onError', async (request, _reply, error) => {
      if (error instanceof HttpError) outcomes.set(request, error.code);
    });
    scope.addHook('onResponse', async (request, reply) => {
      const outcome = reply.statusCode < 400 ? 'ok' : (outcomes.get(request) ?? `http_${reply.statusCode}`);
      requests.labels(request.routeOptions.url ?? 'unmatched', outcome).inc();
    });

    scope.post('/v1/payment_intents', async (request, reply) => {
      const key = await admit(request, reply);
      const raw = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
      const signature = verifySandboxSignature(key.secret_key, header(request, 'molam-signature'), raw, Date.now() / 1000);
      if (!signature.ok) {
        throw new HttpError(401, signature.code, signature.message, signature.code === 'invalid_signature' ? {} : { details: signature.details });
      }
      const body = parseIntentBody(raw);
      const idempotencyKey = header(request, 'idempotency-key');
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw badRequest('Idempotency-Key must be 8-200 characters of letters, digits, ".", "_", ":" or "-"', 'headers.idempotency-key');
      }
      const { intent, replayed } = await createIntent(db, key, body, raw, idempotencyKey);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(checked(intent));
    });

    scope.get('/v1/payment_intents/:id', async (request, reply) => {
      const key = await admit(request, reply);
      const id = PaymentIntentIdSchema.safeParse((request.params as { id?: unknown }).id);
      const { rows } = id.success
        ? await db.query<IntentRow>(
            `SELECT ${INTENT_COLUMNS} FROM sandbox_payment_intents i JOIN sandbox_api_keys k ON k.id = i.api_key_id
              WHERE i.id = $1 AND k.developer_id = $2`,
            [id.data, key.developer_id],
          )
        : { rows: [] };
      // Another developer's intent is reported as absent, not forbidden, so ids cannot be probed.
      if (!rows[0]) throw new HttpError(404, 'not_found', 'no such payment intent for this API key\'s developer', { field: 'id' });
      return reply.send(checked(toIntent(rows[0])));
    });
  });
}

/**
 * Creates the intent. With an Idempotency-Key, the first answer is stored beside it in the same
 * transaction and a retry of the same body (re-signed or sent with another key of the same
 * developer) gets that answer back instead of a second intent.
 */
async function createIntent(
  db: ServerContext['db'],
  key: SandboxKeyRow,
  body: CreatePaymentIntentBody,
  raw: Buffer,
  idempotencyKey: string | undefined,
): Promise<{ intent: PaymentIntent; replayed: boolean }> {
  const owner = `sandbox-developer:${key.developer_id}`;
  const requestHash = createHash('sha256').update(CREATE_ROUTE).update(raw).digest('hex');
  return db.transaction(async (tx) => {
    if (idempotencyKey !== undefined) {
      const claimed = await tx.query(
        `INSERT INTO idempotency_keys (token_id, key, route, request_hash, status_code, response)
         VALUES ($1, $2, $3, $4, 0, 'null') ON CONFLICT DO NOTHING RETURNING key`,
        [owner, idempotencyKey, CREATE_ROUTE, requestHash],
      );
      if (claimed.rowCount === 0) {
        const { rows } = await tx.query<{ request_hash: string; response: PaymentIntent }>(
          'SELECT request_hash, response FROM idempotency_keys WHERE token_id = $1 AND key = $2',
          [owner, idempotencyKey],
        );
        if (rows[0]!.request_hash !== requestHash) {
          throw conflict('idempotency_key_reused', 'this Idempotency-Key was used for a different request body');
        }
        return { intent: rows[0]!.response, replayed: true };
      }
    }
    const intent = await insertIntent(tx, key, body);
    if (idempotencyKey !== undefined) {
      await tx.query('UPDATE idempotency_keys SET status_code = 201, response = $3::jsonb WHERE token_id = $1 AND key = $2', [
        owner,
        idempotencyKey,
        JSON.stringify(intent),
      ]);
    }
    return { intent, replayed: false };
  });
}

async function insertIntent(db: Queryable, key: SandboxKeyRow, body: CreatePaymentIntentBody): Promise<PaymentIntent> {
  const { rows } = await db.query<IntentRow>(
    `INSERT INTO sandbox_payment_intents AS i (id, api_key_id, amount, currency, status, description, customer, metadata)
     VALUES ($1, $2, $3, $4, 'succeeded', $5, $6::jsonb, $7::jsonb)
     RETURNING ${INTENT_COLUMNS}`,
    [
      `pi_${randomBytes(12).toString('hex')}`,
      key.id,
      body.amount,
      body.currency,
      body.description ?? null,
      body.customer ? JSON.stringify(body.customer) : null,
      JSON.stringify(body.metadata ?? {}),
    ],
  );
  return toIntent(rows[0]!);
}
