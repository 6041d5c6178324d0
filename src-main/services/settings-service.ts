import { randomUUID } from 'node:crypto';
import type { Profile } from '../../src-shared/ipc/settings.js';
import type { SyncStatus } from '../../src-shared/ipc/model.js';
import type { ConnectionTest, SettingsView } from '../../src-shared/ipc/settings.js';
import { testConnection, type ConnectionTestOptions } from './connection-test.js';
import { ServiceError, notFound } from './service-error.js';
import type { SessionManager } from './session-manager.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { ProfileRecord } from '../cache/repositories/profiles-repo.js';
import type { SecretStore } from './secret-store.js';

export interface SaveProfileInput {
  id?: string;
  name: string;
  url: string;
  /** Omitted: keep the stored token; null: remove it. */
  token?: string | null;
}

/** Backend profiles: name and URL in the cache, the token in the secret store (never returned). */
export class SettingsService {
  constructor(
    private readonly repos: Repositories,
    private readonly secrets: SecretStore,
    private readonly sessions: SessionManager,
    private readonly now: () => Date = () => new Date(),
    private readonly connectionTest: ConnectionTestOptions = {},
  ) {}

  async view(): Promise<SettingsView> {
    const activeProfileId = this.sessions.activeProfileId();
    const profiles = await Promise.all(this.repos.profiles.list().map((p) => this.toProfile(p, activeProfileId)));
    return { profiles, activeProfileId, secretStorage: this.secrets.kind, demoAvailable: this.sessions.hasEmbedded() };
  }

  async saveProfile(input: SaveProfileInput): Promise<Profile> {
    const { profiles } = this.repos;
    const url = input.url.replace(/\/+$/, '');
    let record: ProfileRecord;
    let reconnect: { resetCache: boolean } | null = null;
    if (input.id === undefined) {
      record = { id: randomUUID(), name: input.name, url, embedded: false, createdAt: this.now().toISOString() };
      profiles.insert(record);
    } else {
      const existing = profiles.get(input.id);
      if (!existing) throw notFound('profile', input.id);
      if (existing.embedded && url !== existing.url) {
        throw new ServiceError('invalid_request', 'embedded_address_fixed', 'the embedded backend picks its own address; only its name can change');
      }
      profiles.update(existing.id, input.name, url);
      record = profiles.get(existing.id)!;
      const active = this.sessions.activeProfileId() === existing.id;
      if (active && url !== existing.url) reconnect = { resetCache: true };
      else if (active && input.token !== undefined) reconnect = { resetCache: false };
    }
    if (input.token === null) await this.secrets.remove(record.id);
    else if (input.token !== undefined) await this.secrets.save(record.id, input.token);
    if (reconnect) {
      this.repos.syncState.setIdentity(null);
      await this.sessions.reopen(reconnect);
    }
    return this.toProfile(record, this.sessions.activeProfileId());
  }

  async deleteProfile(id: string): Promise<{ deleted: true }> {
    if (!this.repos.profiles.get(id)) throw notFound('profile', id);
    if (this.sessions.activeProfileId() === id) {
      throw new ServiceError('conflict', 'profile_in_use', 'this profile is in use; switch to another one before deleting it');
    }
    this.repos.profiles.delete(id);
    await this.secrets.remove(id);
    return { deleted: true };
  }

  async switchProfile(id: string): Promise<SyncStatus> {
    if (!this.repos.profiles.get(id)) throw notFound('profile', id);
    await this.sessions.switchTo(id);
    return this.sessions.status();
  }

  /** Tries a backend's URL and token without saving them (the token stays in main). */
  testConnection(input: { url: string; token?: string | undefined }): Promise<ConnectionTest> {
    return testConnection(input, this.connectionTest);
  }

  /** Back to the embedded demo backend (the welcome screen's and Settings' way to it). */
  async useDemo(): Promise<SyncStatus> {
    if (!this.sessions.hasEmbedded()) throw new ServiceError('conflict', 'demo_disabled', 'the embedded demo is turned off in this shell; connect to a backend instead');
    await this.sessions.useDemo();
    return this.sessions.status();
  }

  private async toProfile(record: ProfileRecord, activeProfileId: string | null): Promise<Profile> {
    return {
      id: record.id,
      name: record.name,
      url: record.url,
      hasToken: (await this.secrets.load(record.id)) !== undefined,
      embedded: record.embedded,
      active: record.id === activeProfileId,
      createdAt: record.createdAt,
    };
  }
}
