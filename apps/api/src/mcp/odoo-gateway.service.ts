import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OdooClient, OdooError, OdooFieldDescription, OdooTimeoutError } from '@gantry/odoo';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { RefreshAheadCache } from '../common/refresh-ahead-cache';
import { OdooConnectionsService } from '../odoo-connections/odoo-connections.service';
import { OdooClientFactory } from '../odoo-connections/odoo-client-factory';
import { OdooIdentitiesService } from '../odoo-connections/odoo-identities.service';
import { TeamEvents } from '../teams/team-events';
import { TeamsService } from '../teams/teams.service';
import { toWorkspaceCaller, WorkspacesService } from '../workspaces/workspaces.service';
import { McpCaller } from './mcp-caller';
import { OdooPolicy } from './odoo-policy';
import { ToolFailure } from './tool-failure';

/** A caller's Odoo credentials and the team policy are never used more than 5 s after they were read. */
const CONNECTION_TTL_MS = 5_000;
const POLICY_TTL_MS = 5_000;
const FIELDS_TTL_MS = 5 * 60_000;
/** Re-read a little before that, in the background, so that busy callers never wait for the database. */
const REFRESH_AHEAD = 0.8;

interface CachedClient {
  client: OdooClient;
  key: string;
  line: string;
  majorVersion?: number;
}

/**
 * Keeps Odoo clients (keep-alive agent, cached uid) per set of credentials and each team's compiled
 * policy, re-validated every few seconds; credentials are decrypted only while resolving a caller.
 */
