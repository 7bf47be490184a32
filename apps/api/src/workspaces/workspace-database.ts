import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { LABEL, WorkspaceEngine } from './workspace-engine';

export interface DatabaseEndpoint {
  /** Where a workspace container reaches the server. */
  host: string;
  port: number;
}

const DB_PORT = 5432;
const quote = (identifier: string) => {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(identifier)) throw new DomainError('VALIDATION_FAILED', 'Invalid database name');
  return `"${identifier}"`;
};

/**
 * The PostgreSQL server shared by the workspaces of one engine host: a `gantry-db` container
 * (default) or an external server. Every database is owned by the administrative role and closed
 * to PUBLIC; its workspace's own non-superuser role may only connect to it and owns its schema,
 * so one workspace's Odoo cannot open another's database on the shared server.
 */
@Injectable()
export class WorkspaceDatabaseServer {
  private readonly logger = new Logger('Workspaces');
  private adminConfig: ClientConfig | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly engine: WorkspaceEngine,
  ) {}

  /** Makes sure the server runs and is attached to the team network; returns where containers reach it. */
  async prepare(network: string): Promise<DatabaseEndpoint>;
  async prepare(network: null): Promise<null>;
  async prepare(network: string | null): Promise<DatabaseEndpoint | null> {
    if (this.config.WORKSPACE_DB_MODE === 'external') {
      const url = this.externalUrl();
      this.adminConfig ??= {
        host: url.hostname,
        port: Number(url.port || DB_PORT),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: url.pathname.slice(1) || 'postgres',
      };
      return network === null ? null : { host: url.hostname, port: Number(url.port || DB_PORT) };
    }
    const docker = await this.engine.require();
    const name = this.config.WORKSPACE_DB_CONTAINER;
    let info = await this.engine.inspectContainer(name);
    if (!info) {
      await this.engine.ensureImage(this.config.WORKSPACE_DB_IMAGE);
      try {
        await docker.createContainer({
          name,
          Image: this.config.WORKSPACE_DB_IMAGE,
          Env: [`POSTGRES_PASSWORD=${randomBytes(24).toString('base64url')}`, 'PGDATA=/var/lib/postgresql/data'],
          Labels: { [LABEL.managed]: 'true', [LABEL.role]: 'database' },
          ExposedPorts: { [`${DB_PORT}/tcp`]: {} },
          HostConfig: {
            Binds: [`${name}-data:/var/lib/postgresql/data`],
            PortBindings: { [`${DB_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(this.config.WORKSPACE_DB_HOST_PORT) }] },
            RestartPolicy: { Name: 'unless-stopped' },
          },
        });
        this.logger.log(`created the shared PostgreSQL container ${name}`);
      } catch (error) {
        // Another API process created it at the same moment: use theirs.
        if ((error as { statusCode?: number }).statusCode !== 409) throw error;
      }
      info = await this.engine.inspectContainer(name);
    }
    if (!info) throw new DomainError('WORKSPACES_UNAVAILABLE', 'The shared database container could not be created');
    if (info.Config.Labels?.[LABEL.managed] !== 'true') {
      throw new DomainError(
        'WORKSPACES_UNAVAILABLE',
        `A container named ${name} exists but is not Gantry's database; set WORKSPACE_DB_CONTAINER to another name`,
      );
    }
    if (!info.State.Running)
      await docker
        .getContainer(name)
        .start()
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 304) throw error;
        });
    const password = info.Config.Env.find((entry) => entry.startsWith('POSTGRES_PASSWORD='))?.slice('POSTGRES_PASSWORD='.length);
    if (!password) throw new DomainError('WORKSPACES_UNAVAILABLE', 'The shared database container has no POSTGRES_PASSWORD');
    this.adminConfig = { host: '127.0.0.1', port: this.config.WORKSPACE_DB_HOST_PORT, user: 'postgres', password, database: 'postgres' };
    await this.waitReady(() => this.adoptPassword(name, password));
    if (network === null) return null;
    const attached = await this.attach(name, network);
    return { host: attached, port: DB_PORT };
  }

  private async attach(container: string, network: string): Promise<string> {
    let info = await this.engine.inspectContainer(container);
    if (!info?.NetworkSettings.Networks?.[network]) {
      await this.engine.docker
        .getNetwork(network)
        .connect({ Container: container })
        .catch((error: { statusCode?: number; message?: string }) => {
          if (!/already/i.test(String(error.message))) throw error;
        });
      info = await this.engine.inspectContainer(container);
    }
    const ip = info?.NetworkSettings.Networks?.[network]?.IPAddress;
    if (!ip) throw new DomainError('WORKSPACES_UNAVAILABLE', 'The shared database is not reachable on the team network');
    return ip;
  }

  /**
   * Waits until the server answers. A wrong password (28P01) is mended once through
   * `onWrongPassword`: the container is newer than its data volume, whose data directory still
   * holds the password of an earlier container.
   */
  private async waitReady(onWrongPassword?: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + 60_000;
    let lastError: unknown;
    let mended = false;
    while (Date.now() < deadline) {
      try {
        await this.run(async (client) => client.query('SELECT 1'));
        return;
      } catch (error) {
        lastError = error;
        if ((error as { code?: string }).code === '28P01' && onWrongPassword && !mended) {
          mended = true;
          await onWrongPassword();
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
    this.logger.warn(`the shared database did not become ready: ${(lastError as Error)?.message ?? 'unknown error'}`);
    throw new DomainError('WORKSPACES_UNAVAILABLE', 'The shared database server did not become ready');
  }

  /**
   * A shared database container recreated over an existing data volume (removed by hand, or cleared
   * by an engine that lost track of it) gets a new POSTGRES_PASSWORD, but PostgreSQL keeps the one
   * its data directory was initialised with. Local socket connections inside the container are
   * trusted, so the administrative role is given the container's password there; the SQL goes in
   * on stdin, never on a command line.
   */
  private async adoptPassword(container: string, password: string): Promise<void> {
    const outcome = await this.engine.exec(container, ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-U', 'postgres', '-d', 'postgres', '-f', '-'], {
      user: 'postgres',
      stdin: `ALTER ROLE postgres PASSWORD '${password.replace(/'/g, "''")}';\n`,
      timeoutMs: 15_000,
    });
    if (outcome.exitCode !== 0) {
      this.logger.warn(`could not give the shared database ${container} its container's password (psql exit code ${outcome.exitCode})`);
      return;
    }
    this.logger.warn(`the data volume of ${container} predates the container; its administrative password was reset to the container's`);
  }

  private externalUrl(): URL {
    if (!this.config.WORKSPACE_DB_URL) throw new DomainError('WORKSPACES_UNAVAILABLE', 'WORKSPACE_DB_MODE=external needs WORKSPACE_DB_URL');
    return new URL(this.config.WORKSPACE_DB_URL);
  }

  /** Runs work on a fresh administrative connection (to `database`, default the maintenance db). */
  async run<T>(work: (client: Client) => Promise<T>, database?: string): Promise<T> {
    if (!this.adminConfig) throw new DomainError('WORKSPACES_UNAVAILABLE', 'The shared database has not been prepared');
    const client = new Client({ ...this.adminConfig, ...(database ? { database } : {}), connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Creates the workspace role and database, fresh or as a copy of a template database whose
   * objects belong to the template's own role (handed over to the workspace role). On any failure
   * both are removed again.
   */
  async createWorkspaceDatabase(database: string, role: string, password: string, template?: { database: string; role: string }): Promise<void> {
    try {
      await this.run(async (client) => {
        await client.query(`CREATE ROLE ${quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${client.escapeLiteral(password)}`);
        await client.query(`CREATE DATABASE ${quote(database)}${template ? ` TEMPLATE ${quote(template.database)}` : ''}`);
        await client.query(`REVOKE ALL ON DATABASE ${quote(database)} FROM PUBLIC`);
        await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quote(database)} TO ${quote(role)}`);
      });
      await this.run(async (client) => {
        if (template) await client.query(`REASSIGN OWNED BY ${quote(template.role)} TO ${quote(role)}`);
        await client.query(`ALTER SCHEMA public OWNER TO ${quote(role)}`);
      }, database);
    } catch (error) {
      await this.dropWorkspaceDatabase(database, role).catch(() => undefined);
      if ((error as { code?: string }).code === '55006') throw new DomainError('WORKSPACE_BUSY', 'The template database is in use; try again in a moment');
      throw error;
    }
  }

  async dropWorkspaceDatabase(database: string, role: string): Promise<void> {
    await this.run(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${quote(role)}`);
    });
  }

  /** Copies a workspace database into a template database owned (objects included) by a NOLOGIN template role. */
  async saveTemplate(source: { database: string; role: string }, target: { database: string; role: string }): Promise<void> {
    try {
      await this.run(async (client) => {
        await client.query(`CREATE ROLE ${quote(target.role)} NOLOGIN`);
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [source.database]);
        await client.query(`CREATE DATABASE ${quote(target.database)} TEMPLATE ${quote(source.database)}`);
        await client.query(`REVOKE ALL ON DATABASE ${quote(target.database)} FROM PUBLIC`);
      });
      await this.run(async (client) => {
        await client.query(`REASSIGN OWNED BY ${quote(source.role)} TO ${quote(target.role)}`);
      }, target.database);
    } catch (error) {
      await this.dropWorkspaceDatabase(target.database, target.role).catch(() => undefined);
      throw error;
    }
  }

  async renameTemplate(from: { database: string; role: string }, to: { database: string; role: string }): Promise<void> {
    await this.run(async (client) => {
      await client.query(`ALTER DATABASE ${quote(from.database)} RENAME TO ${quote(to.database)}`);
      await client.query(`ALTER ROLE ${quote(from.role)} RENAME TO ${quote(to.role)}`);
    });
  }

  async databaseExists(database: string): Promise<boolean> {
    return this.run(async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1);
  }

  /** For tests and diagnostics: a connection config as the workspace role itself (through the admin endpoint). */
  roleConnection(database: string, role: string, password: string): ClientConfig {
    if (!this.adminConfig) throw new DomainError('WORKSPACES_UNAVAILABLE', 'The shared database has not been prepared');
    return { host: this.adminConfig.host, port: this.adminConfig.port, database, user: role, password };
  }
}
