import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { isDuplicateKeyError } from '../users/users.service';
import { WorkspaceRecord } from './workspace.schema';
import { WorkspacePortBlockRecord } from './workspace-port-block.schema';

export const ODOO_HTTP_PORT = 8069;

/**
 * How a workspace is reached. Port mode: each team owns a block of host ports (handed out on first
 * use and kept), each workspace one port of it, unique by index. Traefik mode: labels routing
 * Host(<workspace>.<team>.<domain>) to port 8069 on the TLS entrypoint.
 */
@Injectable()
export class WorkspaceRouting {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectModel(WorkspacePortBlockRecord.name) private readonly blocks: Model<WorkspacePortBlockRecord>,
    @InjectModel(WorkspaceRecord.name) private readonly workspaces: Model<WorkspaceRecord>,
  ) {}

  get mode(): 'port' | 'traefik' {
    return this.config.WORKSPACE_ROUTING;
  }

  /** A free port of the team's block; the caller stores it on the record, whose unique index settles races. */
  async freePort(teamId: string, enginePorts: Set<number>): Promise<number | null> {
    if (this.mode !== 'port') return null;
    const block = await this.teamBlock(teamId);
    const used = new Set(
      (
        await this.workspaces
          .find({ port: { $gte: block.start, $lt: block.start + block.size } }, { port: 1 })
          .lean()
          .exec()
      ).map((entry) => entry.port),
    );
    for (const port of enginePorts) used.add(port);
    for (let port = block.start; port < block.start + block.size; port += 1) if (!used.has(port)) return port;
    throw new DomainError('WORKSPACE_QUOTA_EXCEEDED', "Every port of this team's range is in use");
  }

  private async teamBlock(teamId: string): Promise<{ start: number; size: number }> {
    const teamObjectId = new Types.ObjectId(teamId);
    const [low, high] = this.config.WORKSPACE_PORT_RANGE;
    const size = this.config.WORKSPACE_PORTS_PER_TEAM;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const existing = await this.blocks.findOne({ teamId: teamObjectId }).lean().exec();
      if (existing) return { start: existing.start, size: existing.size };
      const taken = new Set((await this.blocks.find({}, { start: 1 }).lean().exec()).map((entry) => entry.start));
      let start = low;
      while (taken.has(start)) start += size;
      if (start + size - 1 > high) throw new DomainError('WORKSPACES_UNAVAILABLE', 'WORKSPACE_PORT_RANGE has no free block for another team');
      try {
        await this.blocks.create({ teamId: teamObjectId, start, size });
        return { start, size };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new DomainError('WORKSPACE_BUSY', 'Port blocks are being handed out; try again');
  }

  hostName(teamSlug: string, workspace: string): string {
    return `${workspace}.${teamSlug}.${this.config.WORKSPACE_DOMAIN}`;
  }

  url(record: Pick<WorkspaceRecord, 'port' | 'teamSlug' | 'name'>): string | null {
    if (this.mode === 'traefik') return `https://${this.hostName(record.teamSlug, record.name)}`;
    return record.port ? `http://${this.config.WORKSPACE_PUBLIC_HOST}:${record.port}` : null;
  }

  /** Engine settings for the container: published port (port mode) or Traefik labels. */
  containerSettings(record: Pick<WorkspaceRecord, 'port' | 'teamSlug' | 'name' | 'containerName' | 'networkName'>): {
    labels: Record<string, string>;
    portBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
  } {
    if (this.mode === 'port') {
      return { labels: {}, portBindings: record.port ? { [`${ODOO_HTTP_PORT}/tcp`]: [{ HostIp: '0.0.0.0', HostPort: String(record.port) }] } : {} };
    }
    const router = record.containerName;
    const labels: Record<string, string> = {
      'traefik.enable': 'true',
      [`traefik.http.routers.${router}.rule`]: `Host(\`${this.hostName(record.teamSlug, record.name)}\`)`,
      [`traefik.http.routers.${router}.entrypoints`]: this.config.WORKSPACE_TRAEFIK_ENTRYPOINT,
      [`traefik.http.routers.${router}.tls`]: 'true',
      [`traefik.http.services.${router}.loadbalancer.server.port`]: String(ODOO_HTTP_PORT),
      'traefik.docker.network': this.config.WORKSPACE_TRAEFIK_NETWORK || record.networkName,
    };
    if (this.config.WORKSPACE_TRAEFIK_CERTRESOLVER) labels[`traefik.http.routers.${router}.tls.certresolver`] = this.config.WORKSPACE_TRAEFIK_CERTRESOLVER;
    return { labels, portBindings: {} };
  }
}
