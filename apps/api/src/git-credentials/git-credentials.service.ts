import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { GitCredential, GitCredentialInput, GitCredentialValidation } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, notFound } from '../common/domain-error';
import { parseObjectId } from '../common/ids';
import { Vault } from '../vault/vault';
import { GitCredentialDocument, GitCredentialRecord, gitCredentialSecretContext } from './git-credential.schema';
import { GitCredentialValidator } from './git-credential-validator';
import { GitAuth } from './git-runner';
import { assertUrlAllowed } from './repo-url-guard';

/** Known token prefixes stay visible (ghp_****), so people can tell their tokens apart; nothing else does. */
export function maskToken(token: string): string {
  const prefix = /^(ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|ATBB|x-token-auth)/.exec(token)?.[1] ?? '';
  return `${prefix}****`;
}

interface ParsedCredential {
  host: string;
  username: string;
  token: string;
  label: string | null;
  sampleRepoUrl: string | null;
}

@Injectable()
export class GitCredentialsService {
  constructor(
    @InjectModel(GitCredentialRecord.name) private readonly credentials: Model<GitCredentialRecord>,
    private readonly vault: Vault,
    private readonly validator: GitCredentialValidator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(teamId: string): Promise<GitCredential[]> {
    const stored = await this.credentials
      .find({ teamId: new Types.ObjectId(teamId) })
      .sort({ createdAt: 1 })
      .exec();
    return stored.map((record) => this.toView(record));
  }

  async create(teamId: string, input: GitCredentialInput): Promise<GitCredential> {
    const parsed = await this.parse(input);
    const id = new Types.ObjectId();
    const record = await this.credentials.create({
      _id: id,
      teamId: new Types.ObjectId(teamId),
      host: parsed.host,
      username: parsed.username,
      token: this.vault.encrypt(parsed.token, gitCredentialSecretContext(id, 'token')),
      tokenHint: maskToken(parsed.token),
      label: parsed.label,
      sampleRepoUrl: parsed.sampleRepoUrl,
    });
    return this.toView(record);
  }

  /** Configuration as code: a credential with its token in clear (in memory only, to compare with the file), or null. */
  async readConfigured(teamId: string, id: string): Promise<{ host: string; username: string; token: string; label: string | null } | null> {
    const objectId = parseObjectId(id);
    const record = objectId ? await this.credentials.findOne({ _id: objectId, teamId: new Types.ObjectId(teamId) }).exec() : null;
    return record ? { host: record.host, username: record.username, token: this.open(record).token, label: record.label } : null;
  }

  /** Creates (id null) or rewrites a credential as the file says; the id stays, so workspaces naming it keep working. */
  async putConfigured(teamId: string, id: string | null, input: { host: string; username: string; token: string; label: string }): Promise<string> {
    await assertUrlAllowed(`https://${input.host}/`, this.config.WORKSPACE_GIT_ALLOWED_HOSTS, { resolve: false });
    const objectId = id ? new Types.ObjectId(id) : new Types.ObjectId();
    const fields = {
      host: input.host,
      username: input.username,
      token: this.vault.encrypt(input.token, gitCredentialSecretContext(objectId, 'token')),
      tokenHint: maskToken(input.token),
      label: input.label,
      status: 'untested',
      lastValidatedAt: null,
    };
    await this.credentials
      .updateOne(
        { _id: objectId, teamId: new Types.ObjectId(teamId) },
        { $set: fields, $setOnInsert: { teamId: new Types.ObjectId(teamId), sampleRepoUrl: null } },
        { upsert: true },
      )
      .exec();
    return objectId.toString();
  }

  async remove(teamId: string, id: string): Promise<void> {
    const objectId = parseObjectId(id);
    const result = objectId ? await this.credentials.deleteOne({ _id: objectId, teamId: new Types.ObjectId(teamId) }).exec() : { deletedCount: 0 };
    if (result.deletedCount === 0) throw notFound('Git credential');
  }

  async validate(teamId: string, id: string, repoUrl?: string): Promise<GitCredentialValidation & { credential: GitCredential }> {
    const record = await this.require(teamId, id);
    const outcome = await this.validator.validate(record.host, this.open(record), repoUrl ?? record.sampleRepoUrl);
    const updated = await this.credentials
      .findOneAndUpdate(
        { _id: record._id, teamId: record.teamId },
        { $set: { status: outcome.ok ? 'valid' : 'invalid', lastValidatedAt: new Date() } },
        { returnDocument: 'after' },
      )
      .exec();
    return { ...outcome, credential: this.toView(updated ?? record) };
  }

  /**
   * The decrypted credential for cloning `repoUrl` (in memory, for one git call): the one named,
   * which must be for the repository's host, or else the team's first credential for that host.
   */
  async authFor(teamId: string, repoUrl: string, credentialId?: string | null): Promise<{ id: string; auth: GitAuth } | null> {
    const host = new URL(repoUrl).host.toLowerCase();
    const teamObjectId = new Types.ObjectId(teamId);
    let record: GitCredentialDocument | null;
    if (credentialId) {
      record = await this.require(teamId, credentialId);
      if (record.host !== host)
        throw new DomainError('VALIDATION_FAILED', `That git credential is for ${record.host}, not ${host}`, {
          fields: [{ path: 'gitCredentialId', message: `credential is for ${record.host}` }],
        });
    } else {
      record = await this.credentials.findOne({ teamId: teamObjectId, host }).sort({ createdAt: 1 }).exec();
    }
    return record ? { id: record.id as string, auth: this.open(record) } : null;
  }

  private async parse(input: GitCredentialInput): Promise<ParsedCredential> {
    if (input.url) {
      let url: URL;
      try {
        url = new URL(input.url);
      } catch {
        throw new DomainError('VALIDATION_FAILED', 'url must look like https://user:token@host/owner/repo', {
          fields: [{ path: 'url', message: 'not a URL' }],
        });
      }
      const username = decodeURIComponent(url.username);
      const token = decodeURIComponent(url.password);
      if (!username || !token)
        throw new DomainError('VALIDATION_FAILED', 'url must carry a user and a token: https://user:token@host/owner/repo', {
          fields: [{ path: 'url', message: 'user and token missing' }],
        });
      url.username = '';
      url.password = '';
      const clean = url.pathname.length > 1 ? url.toString() : null;
      await assertUrlAllowed(clean ?? url.origin, this.config.WORKSPACE_GIT_ALLOWED_HOSTS, { resolve: false });
      return { host: url.host.toLowerCase(), username, token, label: input.label ?? null, sampleRepoUrl: clean };
    }
    const host = input.host!.toLowerCase();
    await assertUrlAllowed(`https://${host}/`, this.config.WORKSPACE_GIT_ALLOWED_HOSTS, { resolve: false });
    return { host, username: input.username!, token: input.token!, label: input.label ?? null, sampleRepoUrl: null };
  }

  private open(record: GitCredentialDocument): GitAuth {
    return { username: record.username, token: this.vault.decrypt(record.token, gitCredentialSecretContext(record._id, 'token')) };
  }

  private async require(teamId: string, id: string): Promise<GitCredentialDocument> {
    const objectId = parseObjectId(id);
    const record = objectId ? await this.credentials.findOne({ _id: objectId, teamId: new Types.ObjectId(teamId) }).exec() : null;
    if (!record) throw notFound('Git credential');
    return record;
  }

  private toView(record: GitCredentialDocument): GitCredential {
    return {
      id: record.id as string,
      host: record.host,
      username: record.username,
      tokenMasked: record.tokenHint,
      label: record.label,
      status: record.status,
      lastValidatedAt: record.lastValidatedAt?.toISOString() ?? null,
      createdAt: record.createdAt.toISOString(),
    };
  }
}
