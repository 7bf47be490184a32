import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { DomainError, notFound } from '../common/domain-error';
import { isDuplicateKeyError } from '../users/users.service';
import { WorkspaceDocument, WorkspaceRecord } from './workspace.schema';
import { WorkspaceTeamLockRecord } from './workspace-team-lock.schema';

/** Long enough for an image pull and a module upgrade; a crashed holder frees the lock after it. */
const LOCK_TTL_MS = 15 * 60 * 1000;

/**
 * Locks held in MongoDB with one atomic write each, so they work across API replicas. A mutating
 * call that finds the lock taken fails at once with WORKSPACE_BUSY; nothing waits in a queue.
 */
@Injectable()
export class WorkspaceLocks {
  constructor(
    @InjectModel(WorkspaceRecord.name) private readonly workspaces: Model<WorkspaceRecord>,
    @InjectModel(WorkspaceTeamLockRecord.name) private readonly teamLocks: Model<WorkspaceTeamLockRecord>,
  ) {}

  async withWorkspace<T>(teamId: string, name: string, operation: string, work: (record: WorkspaceDocument) => Promise<T>): Promise<T> {
    const token = randomUUID();
    const now = new Date();
    const filter = { teamId: new Types.ObjectId(teamId), name };
    const record = await this.workspaces
      .findOneAndUpdate(
        { ...filter, $or: [{ lock: null }, { 'lock.expiresAt': { $lt: now } }] },
        { $set: { lock: { token, operation, expiresAt: new Date(now.getTime() + LOCK_TTL_MS) } } },
        { returnDocument: 'after' },
      )
      .exec();
    if (!record) {
      const existing = await this.workspaces.findOne(filter).exec();
      if (!existing) throw notFound('Workspace');
      throw new DomainError(
        'WORKSPACE_BUSY',
        `Workspace ${name} is busy (${existing.lock?.operation ?? 'another operation'} in progress); try again when it has finished`,
      );
    }
    try {
      return await work(record);
    } finally {
      await this.workspaces.updateOne({ _id: record._id, 'lock.token': token }, { $set: { lock: null } }).exec();
    }
  }

  /** Held while a workspace is created or deleted, so two creations cannot both take the last slot. */
  async withTeam<T>(teamId: string, work: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const now = new Date();
    const teamObjectId = new Types.ObjectId(teamId);
    try {
      await this.teamLocks
        .findOneAndUpdate(
          { teamId: teamObjectId, $or: [{ token: null }, { expiresAt: { $lt: now } }] },
          { $set: { token, expiresAt: new Date(now.getTime() + LOCK_TTL_MS) } },
          { upsert: true },
        )
        .exec();
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new DomainError('WORKSPACE_BUSY', 'Another workspace of this team is being created or deleted; try again in a moment');
      throw error;
    }
    try {
      return await work();
    } finally {
      await this.teamLocks.updateOne({ teamId: teamObjectId, token }, { $set: { token: null, expiresAt: null } }).exec();
    }
  }
}
