import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { OdooClient, OdooError, OdooFieldDescription, OdooTimeoutError } from '@gantry/odoo';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { OdooConnectionsService } from '../odoo-connections/odoo-connections.service';
import { TeamsService } from '../teams/teams.service';
import { OdooPolicy } from './odoo-policy';
import { ToolFailure } from './tool-failure';

const CONNECTION_TTL_MS = 5_000;
const POLICY_TTL_MS = 5_000;
const FIELDS_TTL_MS = 5 * 60_000;

interface CachedClient {
  client: OdooClient;
  key: string;
  majorVersion?: number;
  checkedAt: number;
}

/**
 * Keeps one Odoo client per team (keep-alive agent, cached uid) and the team's compiled policy,
 * each re-validated every few seconds; credentials are decrypted only when a client is (re)built.
 */
@Injectable()
export class OdooGatewayService implements OnApplicationShutdown {
  private readonly clients = new Map<string, CachedClient>();
  private readonly policies = new Map<string, { policy: OdooPolicy; at: number }>();
  private readonly fields = new Map<string, { fields: Record<string, OdooFieldDescription>; at: number }>();

  constructor(
    private readonly connections: OdooConnectionsService,
    private readonly teams: TeamsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async clientFor(teamId: string): Promise<{ client: OdooClient; majorVersion: () => Promise<number>; connectionKey: string }> {
    let cached = this.clients.get(teamId);
    if (!cached || Date.now() - cached.checkedAt > CONNECTION_TTL_MS) {
      let credentials;
      try {
        credentials = await this.connections.credentialsFor(teamId);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') {
          throw new ToolFailure('NO_ODOO_CONNECTION', 'This team has no Odoo connection yet; an admin can add one in the Gantry dashboard.');
        }
        throw error;
      }
      const key = `${credentials.connectionId}:${credentials.updatedAt.getTime()}`;
      if (cached?.key === key) {
        cached.checkedAt = Date.now();
      } else {
        cached?.client.close();
        cached = { client: new OdooClient({ ...credentials, timeoutMs: this.config.ODOO_TIMEOUT_MS, maxSockets: this.config.ODOO_MAX_SOCKETS }), key, checkedAt: Date.now() };
        this.clients.set(teamId, cached);
      }
    }
    const entry = cached;
    return {
      client: entry.client,
      connectionKey: entry.key,
      majorVersion: async () => (entry.majorVersion ??= (await entry.client.version()).major),
    };
  }

  async policyFor(teamId: string): Promise<OdooPolicy> {
    const cached = this.policies.get(teamId);
    if (cached && Date.now() - cached.at < POLICY_TTL_MS) return cached.policy;
    const policy = new OdooPolicy(await this.teams.mcpPolicy(teamId));
    this.policies.set(teamId, { policy, at: Date.now() });
    return policy;
  }

  /** fields_get per connection and model, cached; `forget` drops it after a schema error. */
  async fieldsOf(teamId: string, model: string): Promise<Record<string, OdooFieldDescription>> {
    const { client, connectionKey } = await this.clientFor(teamId);
    const cacheKey = `${connectionKey}:${model}`;
    const cached = this.fields.get(cacheKey);
    if (cached && Date.now() - cached.at < FIELDS_TTL_MS) return cached.fields;
    const fields = await client.fieldsGet(model, { attributes: ['type', 'string', 'required', 'readonly', 'store', 'relation', 'selection', 'help'] });
    this.fields.set(cacheKey, { fields, at: Date.now() });
    return fields;
  }

  forgetFields(teamId: string, model: string): void {
    const cached = this.clients.get(teamId);
    if (cached) this.fields.delete(`${cached.key}:${model}`);
  }

  /** Odoo's own errors become tool failures with Odoo's code and message (no secrets: the client never puts them in). */
  static toFailure(error: unknown): ToolFailure {
    if (error instanceof ToolFailure) return error;
    if (error instanceof OdooTimeoutError) return new ToolFailure(error.code, error.message, 'timeout');
    if (error instanceof OdooError) return new ToolFailure(error.code, error.message);
    if (error instanceof DomainError) return new ToolFailure(error.code, error.message);
    return new ToolFailure('INTERNAL', 'Gantry failed to run this tool; the error was logged.');
  }

  onApplicationShutdown(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }
}
