import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretStorageKind } from '../../src-shared/ipc/settings.js';

/**
 * Where backend tokens live, keyed by profile id. Tokens never leave the main process: the
 * renderer only learns whether a profile has one, and `kind` (to say so when protection is weak).
 */
export interface SecretStore {
  readonly kind: SecretStorageKind;
  save(profileId: string, token: string): Promise<void>;
  load(profileId: string): Promise<string | undefined>;
  remove(profileId: string): Promise<void>;
}

/** How stored tokens are encoded: as is, or encrypted (Electron's safeStorage, by the desktop shell). */
export interface SecretCodec {
  kind: SecretStorageKind;
  encode(token: string): string;
  decode(stored: string): string;
}

const PLAIN: SecretCodec = { kind: 'user-only-file', encode: (t) => t, decode: (s) => s };

/**
 * Tokens in one JSON file readable and writable by the user only (mode 0600, folder 0700),
 * replaced atomically on every change. With a codec the values are encrypted before they are
 * written; without one the file's permissions are the only protection (the browser shell's case).
 */
export class FileSecretStore implements SecretStore {
  readonly kind: SecretStorageKind;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly codec: SecretCodec = PLAIN,
  ) {
    this.kind = codec.kind;
  }

  save(profileId: string, token: string): Promise<void> {
    return this.update((secrets) => {
      secrets[profileId] = this.codec.encode(token);
    });
  }

  async load(profileId: string): Promise<string | undefined> {
    await this.queue;
    const stored = this.read()[profileId];
    return stored === undefined ? undefined : this.codec.decode(stored);
  }

  remove(profileId: string): Promise<void> {
    return this.update((secrets) => {
      delete secrets[profileId];
    });
  }

  /** Changes are serialised so two saves cannot interleave their read-modify-write. */
  private update(change: (secrets: Record<string, string>) => void): Promise<void> {
    const next = this.queue.then(() => {
      const secrets = this.read();
      change(secrets);
      this.write(secrets);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private read(): Record<string, string> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`the token file ${this.file} is not a JSON object`);
    }
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }

  private write(secrets: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify(secrets), { mode: 0o600 });
      chmodSync(temporary, 0o600); // the umask may have widened the mode given above
      renameSync(temporary, this.file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }
}
