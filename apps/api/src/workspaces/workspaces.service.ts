import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  Workspace,
  WorkspaceCreateInput,
  WorkspaceExecInput,
  WorkspaceExecResult,
  WorkspaceList,
  WorkspaceLogs,
  WorkspaceLogsQuery,
  WorkspaceMcpToken,
  WorkspacePullResult,
  WorkspaceShellInput,
  WorkspaceStatus,
} from '@gantry/contracts';
import type Docker from 'dockerode';
import { Model, Types } from 'mongoose';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, notFound } from '../common/domain-error';
import { randomToken, safeEqual, sha256Hex } from '../common/secrets';
import { isDuplicateKeyError } from '../users/users.service';
import { Vault } from '../vault/vault';
import { planModuleChanges } from './module-changes';
import { ODOO_ADDONS_DIR, ODOO_CONF_DIR, ODOO_CONF_PATH, ODOO_DATA_DIR, renderOdooConf } from './odoo-conf';
import { directoryTar, singleFileTar, templateDir } from './workspace-archive';
import { WorkspaceDatabaseServer } from './workspace-database';
import { WorkspaceFailureRecord } from './workspace-failure.schema';
import { LABEL, statusOf, WorkspaceEngine } from './workspace-engine';
import { WorkspaceLocks } from './workspace-locks';
import { containerName, databaseName, networkName, roleName, volumeName } from './workspace-names';
import { WorkspaceRouting } from './workspace-routing';
import { WorkspaceSource } from './workspace-source';
import { WorkspaceTemplateDocument, WorkspaceTemplateRecord } from './workspace-template.schema';
import { WorkspaceDocument, WorkspaceEncryptedField, WorkspaceRecord, workspaceSecretContext } from './workspace.schema';

/** Who asks: enough to scope every query by team and to write the audit record. The MCP layer builds one too. */
export interface WorkspaceCaller {
  teamId: string;
  teamSlug: string;
  user: { id: string; name?: string | null; email?: string | null };
  credential: { type: 'api_key' | 'oauth' | 'session' | 'workspace_token'; id: string };
}

/** The caller as the workspaces service sees it, from a REST actor or an /mcp caller alike. */
export function toWorkspaceCaller(who: {
  team: { id: string; slug: string };
  user: { id: string; name?: string | null; email?: string | null };
  credential: WorkspaceCaller['credential'];
}): WorkspaceCaller {
  return {
    teamId: who.team.id,
    teamSlug: who.team.slug,
    user: { id: who.user.id, name: who.user.name, email: who.user.email },
    credential: { type: who.credential.type, id: who.credential.id },
  };
}

const STOP_TIMEOUT_S = 10;
const DEFAULT_BRANCH = 'main';

/**
 * Disposable Odoo workspaces on a Docker-compatible engine. Every method takes the caller's team
 * and touches only records and engine objects of that team (container names are checked against
 * the team-id label before anything is changed). Mutations hold the workspace's lock.
 */
@Injectable()
export class WorkspacesService {
  private readonly logger = new Logger('Workspaces');
  private iptablesWarned = false;

  constructor(
    @InjectModel(WorkspaceRecord.name) private readonly workspaces: Model<WorkspaceRecord>,
    @InjectModel(WorkspaceTemplateRecord.name) private readonly templates: Model<WorkspaceTemplateRecord>,
    @InjectModel(WorkspaceFailureRecord.name) private readonly failures: Model<WorkspaceFailureRecord>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly engine: WorkspaceEngine,
    private readonly database: WorkspaceDatabaseServer,
    private readonly locks: WorkspaceLocks,
    private readonly routing: WorkspaceRouting,
    private readonly source: WorkspaceSource,
    private readonly vault: Vault,
    private readonly audit: AuditService,
  ) {}

  // ---- queries ---------------------------------------------------------------------------------

