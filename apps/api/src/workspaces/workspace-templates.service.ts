import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { WorkspaceTemplate, WorkspaceTemplateCreateInput } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, notFound } from '../common/domain-error';
import { isDuplicateKeyError } from '../users/users.service';
import { ODOO_DATA_DIR } from './odoo-conf';
import { extractTar, templateDir } from './workspace-archive';
import { WorkspaceDatabaseServer } from './workspace-database';
import { statusOf, WorkspaceEngine } from './workspace-engine';
import { WorkspaceLocks } from './workspace-locks';
import { templateDatabaseName } from './workspace-names';
import { WorkspaceTemplateDocument, WorkspaceTemplateRecord } from './workspace-template.schema';
import { WorkspaceCaller, WorkspacesService } from './workspaces.service';

/**
 * Templates: a workspace's database saved as a PostgreSQL template database (its objects owned by
 * a NOLOGIN role of the template) plus its filestore archived on the Gantry server. New workspaces
 * start from one with CREATE DATABASE … TEMPLATE, which takes seconds whatever was installed.
 */
@Injectable()
export class WorkspaceTemplatesService {
  constructor(
    @InjectModel(WorkspaceTemplateRecord.name) private readonly templates: Model<WorkspaceTemplateRecord>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly engine: WorkspaceEngine,
    private readonly database: WorkspaceDatabaseServer,
    private readonly locks: WorkspaceLocks,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(caller: WorkspaceCaller): Promise<WorkspaceTemplate[]> {
    const records = await this.templates
      .find({ teamId: new Types.ObjectId(caller.teamId) })
      .sort({ createdAt: 1 })
      .exec();
    return records.map((record) => this.toView(record));
  }

  /** Saves a workspace as a template; the workspace is stopped for the copy and started again if it ran. */
  async save(caller: WorkspaceCaller, input: WorkspaceTemplateCreateInput): Promise<WorkspaceTemplate> {
    const docker = await this.engine.require();
    return this.locks.withWorkspace(caller.teamId, input.fromWorkspace, 'save_template', async (workspace) => {
      const teamId = new Types.ObjectId(caller.teamId);
      const id = new Types.ObjectId();
      const info = await this.engine.inspectContainer(workspace.containerName);
      const wasRunning = Boolean(info?.State.Running);
      const modules = await this.workspaces.installedModules(workspace);
      let record: WorkspaceTemplateDocument;
      try {
        record = await this.templates.create({
          _id: id,
          teamId,
          name: input.name,
          database: templateDatabaseName(caller.teamId, input.name),
          role: templateDatabaseName(caller.teamId, input.name),
          sourceWorkspace: workspace.name,
          sourceDatabase: workspace.database,
          image: workspace.image,
          modules,
          filestoreArchive: path.relative(path.resolve(this.config.WORKSPACE_DATA_DIR), templateDir(this.config, id.toString())),
        });
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new DomainError('WORKSPACE_NAME_TAKEN', `This team already has a template named ${input.name}`);
        throw error;
      }
      const dir = templateDir(this.config, id.toString());
      try {
        if (wasRunning) await docker.getContainer(workspace.containerName).stop({ t: 10 });
        await this.database.prepare(workspace.networkName);
        await this.database.saveTemplate({ database: workspace.database, role: workspace.role }, { database: record.database, role: record.role });
        await mkdir(path.join(dir, 'filestore'), { recursive: true });
        const archive = await this.engine.getArchive(workspace.containerName, `${ODOO_DATA_DIR}/filestore/${workspace.database}`).catch((error: unknown) => {
          if (statusOf(error) === 404) return null;
          throw error;
        });
        if (archive) await extractTar(archive, path.join(dir, 'filestore'), 1);
        const bytes = await directorySize(path.join(dir, 'filestore'));
        await this.templates.updateOne({ _id: id, teamId }, { $set: { filestoreBytes: bytes } }).exec();
        record.filestoreBytes = bytes;
        return this.toView(record);
      } catch (error) {
        await this.database.dropWorkspaceDatabase(record.database, record.role).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
        await this.templates.deleteOne({ _id: id, teamId }).exec();
        throw error;
      } finally {
        if (wasRunning)
          await docker
            .getContainer(workspace.containerName)
            .start()
            .catch(() => undefined);
      }
    });
  }

  async rename(caller: WorkspaceCaller, name: string, newName: string): Promise<WorkspaceTemplate> {
    await this.engine.require();
    const record = await this.require(caller, name);
    if (await this.templates.exists({ teamId: record.teamId, name: newName }))
      throw new DomainError('WORKSPACE_NAME_TAKEN', `This team already has a template named ${newName}`);
    const target = templateDatabaseName(caller.teamId, newName);
    await this.database.prepare(null);
    await this.database.renameTemplate({ database: record.database, role: record.role }, { database: target, role: target });
    try {
      const updated = await this.templates
        .findOneAndUpdate({ _id: record._id, teamId: record.teamId }, { $set: { name: newName, database: target, role: target } }, { returnDocument: 'after' })
        .exec();
      return this.toView(updated!);
    } catch (error) {
      await this.database.renameTemplate({ database: target, role: target }, { database: record.database, role: record.role });
      if (isDuplicateKeyError(error)) throw new DomainError('WORKSPACE_NAME_TAKEN', `This team already has a template named ${newName}`);
      throw error;
    }
  }

  async delete(caller: WorkspaceCaller, name: string): Promise<void> {
    await this.engine.require();
    const record = await this.require(caller, name);
    await this.database.prepare(null);
    await this.database.dropWorkspaceDatabase(record.database, record.role);
    await rm(templateDir(this.config, record._id.toString()), { recursive: true, force: true });
    await this.templates.deleteOne({ _id: record._id, teamId: record.teamId }).exec();
  }

  private async require(caller: WorkspaceCaller, name: string): Promise<WorkspaceTemplateDocument> {
    const record = await this.templates.findOne({ teamId: new Types.ObjectId(caller.teamId), name }).exec();
    if (!record) throw notFound('Template');
    return record;
  }

  private toView(record: WorkspaceTemplateDocument): WorkspaceTemplate {
    return {
      id: record.id as string,
      name: record.name,
      sourceWorkspace: record.sourceWorkspace,
      image: record.image,
      modules: record.modules,
      filestoreBytes: record.filestoreBytes,
      createdAt: record.createdAt.toISOString(),
    };
  }
}

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}
