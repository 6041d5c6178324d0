/**
 * The registry's patch-signing public keys (PEM), from `GET /api/dev/signing-keys`. Convenient in
 * development; in production pin the keys in configuration, as a key fetched over the same channel
 * as the patches protects nothing against whoever controls that channel.
 */
export async function fetchSigningKeys(options: { baseUrl: string; sdkToken: string; timeoutMs?: number }): Promise<string[]> {
  const response = await fetch(new URL('/api/dev/signing-keys', options.baseUrl), {
    headers: { authorization: `Bearer ${options.sdkToken}` },
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (!response.ok) throw new Error(`GET /api/dev/signing-keys answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const answer = (await response.json()) as { keys?: { public_key_pem?: unknown }[] };
  if (!Array.isArray(answer.keys)) throw new Error('GET /api/dev/signing-keys answered without a "keys" list');
  return answer.keys.flatMap((key) => (typeof key.public_key_pem === 'string' ? [key.public_key_pem] : []));
}