  async list(caller: WorkspaceCaller): Promise<WorkspaceList> {
    await this.engine.require();
    const records = await this.workspaces
      .find({ teamId: new Types.ObjectId(caller.teamId) })
      .sort({ createdAt: 1 })
      .exec();
    const containers = await this.teamContainers(caller.teamId);
    const byName = new Map(containers.map((container) => [container.Names[0]?.replace(/^\//, ''), container]));
    const workspaces = records.map((record) => this.toView(record, this.statusFrom(record, byName.get(record.containerName))));
    const claimed = new Set(records.map((record) => record.containerName));
    const orphans = containers
      .filter((container) => !claimed.has(container.Names[0]?.replace(/^\//, '') ?? ''))
      .map((container) => ({
        containerName: container.Names[0]?.replace(/^\//, '') ?? container.Id.slice(0, 12),
        workspace: container.Labels[LABEL.workspace] ?? null,
        state: container.State,
        createdAt: container.Labels[LABEL.createdAt] ?? null,
      }));
    return { workspaces, orphans };
  }

  async info(caller: WorkspaceCaller, name: string): Promise<Workspace> {
    await this.engine.require();
    const record = await this.require(caller, name);
    return this.toView(record, await this.liveStatus(record));
  }

  /** Where the workspace's own Odoo answers its external API, for the Odoo tools on /mcp/workspaces/<id>. */
  async odooEndpoint(caller: WorkspaceCaller, name: string): Promise<{ url: string; database: string }> {
    const workspace = await this.info(caller, name);
    if (workspace.status !== 'running' || !workspace.url) {
      throw new DomainError('WORKSPACE_NOT_RUNNING', `Workspace ${name} is ${workspace.status}; start it (start_workspace) to reach its Odoo`);
    }
    return { url: workspace.url, database: workspace.database };
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /**
   * Creates a workspace, answering after at most `waitMs`: `done: false` means it is still being
   * created (status "creating") and goes on in the background; `info` follows it, and a failure
   * later shows there as NOT_FOUND with the reason. Errors found before anything is reserved
   * (name taken, quota, validation) are thrown whatever the wait.
   */
  async createWithin(caller: WorkspaceCaller, input: WorkspaceCreateInput, waitMs: number): Promise<{ workspace: Workspace; done: boolean }> {
    let onReserved: (view: Workspace) => void = () => undefined;
    const reserved = new Promise<Workspace>((resolve) => {
      onReserved = resolve;
    });
    const work = this.create(caller, input, onReserved);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<null>((resolve) => {
      timer = setTimeout(resolve, waitMs, null);
    });
    try {
      const finished = await Promise.race([work, waited]);
      if (finished) return { workspace: finished, done: true };
      const next = await Promise.race([work.then((workspace) => ({ workspace, done: true })), reserved.then((workspace) => ({ workspace, done: false }))]);
      // Going on without a listener: its outcome is audited, and a failure is kept for info().
      if (!next.done) work.catch(() => undefined);
      return next;
    } finally {
      clearTimeout(timer);
    }
  }

  async create(caller: WorkspaceCaller, input: WorkspaceCreateInput, onReserved?: (view: Workspace) => void): Promise<Workspace> {
    return this.audited(caller, 'workspace.create', input.name, { ...input, env: input.env ? Object.keys(input.env) : undefined }, async () => {
      await this.engine.require();
      if (input.repoUrl) await this.source.checkAllowed(input.repoUrl);
      return this.locks.withTeam(caller.teamId, async () => {
        const teamId = new Types.ObjectId(caller.teamId);
        if (await this.workspaces.exists({ teamId, name: input.name }))
          throw new DomainError('WORKSPACE_NAME_TAKEN', `This team already has a workspace named ${input.name}`);
        const count = await this.workspaces.countDocuments({ teamId }).exec();
        if (count >= this.config.WORKSPACE_SLOTS_PER_TEAM) {
          throw new DomainError(
            'WORKSPACE_QUOTA_EXCEEDED',
            `This team has used all its ${this.config.WORKSPACE_SLOTS_PER_TEAM} workspace slots; delete one first`,
          );
        }
        const template = input.template ? await this.templates.findOne({ teamId, name: input.template }).exec() : null;
        if (input.template && !template) throw notFound('Template');
        const container = containerName(caller.teamSlug, input.name);
        const network = networkName(caller.teamSlug);
        await this.assertNameFree(caller.teamId, container);
        const id = new Types.ObjectId();
        const image = input.image ?? template?.image ?? this.config.WORKSPACE_ODOO_IMAGE;
        const fields = {
          _id: id,
          teamId,
          teamSlug: caller.teamSlug,
          name: input.name,
          containerName: container,
          networkName: network,
          image,
          repoUrl: input.repoUrl ?? null,
          branch: input.repoUrl ? (input.branch ?? DEFAULT_BRANCH) : null,
          gitCredentialId: input.gitCredentialId ? new Types.ObjectId(input.gitCredentialId) : null,
          template: template?.name ?? null,
          database: databaseName(caller.teamId, input.name),
          role: roleName(caller.teamId, input.name),
          dbPassword: this.vault.encrypt(randomBytes(24).toString('base64url'), workspaceSecretContext(id, 'dbPassword')),
          adminPassword: this.vault.encrypt(randomBytes(24).toString('base64url'), workspaceSecretContext(id, 'adminPassword')),
          env: this.vault.encrypt(JSON.stringify(input.env ?? {}), workspaceSecretContext(id, 'env')),
          envKeys: Object.keys(input.env ?? {}).sort(),
          status: 'creating' as const,
          lock: { token: 'create', operation: 'create', expiresAt: new Date(Date.now() + 15 * 60 * 1000) },
        };
        let record: WorkspaceDocument | null = null;
        // Ports published by anything on the engine (another Gantry, a leftover) are not free either.
        const enginePorts = new Set(
          (await this.engine.docker.listContainers({ all: true })).flatMap((entry) =>
            entry.Ports.map((port) => port.PublicPort).filter((port): port is number => Boolean(port)),
          ),
        );
        for (let attempt = 0; attempt < 5 && !record; attempt += 1) {
          try {
            record = await this.workspaces.create({ ...fields, port: await this.routing.freePort(caller.teamId, enginePorts) });
          } catch (error) {
            if (!isDuplicateKeyError(error)) throw error;
            if (await this.workspaces.exists({ teamId, name: input.name }))
              throw new DomainError('WORKSPACE_NAME_TAKEN', `This team already has a workspace named ${input.name}`);
            if (await this.workspaces.exists({ containerName: container }))
              throw new DomainError('WORKSPACE_NAME_COLLISION', `The engine name ${container} is taken by another team; choose another workspace name`);
          }
        }
        if (!record) throw new DomainError('WORKSPACE_BUSY', 'Could not reserve a port; try again');
        await this.failures.deleteOne({ teamId, name: input.name }).exec();
        onReserved?.(this.toView(record, 'creating'));
        try {
          await this.provision(record, template, input.modules ?? []);
          const saved = await this.workspaces
            .findOneAndUpdate({ _id: id, teamId }, { $set: { status: 'running', lock: null, lastActivityAt: new Date() } }, { returnDocument: 'after' })
            .exec();
          return this.toView(saved!, 'running');
        } catch (error) {
          await this.destroy(record).catch((cleanupError: unknown) =>
            this.logger.warn(`cleaning up the failed workspace ${container} failed: ${describe(cleanupError)}`),
          );
          await this.workspaces.deleteOne({ _id: id, teamId }).exec();
          const coded = fromEngine(error);
          const failure = coded instanceof DomainError ? { code: coded.code, message: coded.message } : { code: 'INTERNAL', message: 'The operation failed' };
          await this.failures
            .updateOne(
              { teamId, name: input.name },
              { $set: { ...failure, at: new Date(), expiresAt: new Date(Date.now() + 24 * 3_600_000) } },
              { upsert: true },
            )
            .exec()
            .catch(() => undefined);
          throw error;
        }
      });
    });
  }

  async start(caller: WorkspaceCaller, name: string): Promise<Workspace> {
    return this.mutate(caller, name, 'start', async (record) => {
      await this.startContainer(record);
      return this.toView(record, 'running');
    });
  }

  async stop(caller: WorkspaceCaller, name: string): Promise<Workspace> {
    return this.mutate(caller, name, 'stop', async (record) => {
      await this.stopContainer(record);
      return this.toView(record, 'stopped');
    });
  }

  async restart(caller: WorkspaceCaller, name: string): Promise<Workspace> {
    return this.mutate(caller, name, 'restart', async (record) => {
      await this.stopContainer(record);
      await this.startContainer(record);
      return this.toView(record, 'running');
    });
  }

  /** A new container from the record (new image or settings), keeping database, filestore and sources. */
  async recreate(caller: WorkspaceCaller, name: string, options: { image?: string } = {}): Promise<Workspace> {
    return this.mutate(caller, name, 'recreate', async (record) => {
      if (options.image) {
        await this.engine.ensureImage(options.image);
        record.image = options.image;
        await this.workspaces.updateOne({ _id: record._id, teamId: record.teamId }, { $set: { image: options.image } }).exec();
      }
      await this.removeContainer(record);
      const endpoint = await this.database.prepare(record.networkName);
      await this.createContainer(record, endpoint);
      await this.startContainer(record);
      return this.toView(record, 'running');
    });
  }

  async delete(caller: WorkspaceCaller, name: string): Promise<void> {
    await this.audited(caller, 'workspace.delete', name, { name }, async () => {
      await this.engine.require();
      await this.locks.withWorkspace(caller.teamId, name, 'delete', async (record) => {
        await this.destroy(record);
        await this.workspaces.deleteOne({ _id: record._id, teamId: record.teamId }).exec();
        await this.removeNetworkIfUnused(record);
      });
    });
  }

  // ---- inside the workspace --------------------------------------------------------------------

  async logs(caller: WorkspaceCaller, name: string, query: WorkspaceLogsQuery): Promise<WorkspaceLogs> {
    await this.engine.require();
    const record = await this.require(caller, name);
    const lines = await this.engine.logs(record.containerName, query.tail).catch((error: unknown) => {
      if (statusOf(error) === 404) throw new DomainError('WORKSPACE_NOT_RUNNING', 'The workspace container is missing; recreate it');
      throw error;
    });
    const needle = query.grep?.toLowerCase();
    const selected = needle ? lines.filter((line) => line.toLowerCase().includes(needle)) : lines;
    await this.touch(record);
    return { lines: selected, truncated: lines.length >= query.tail };
  }

  async exec(caller: WorkspaceCaller, name: string, input: WorkspaceExecInput): Promise<WorkspaceExecResult> {
    return this.mutate(caller, name, 'exec', async (record) => this.run(record, input.command, { timeoutMs: input.timeoutSeconds * 1000 }), {
      command: input.command[0],
    });
  }

  /** Runs a Python snippet in `odoo shell` against the workspace database. */
  async shell(caller: WorkspaceCaller, name: string, input: WorkspaceShellInput): Promise<WorkspaceExecResult> {
    return this.mutate(caller, name, 'shell', async (record) =>
      this.run(record, ['odoo', 'shell', '-c', ODOO_CONF_PATH, '-d', record.database, '--no-http'], {
        stdin: `${input.code}\n`,
        timeoutMs: input.timeoutSeconds * 1000,
      }),
    );
  }

  async install(caller: WorkspaceCaller, name: string, modules: string[]): Promise<WorkspaceExecResult> {
    return this.mutate(caller, name, 'install', async (record) => this.applyModules(record, modules, []), { modules });
  }

  async upgrade(caller: WorkspaceCaller, name: string, modules: string[]): Promise<WorkspaceExecResult> {
    return this.mutate(caller, name, 'upgrade', async (record) => this.applyModules(record, [], modules), { modules });
  }

  /** Runs the modules' tests in a separate Odoo process (no HTTP) against the workspace database. */
  async test(caller: WorkspaceCaller, name: string, modules: string[]): Promise<WorkspaceExecResult> {
    return this.mutate(
      caller,
      name,
      'test',
      async (record) =>
        this.run(record, ['odoo', '-c', ODOO_CONF_PATH, '-d', record.database, '-u', modules.join(','), '--test-enable', '--stop-after-init', '--no-http'], {
          timeoutMs: 30 * 60 * 1000,
        }),
      { modules },
    );
  }

  /**
   * Fetches the branch, copies the new tree in, and applies what the change needs: install new
   * modules > upgrade changed ones > restart for code-only changes > nothing.
   */
  async pullAndApply(caller: WorkspaceCaller, name: string): Promise<WorkspacePullResult> {
    return this.mutate(caller, name, 'pull_and_apply', async (record) => {
      if (!record.repoUrl || !record.branch) throw new DomainError('BAD_REQUEST', 'This workspace has no repository');
      const pulled = await this.source.pull(this.sourceSpec(record));
      if (pulled.from === pulled.to)
        return { from: pulled.from, to: pulled.to, changedFiles: [], installed: [], upgraded: [], action: 'nothing' as const, result: null };
      await this.uploadSources(record);
      await this.workspaces.updateOne({ _id: record._id, teamId: record.teamId }, { $set: { commit: pulled.to } }).exec();
      const installed = await this.installedModules(record);
      const plan = planModuleChanges(pulled.changedFiles, pulled.manifests, installed);
      let result: WorkspaceExecResult | null = null;
      if (plan.action === 'install' || plan.action === 'upgrade') result = await this.applyModules(record, plan.install, plan.upgrade);
      else if (plan.action === 'restart') {
        await this.stopContainer(record);
        await this.startContainer(record);
      }
      return {
        from: pulled.from,
        to: pulled.to,
        changedFiles: pulled.changedFiles,
        installed: plan.install,
        upgraded: plan.upgrade,
        action: plan.action,
        result,
      };
    });
  }

  // ---- scoped MCP token ------------------------------------------------------------------------

  async issueMcpToken(caller: WorkspaceCaller, name: string): Promise<WorkspaceMcpToken> {
    return this.mutate(caller, name, 'issue_mcp_token', async (record) => {
      const token = `gws_${randomToken(32)}`;
      const createdAt = new Date();
      await this.workspaces
        .updateOne(
          { _id: record._id, teamId: record.teamId },
          { $set: { mcpTokenHash: sha256Hex(token), mcpTokenCreatedAt: createdAt, mcpTokenIssuedBy: caller.user.id } },
        )
        .exec();
      return { token, path: `/mcp/workspaces/${record.id as string}`, createdAt: createdAt.toISOString() };
    });
  }

  async revokeMcpToken(caller: WorkspaceCaller, name: string): Promise<void> {
    await this.mutate(caller, name, 'revoke_mcp_token', async (record) => {
      await this.workspaces
        .updateOne({ _id: record._id, teamId: record.teamId }, { $set: { mcpTokenHash: null, mcpTokenCreatedAt: null, mcpTokenIssuedBy: null } })
        .exec();
    });
  }

  /** For `/mcp/workspaces/<id>`: the workspace's team, name and the member who issued the token, when the token is that workspace's, else null. */
  async verifyMcpToken(workspaceId: string, token: string): Promise<{ teamId: string; teamSlug: string; workspace: string; issuedBy: string | null } | null> {
    if (!/^[a-f0-9]{24}$/.test(workspaceId) || !token.startsWith('gws_')) return null;
    const record = await this.workspaces.findById(workspaceId).exec();
    if (!record?.mcpTokenHash || !safeEqual(record.mcpTokenHash, sha256Hex(token))) return null;
    return { teamId: record.teamId.toString(), teamSlug: record.teamSlug, workspace: record.name, issuedBy: record.mcpTokenIssuedBy ?? null };
  }

  /** Who issued the workspace's current MCP token and when, for re-checking a call one of its tokens asked for earlier. */
  async mcpTokenIssuer(workspaceId: string): Promise<{ teamId: string; workspace: string; issuedBy: string; issuedAt: Date } | null> {
    if (!/^[a-f0-9]{24}$/.test(workspaceId)) return null;
    const record = await this.workspaces.findById(workspaceId).exec();
    if (!record?.mcpTokenHash || !record.mcpTokenIssuedBy || !record.mcpTokenCreatedAt) return null;
    return { teamId: record.teamId.toString(), workspace: record.name, issuedBy: record.mcpTokenIssuedBy, issuedAt: record.mcpTokenCreatedAt };
  }

  // ---- background --------------------------------------------------------------------------------

  /**
   * Matches records with what the engine reports: statuses are refreshed, and a container with
   * Gantry's labels whose record was lost is adopted again (its role gets a new password, applied
   * at its next start). Containers that cannot be adopted are left alone and listed as orphans.
   */
  async reconcile(knownTeams: (teamId: string) => Promise<string | null>): Promise<{ adopted: string[]; refreshed: number }> {
    if (!(await this.engine.available())) return { adopted: [], refreshed: 0 };
    const containers = await this.engine.docker.listContainers({ all: true, filters: { label: [`${LABEL.managed}=true`, `${LABEL.role}=odoo`] } });
    const adopted: string[] = [];
    let refreshed = 0;
    for (const container of containers) {
      const name = container.Names[0]?.replace(/^\//, '') ?? '';
      const record = await this.workspaces.findOne({ containerName: name }).exec();
      if (record) {
        if (record.teamId.toString() !== container.Labels[LABEL.teamId]) continue;
        const status: WorkspaceStatus = container.State === 'running' ? 'running' : 'stopped';
        if (record.status !== status && record.status !== 'creating') await this.workspaces.updateOne({ _id: record._id }, { $set: { status } }).exec();
        refreshed += 1;
        continue;
      }
      const rebuilt = await this.adopt(container, knownTeams).catch((error: unknown) => {
        this.logger.warn(`could not adopt ${name}: ${describe(error)}`);
        return null;
      });
      if (rebuilt) adopted.push(name);
    }
    return { adopted, refreshed };
  }

  /** Stops workspaces idle longer than WORKSPACE_IDLE_STOP_HOURS (and deletes past WORKSPACE_IDLE_DELETE_HOURS). */
  async enforceIdlePolicy(now = new Date()): Promise<{ stopped: string[]; deleted: string[] }> {
    const stopped: string[] = [];
    const deleted: string[] = [];
    if (!(await this.engine.available())) return { stopped, deleted };
    const hours = (value: number) => new Date(now.getTime() - value * 3_600_000);
    if (this.config.WORKSPACE_IDLE_DELETE_HOURS > 0) {
      for (const record of await this.workspaces.find({ lastActivityAt: { $lt: hours(this.config.WORKSPACE_IDLE_DELETE_HOURS) }, lock: null }).exec()) {
        await this.locks
          .withWorkspace(record.teamId.toString(), record.name, 'auto-delete', async (locked) => {
            await this.destroy(locked);
            await this.workspaces.deleteOne({ _id: locked._id }).exec();
            deleted.push(locked.containerName);
          })
          .catch(() => undefined);
      }
    }
    if (this.config.WORKSPACE_IDLE_STOP_HOURS > 0) {
      for (const record of await this.workspaces
        .find({ status: 'running', lastActivityAt: { $lt: hours(this.config.WORKSPACE_IDLE_STOP_HOURS) }, lock: null })
        .exec()) {
        await this.locks
          .withWorkspace(record.teamId.toString(), record.name, 'auto-stop', async (locked) => {
            await this.stopContainer(locked);
            stopped.push(locked.containerName);
          })
          .catch(() => undefined);
      }
    }
    return { stopped, deleted };
  }

  /** For tests and diagnostics: the workspace role's own connection settings (never returned by the API). */
  async databaseAccess(caller: WorkspaceCaller, name: string): Promise<{ database: string; role: string; password: string }> {
    const record = await this.require(caller, name);
    return { database: record.database, role: record.role, password: this.open(record, 'dbPassword') };
  }

  // ---- internals -------------------------------------------------------------------------------

  private async mutate<T>(
    caller: WorkspaceCaller,
    name: string,
    operation: string,
    work: (record: WorkspaceDocument) => Promise<T>,
    params: Record<string, unknown> = {},
  ): Promise<T> {
    return this.audited(caller, `workspace.${operation}`, name, { name, ...params }, async () => {
      await this.engine.require();
      return this.locks.withWorkspace(caller.teamId, name, operation, async (record) => {
        const result = await work(record);
        await this.touch(record);
        return result;
      });
    });
  }

  private async audited<T>(caller: WorkspaceCaller, tool: string, workspace: string, params: unknown, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const base = {
      teamId: caller.teamId,
      time: new Date(),
      tool,
      model: `workspace:${workspace}`,
      user: caller.user,
      credential: caller.credential,
      mcpSessionId: null,
      requestId: null,
      params,
    };
    try {
      const result = await work();
      this.audit.record({ ...base, status: 'success', durationMs: Date.now() - started, result: summarize(result), error: null });
      return result;
    } catch (caught) {
      const error = fromEngine(caught);
      const coded = error instanceof DomainError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'The operation failed' };
      this.audit.record({ ...base, status: 'error', durationMs: Date.now() - started, result: null, error: coded });
      if (!(caught instanceof DomainError)) this.logger.warn(`${tool} on ${workspace} failed: ${describe(caught)}`);
      throw error;
    }
  }

  private async provision(record: WorkspaceDocument, template: WorkspaceTemplateDocument | null, modules: string[]): Promise<void> {
    const docker = await this.engine.require();
    await this.engine.ensureImage(record.image);
    await this.ensureNetwork(docker, record);
    const endpoint = await this.database.prepare(record.networkName);
    await this.database.createWorkspaceDatabase(
      record.database,
      record.role,
      this.open(record, 'dbPassword'),
      template ? { database: template.database, role: template.role } : undefined,
    );
    if (record.repoUrl && record.branch) {
      record.commit = await this.source.clone(this.sourceSpec(record));
      await this.workspaces.updateOne({ _id: record._id }, { $set: { commit: record.commit } }).exec();
    }
    for (const purpose of ['data', 'addons'] as const) {
      await docker.createVolume({ Name: volumeName(record.id as string, purpose), Labels: this.labels(record) });
    }
    await this.createContainer(record, endpoint);
    if (record.repoUrl) await this.uploadSources(record);
    if (template) await this.restoreFilestore(record, template);
    const init = template ? modules : ['base', ...modules.filter((module) => module !== 'base')];
    if (init.length > 0) await this.runTask(record, ['-i', init.join(',')]);
    await this.rememberModules(record, [...(template?.modules ?? []), ...init]);
    await this.startContainer(record);
  }

  private async ensureNetwork(docker: Docker, record: WorkspaceDocument): Promise<void> {
    let network = await this.engine.inspectNetwork(record.networkName);
    if (network && network.Labels?.[LABEL.teamId] !== record.teamId.toString()) {
      throw new DomainError('WORKSPACE_NAME_COLLISION', `The network ${record.networkName} exists and does not belong to this team`);
    }
    if (!network) {
      try {
        await docker.createNetwork({
          Name: record.networkName,
          Driver: 'bridge',
          Options: { 'com.docker.network.bridge.name': bridgeName(record.teamId.toString()) },
          Labels: { [LABEL.managed]: 'true', [LABEL.team]: record.teamSlug, [LABEL.teamId]: record.teamId.toString() },
        });
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
      network = await this.engine.inspectNetwork(record.networkName);
    }
    this.allowBridge(network, record.teamId.toString());
  }

  /**
   * Best effort: lets containers on the team bridge talk to each other (workspace ↔ shared
   * database) on hosts whose FORWARD policy drops; traffic between team bridges stays blocked.
   * One warning when iptables is missing or refuses.
   */
  private allowBridge(network: Docker.NetworkInspectInfo | null, teamId: string): void {
    if (!this.config.WORKSPACE_IPTABLES || !network || !this.config.DOCKER_HOST.startsWith('unix://')) return;
    const options = (network.Options ?? {}) as Record<string, string>;
    const bridge = options['com.docker.network.bridge.name'] ?? bridgeName(teamId);
    if (!/^[A-Za-z0-9_.-]{1,15}$/.test(bridge)) return;
    const rule = ['FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'];
    execFile('iptables', ['-C', ...rule], (checkError) => {
      if (!checkError) return;
      if ((checkError as NodeJS.ErrnoException).code === 'ENOENT') {
        if (!this.iptablesWarned) this.logger.warn('iptables is not installed; skipping the FORWARD rule for workspace bridges');
        this.iptablesWarned = true;
        return;
      }
      execFile('iptables', ['-I', ...rule], (insertError) => {
        if (insertError && !this.iptablesWarned) {
          this.logger.warn(`could not add an iptables FORWARD rule for ${bridge}; workspaces may not reach their database`);
          this.iptablesWarned = true;
        }
      });
    });
  }

  private labels(record: WorkspaceDocument): Record<string, string> {
    const labels: Record<string, string> = {
      [LABEL.managed]: 'true',
      [LABEL.team]: record.teamSlug,
      [LABEL.teamId]: record.teamId.toString(),
      [LABEL.workspace]: record.name,
      [LABEL.workspaceId]: record.id as string,
      [LABEL.image]: record.image,
      [LABEL.createdAt]: record.createdAt.toISOString(),
    };
    if (record.repoUrl) labels[LABEL.repo] = record.repoUrl;
    if (record.branch) labels[LABEL.branch] = record.branch;
    if (record.template) labels[LABEL.template] = record.template;
    return labels;
  }

  private async createContainer(record: WorkspaceDocument, endpoint: { host: string; port: number }): Promise<void> {
    const docker = await this.engine.require();
    const routing = this.routing.containerSettings(record);
    const env = Object.entries(JSON.parse(this.open(record, 'env')) as Record<string, string>).map(([key, value]) => `${key}=${value}`);
    await docker.createContainer({
      name: record.containerName,
      Image: record.image,
      Cmd: ['odoo', '-c', ODOO_CONF_PATH],
      Env: env,
      Labels: { ...this.labels(record), [LABEL.role]: 'odoo', ...routing.labels },
      ExposedPorts: { '8069/tcp': {} },
      HostConfig: {
        NetworkMode: record.networkName,
        Memory: this.config.WORKSPACE_MEMORY_MB * 1024 * 1024,
        PidsLimit: this.config.WORKSPACE_PIDS,
        Binds: [`${volumeName(record.id as string, 'data')}:${ODOO_DATA_DIR}`, `${volumeName(record.id as string, 'addons')}:${ODOO_ADDONS_DIR}`],
        PortBindings: routing.portBindings,
        RestartPolicy: { Name: 'unless-stopped' },
        SecurityOpt: ['no-new-privileges'],
      },
    });
    await this.writeConf(record.containerName, record, endpoint);
  }

  private async writeConf(container: string, record: WorkspaceDocument, endpoint: { host: string; port: number }): Promise<void> {
    const conf = renderOdooConf({
      adminPassword: this.open(record, 'adminPassword'),
      dbHost: endpoint.host,
      dbPort: endpoint.port,
      dbName: record.database,
      dbUser: record.role,
      dbPassword: this.open(record, 'dbPassword'),
    });
    await this.engine.putArchive(container, ODOO_CONF_DIR, singleFileTar('odoo.conf', conf));
  }

  /** `odoo <args> --stop-after-init` in a one-off container with the workspace's volumes, before the server starts. */
  private async runTask(record: WorkspaceDocument, args: string[]): Promise<void> {
    const docker = await this.engine.require();
    const name = `${record.containerName}-task`;
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
    const endpoint = await this.database.prepare(record.networkName);
    const task = await docker.createContainer({
      name,
      Image: record.image,
      Cmd: ['odoo', '-c', ODOO_CONF_PATH, '-d', record.database, ...args, '--stop-after-init', '--no-http'],
      Labels: { ...this.labels(record), [LABEL.role]: 'task' },
      HostConfig: {
        NetworkMode: record.networkName,
        Memory: this.config.WORKSPACE_MEMORY_MB * 1024 * 1024,
        PidsLimit: this.config.WORKSPACE_PIDS,
        Binds: [`${volumeName(record.id as string, 'data')}:${ODOO_DATA_DIR}`, `${volumeName(record.id as string, 'addons')}:${ODOO_ADDONS_DIR}`],
      },
    });
    try {
      await this.writeConf(name, record, endpoint);
      await task.start();
      const outcome = (await task.wait()) as { StatusCode: number };
      if (outcome.StatusCode !== 0) {
        const tail = (await this.engine.logs(name, 20)).join('\n');
        throw new DomainError('WORKSPACE_OPERATION_FAILED', `Odoo ${args.join(' ')} failed (exit ${outcome.StatusCode}):\n${tail}`);
      }
    } finally {
      await task.remove({ force: true }).catch(() => undefined);
    }
  }

  private async startContainer(record: WorkspaceDocument): Promise<void> {
    const info = await this.engine.inspectContainer(record.containerName);
    if (!info) throw new DomainError('WORKSPACE_NOT_RUNNING', 'The workspace container is missing; recreate it');
    this.assertOwned(record, info.Config.Labels);
    if (!info.State.Running) {
      // The database server's address on the team network can change when it restarts: rewrite the config.
      const endpoint = await this.database.prepare(record.networkName);
      if (record.recovered) {
        await this.database.run((client) => client.query(`ALTER ROLE "${record.role}" PASSWORD ${client.escapeLiteral(this.open(record, 'dbPassword'))}`));
        await this.workspaces.updateOne({ _id: record._id }, { $set: { recovered: false } }).exec();
      }
      await this.writeConf(record.containerName, record, endpoint);
      await this.engine.docker.getContainer(record.containerName).start();
    }
    await this.workspaces.updateOne({ _id: record._id }, { $set: { status: 'running', lastActivityAt: new Date() } }).exec();
  }

  private async stopContainer(record: WorkspaceDocument): Promise<void> {
    const info = await this.engine.inspectContainer(record.containerName);
    if (info) {
      this.assertOwned(record, info.Config.Labels);
      if (info.State.Running) await this.engine.docker.getContainer(record.containerName).stop({ t: STOP_TIMEOUT_S });
    }
    await this.workspaces.updateOne({ _id: record._id }, { $set: { status: info ? 'stopped' : 'missing' } }).exec();
  }

  private async removeContainer(record: WorkspaceDocument): Promise<void> {
    const info = await this.engine.inspectContainer(record.containerName);
    if (!info) return;
    this.assertOwned(record, info.Config.Labels);
    await this.engine.docker.getContainer(record.containerName).remove({ force: true, v: false });
  }

  /** Container, volumes, database, role and checkout of this workspace — only what carries its ids. */
  private async destroy(record: WorkspaceDocument): Promise<void> {
    await this.removeContainer(record);
    await this.engine.docker
      .getContainer(`${record.containerName}-task`)
      .remove({ force: true })
      .catch(() => undefined);
    for (const purpose of ['data', 'addons'] as const) {
      const volume = this.engine.docker.getVolume(volumeName(record.id as string, purpose));
      await volume.remove({ force: true }).catch((error: unknown) => {
        if (statusOf(error) !== 404) throw error;
      });
    }
    if (this.config.WORKSPACE_DB_MODE === 'external' || (await this.engine.inspectContainer(this.config.WORKSPACE_DB_CONTAINER))) {
      await this.database.prepare(null);
      await this.database.dropWorkspaceDatabase(record.database, record.role).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
      });
    }
    await this.source.remove(record.id as string);
  }

  /** The team network goes with the team's last workspace (the shared database is detached from it first). */
  private async removeNetworkIfUnused(record: WorkspaceDocument): Promise<void> {
    if (await this.workspaces.exists({ teamId: record.teamId, networkName: record.networkName })) return;
    const network = await this.engine.inspectNetwork(record.networkName);
    if (!network || network.Labels?.[LABEL.teamId] !== record.teamId.toString()) return;
    const handle = this.engine.docker.getNetwork(record.networkName);
    await handle.disconnect({ Container: this.config.WORKSPACE_DB_CONTAINER, Force: true }).catch(() => undefined);
    await handle.remove().catch((error: unknown) => this.logger.warn(`could not remove the network ${record.networkName}: ${describe(error)}`));
    if (this.config.WORKSPACE_IPTABLES && this.config.DOCKER_HOST.startsWith('unix://')) {
      const bridge = ((network.Options ?? {}) as Record<string, string>)['com.docker.network.bridge.name'] ?? bridgeName(record.teamId.toString());
      if (/^[A-Za-z0-9_.-]{1,15}$/.test(bridge)) execFile('iptables', ['-D', 'FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'], () => undefined);
    }
  }

  private assertOwned(record: WorkspaceDocument, labels: Record<string, string> | undefined): void {
    if (labels?.[LABEL.teamId] !== record.teamId.toString() || labels?.[LABEL.workspaceId] !== (record.id as string)) {
      throw new DomainError('WORKSPACE_NAME_COLLISION', `The container ${record.containerName} does not belong to this workspace; Gantry leaves it alone`);
    }
  }

  private async assertNameFree(teamId: string, container: string): Promise<void> {
    const existing = await this.engine.inspectContainer(container);
    if (!existing) return;
    const ours = existing.Config.Labels?.[LABEL.teamId] === teamId;
    throw new DomainError(
      'WORKSPACE_NAME_COLLISION',
      ours
        ? `A container named ${container} already exists without a workspace record (an orphan); remove it or pick another name`
        : `The engine name ${container} is taken by something that is not this team's; choose another workspace name`,
    );
  }

  private async uploadSources(record: WorkspaceDocument): Promise<void> {
    const dir = this.source.checkoutDir(record.id as string);
    await this.engine.putArchive(record.containerName, ODOO_ADDONS_DIR, directoryTar(dir, '.', { exclude: ['./.git'] }));
  }

  private async restoreFilestore(record: WorkspaceDocument, template: WorkspaceTemplateDocument): Promise<void> {
    await this.engine.putArchive(
      record.containerName,
      ODOO_DATA_DIR,
      directoryTar(templateDir(this.config, template._id.toString()), 'filestore', { rename: `filestore/${record.database}` }),
    );
  }

  private async applyModules(record: WorkspaceDocument, install: string[], upgrade: string[]): Promise<WorkspaceExecResult> {
    const args = [
      'odoo',
      '-c',
      ODOO_CONF_PATH,
      '-d',
      record.database,
      ...(install.length ? ['-i', install.join(',')] : []),
      ...(upgrade.length ? ['-u', upgrade.join(',')] : []),
      '--stop-after-init',
      '--no-http',
    ];
    const result = await this.run(record, args, { timeoutMs: 30 * 60 * 1000 });
    if (result.exitCode === 0) {
      await this.rememberModules(record, install);
      // The running server loads the new registry on restart.
      await this.stopContainer(record);
      await this.startContainer(record);
    }
    return result;
  }

  private async run(record: WorkspaceDocument, command: string[], options: { stdin?: string; timeoutMs: number }): Promise<WorkspaceExecResult> {
    const info = await this.engine.inspectContainer(record.containerName);
    if (!info?.State.Running) throw new DomainError('WORKSPACE_NOT_RUNNING', `Workspace ${record.name} is not running; start it first`);
    this.assertOwned(record, info.Config.Labels);
    const started = Date.now();
    const outcome = await this.engine.exec(record.containerName, command, options);
    return { ...outcome, output: this.scrub(record, outcome.output), durationMs: Date.now() - started };
  }

  /** Output comes from inside the workspace, where the database password lives: never pass it on. */
  private scrub(record: WorkspaceDocument, text: string): string {
    let result = text;
    for (const field of ['dbPassword', 'adminPassword'] as const) result = result.split(this.open(record, field)).join('****');
    return result;
  }

  async installedModules(record: WorkspaceDocument): Promise<string[]> {
    try {
      await this.database.prepare(null);
      const rows = await this.database.run(async (client) => {
        const exists = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'ir_module_module'");
        if (exists.rowCount === 0) return null;
        return (await client.query("SELECT name FROM ir_module_module WHERE state = 'installed'")).rows.map((row: { name: string }) => row.name);
      }, record.database);
      if (rows) return rows;
    } catch {
      // fall through to what the image reports
    }
    return record.modules;
  }

  private async rememberModules(record: WorkspaceDocument, modules: string[]): Promise<void> {
    if (modules.length === 0) return;
    record.modules = [...new Set([...record.modules, ...modules])].sort();
    await this.workspaces.updateOne({ _id: record._id }, { $set: { modules: record.modules } }).exec();
  }

  private async adopt(container: Docker.ContainerInfo, knownTeams: (teamId: string) => Promise<string | null>): Promise<boolean> {
    const labels = container.Labels;
    const teamId = labels[LABEL.teamId];
    const workspaceId = labels[LABEL.workspaceId];
    const name = labels[LABEL.workspace];
    if (!teamId || !workspaceId || !name || !/^[a-f0-9]{24}$/.test(teamId) || !/^[a-f0-9]{24}$/.test(workspaceId)) return false;
    const teamSlug = await knownTeams(teamId);
    if (!teamSlug) return false;
    const containerLabelName = container.Names[0]?.replace(/^\//, '') ?? '';
    if (containerLabelName !== containerName(labels[LABEL.team] ?? teamSlug, name)) return false;
    const id = new Types.ObjectId(workspaceId);
    const hostPort = container.Ports.find((port) => port.PrivatePort === 8069 && port.PublicPort)?.PublicPort ?? null;
    await this.workspaces.create({
      _id: id,
      teamId: new Types.ObjectId(teamId),
      teamSlug: labels[LABEL.team] ?? teamSlug,
      name,
      containerName: containerLabelName,
      networkName: networkName(labels[LABEL.team] ?? teamSlug),
      image: labels[LABEL.image] ?? container.Image,
      repoUrl: labels[LABEL.repo] ?? null,
      branch: labels[LABEL.branch] ?? null,
      template: labels[LABEL.template] ?? null,
      database: databaseName(teamId, name),
      role: roleName(teamId, name),
      dbPassword: this.vault.encrypt(randomBytes(24).toString('base64url'), workspaceSecretContext(id, 'dbPassword')),
      adminPassword: this.vault.encrypt(randomBytes(24).toString('base64url'), workspaceSecretContext(id, 'adminPassword')),
      env: this.vault.encrypt('{}', workspaceSecretContext(id, 'env')),
      envKeys: [],
      port: this.routing.mode === 'port' ? hostPort : null,
      status: container.State === 'running' ? 'running' : 'stopped',
      recovered: true,
      createdAt: labels[LABEL.createdAt] ? new Date(labels[LABEL.createdAt]) : new Date(),
    });
    this.logger.log(`rebuilt the lost record of ${containerLabelName} from its labels`);
    return true;
  }

  private sourceSpec(record: WorkspaceDocument) {
    return {
      teamId: record.teamId.toString(),
      workspaceId: record.id as string,
      repoUrl: record.repoUrl!,
      branch: record.branch!,
      gitCredentialId: record.gitCredentialId?.toString() ?? null,
    };
  }

  private async teamContainers(teamId: string): Promise<Docker.ContainerInfo[]> {
    return this.engine.docker.listContainers({ all: true, filters: { label: [`${LABEL.managed}=true`, `${LABEL.teamId}=${teamId}`, `${LABEL.role}=odoo`] } });
  }

  private async liveStatus(record: WorkspaceDocument): Promise<WorkspaceStatus> {
    if (record.status === 'creating') return 'creating';
    const info = await this.engine.inspectContainer(record.containerName);
    if (!info || info.Config.Labels?.[LABEL.workspaceId] !== (record.id as string)) return 'missing';
    return info.State.Running ? 'running' : 'stopped';
  }

  private statusFrom(record: WorkspaceDocument, container: Docker.ContainerInfo | undefined): WorkspaceStatus {
    if (record.status === 'creating') return 'creating';
    if (!container || container.Labels[LABEL.workspaceId] !== (record.id as string)) return 'missing';
    return container.State === 'running' ? 'running' : 'stopped';
  }

  private async touch(record: WorkspaceDocument): Promise<void> {
    await this.workspaces.updateOne({ _id: record._id }, { $set: { lastActivityAt: new Date() } }).exec();
  }

  private async require(caller: WorkspaceCaller, name: string): Promise<WorkspaceDocument> {
    const teamId = new Types.ObjectId(caller.teamId);
    const record = await this.workspaces.findOne({ teamId, name }).exec();
    if (record) return record;
    const failure = await this.failures.findOne({ teamId, name }).lean().exec();
    if (failure)
      throw new DomainError('NOT_FOUND', `Workspace not found: creating ${name} failed at ${failure.at.toISOString()} (${failure.code}: ${failure.message})`);
    throw notFound('Workspace');
  }

  private open(record: WorkspaceDocument, field: WorkspaceEncryptedField): string {
    return this.vault.decrypt(record[field], workspaceSecretContext(record._id, field));
  }

  private toView(record: WorkspaceDocument, status: WorkspaceStatus): Workspace {
    return {
      id: record.id as string,
      name: record.name,
      status,
      url: this.routing.url(record),
      containerName: record.containerName,
      image: record.image,
      repoUrl: record.repoUrl,
      branch: record.branch,
      commit: record.commit,
      template: record.template,
      database: record.database,
      port: record.port,
      envKeys: record.envKeys,
      mcpTokenSet: Boolean(record.mcpTokenHash),
      createdAt: record.createdAt.toISOString(),
      lastActivityAt: record.lastActivityAt.toISOString(),
    };
  }
}

/** The team bridge's interface name: fixed per team (≤ 15 characters), so the firewall rule can name it. */
function bridgeName(teamId: string): string {
  return `gnt${sha256Hex(teamId).slice(0, 12)}`;
}

/**
 * An error answered by the container engine (dockerode's: an HTTP status and the engine's own
 * message, e.g. a published port already in use) becomes a typed error carrying the engine's
 * first line, instead of a bare 500. Anything else passes through.
 */
function fromEngine(error: unknown): unknown {
  if (error instanceof DomainError || !(error instanceof Error)) return error;
  const engine = error as Error & { statusCode?: unknown; json?: { message?: unknown } | null };
  if (typeof engine.statusCode !== 'number' || !('json' in engine)) return error;
  const said = typeof engine.json?.message === 'string' ? engine.json.message : error.message.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '');
  return new DomainError('WORKSPACE_OPERATION_FAILED', `The container engine refused the operation: ${said.split('\n')[0]!.trim().slice(0, 300)}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the audit log keeps of a result: never output of exec (it may hold anything), just its shape. */
function summarize(result: unknown): unknown {
  if (result && typeof result === 'object' && 'exitCode' in result) return { exitCode: (result as { exitCode: number }).exitCode };
  if (result && typeof result === 'object' && 'token' in result) return { issued: true };
  if (result && typeof result === 'object' && 'status' in result && 'name' in result) return { status: (result as { status: string }).status };
  return null;
}