@Injectable()
export class OdooGatewayService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('OdooGateway');
  private readonly clients = new Map<string, CachedClient>();
  /** Per caller (see whoOf): the key of its entry in `clients`. */
  private readonly resolved = this.refreshAhead<string>(CONNECTION_TTL_MS, 'the Odoo connection of');
  private readonly policies = this.refreshAhead<OdooPolicy>(POLICY_TTL_MS, 'the MCP policy of team');
  private readonly fields = this.refreshAhead<Record<string, OdooFieldDescription>>(FIELDS_TTL_MS, 'the Odoo fields of');

  constructor(
    private readonly connections: OdooConnectionsService,
    private readonly identities: OdooIdentitiesService,
    private readonly odooClients: OdooClientFactory,
    private readonly teams: TeamsService,
    private readonly workspaces: WorkspacesService,
    private readonly teamEvents: TeamEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // A policy change holds from the next call on (other replicas re-read it within POLICY_TTL_MS).
    this.teamEvents.onSettingsChanged((teamId) => this.policies.delete(teamId));
  }

  /**
   * The Odoo client a caller's tools run with: the member's own linked Odoo login when there is
   * one (so Odoo's access rules apply to them), else the team connection's. Clients are shared by
   * every caller with the same credentials.
   */
  async clientFor(caller: McpCaller): Promise<{ client: OdooClient; majorVersion: () => Promise<number>; connectionKey: string }> {
    const who = whoOf(caller);
    const open = () => (caller.workspace ? this.openWorkspaceClient(caller, caller.workspace) : this.openClient(caller));
    let found = this.clients.get(await this.resolved.get(who, open));
    if (!found) {
      // a refresh replaced this caller's client with a newer version of its credentials just now
      this.resolved.delete(who);
      found = this.clients.get(await this.resolved.get(who, open))!;
    }
    const entry = found;
    return {
      client: entry.client,
      connectionKey: entry.key,
      majorVersion: async () => (entry.majorVersion ??= (await entry.client.version()).major),
    };
  }

  /**
   * On /mcp/workspaces/<id> the Odoo tools work in that workspace's own Odoo, as its `admin` user
   * with WORKSPACE_ODOO_ADMIN_PASSWORD (no default: unset, they say so). The client follows the
   * workspace's URL and database if they change.
   */
  private async openWorkspaceClient(caller: McpCaller, workspace: { id: string; name: string }): Promise<string> {
    const secret = this.config.WORKSPACE_ODOO_ADMIN_PASSWORD;
    if (!secret) {
      throw new ToolFailure(
        'WORKSPACE_ODOO_LOGIN_NOT_CONFIGURED',
        "This server has no WORKSPACE_ODOO_ADMIN_PASSWORD, so the Odoo tools cannot sign in to a workspace's Odoo; the workspace tools still work.",
      );
    }
    const endpoint = await this.workspaces.odooEndpoint(toWorkspaceCaller(caller), workspace.name);
    const line = `workspace/${workspace.id}`;
    const key = `${line}@${endpoint.url}/${endpoint.database}`;
    if (!this.clients.has(key)) {
      this.closeLine(line);
      const client = new OdooClient({
        url: endpoint.url,
        database: endpoint.database,
        login: 'admin',
        secret,
        timeoutMs: this.config.ODOO_TIMEOUT_MS,
        maxSockets: this.config.ODOO_MAX_SOCKETS,
      });
      this.clients.set(key, { client, key, line });
    }
    return key;
  }

  private closeLine(line: string): void {
    for (const [stale, entry] of this.clients) {
      if (entry.line === line) {
        entry.client.close();
        this.clients.delete(stale);
      }
    }
  }

  private async openClient(caller: McpCaller): Promise<string> {
    let team;
    try {
      team = await this.connections.credentialsFor(caller.team.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') {
        throw new ToolFailure('NO_ODOO_CONNECTION', 'This team has no Odoo connection yet; an admin can add one in the Gantry dashboard.');
      }
      throw error;
    }
    const own = await this.identities.credentialsFor(caller.team.id, caller.user.id);
    // A "line" is one set of credentials over time; a newer version of it replaces the older client.
    const line = `${team.connectionId}/${own?.id ?? 'team'}`;
    const key = `${line}@${team.updatedAt.getTime()}/${own?.updatedAt.getTime() ?? 0}`;
    if (this.clients.has(key)) return key;
    // The URL is checked again for every new client (its name may resolve elsewhere by now), and every socket is pinned.
    const client = await this.odooClients.open({
      url: team.url,
      database: team.database,
      login: own ? own.login : team.login,
      secret: own ? own.secret : team.secret,
      timeoutMs: this.config.ODOO_TIMEOUT_MS,
      maxSockets: this.config.ODOO_MAX_SOCKETS,
    });
    if (this.clients.has(key)) {
      client.close(); // another caller with the same credentials opened one meanwhile
      return key;
    }
    this.closeLine(line);
    this.clients.set(key, { client, key, line });
    return key;
  }

  async policyFor(teamId: string): Promise<OdooPolicy> {
    return this.policies.get(teamId, async () => new OdooPolicy(await this.teams.mcpPolicy(teamId)));
  }

  /** fields_get per connection and model, cached; `forget` drops it after a schema error. */
  async fieldsOf(caller: McpCaller, model: string): Promise<Record<string, OdooFieldDescription>> {
    const { client, connectionKey } = await this.clientFor(caller);
    return this.fields.get(`${connectionKey}:${model}`, () =>
      client.fieldsGet(model, { attributes: ['type', 'string', 'required', 'readonly', 'store', 'relation', 'selection', 'help'] }),
    );
  }

  forgetFields(caller: McpCaller, model: string): void {
    const connectionKey = this.resolved.peek(whoOf(caller));
    if (connectionKey) this.fields.delete(`${connectionKey}:${model}`);
  }

  /** Odoo's own errors become tool failures with Odoo's code and message (no secrets: the client never puts them in). */
  static toFailure(error: unknown): ToolFailure {
    if (error instanceof ToolFailure) return error;
    if (error instanceof OdooTimeoutError) return new ToolFailure(error.code, error.message, 'timeout');
    if (error instanceof OdooError) return new ToolFailure(error.code, error.message);
    if (error instanceof DomainError) return new ToolFailure(error.code, error.message);
    return new ToolFailure('INTERNAL', 'Gantry failed to run this tool; the error was logged.');
  }

  private refreshAhead<V>(ttlMs: number, what: string): RefreshAheadCache<string, V> {
    return new RefreshAheadCache<string, V>({
      ttlMs,
      refreshAfterMs: ttlMs * REFRESH_AHEAD,
      what,
      logger: this.logger,
    });
  }

  onApplicationShutdown(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }
}

/** Whose client a caller uses: a member in a team, or one workspace's own Odoo. */
function whoOf(caller: McpCaller): string {
  return caller.workspace ? `workspace:${caller.workspace.id}` : `${caller.team.id}:${caller.user.id}`;
}
