import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { OdooConnection, OdooConnectionInput, OdooConnectionTestResult, OdooConnectionUpdate } from '@gantry/contracts';
import { OdooClient, OdooError } from '@gantry/odoo';
import { Model, Types } from 'mongoose';
import { TeamActor } from '../auth/actor';
import { describeActivity } from '../activity/activity-context';
import { fieldChanges } from '../activity/field-changes';
import { Authorization } from '../authorization/authorization.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, notFound } from '../common/domain-error';
import { isDuplicateKeyError } from '../users/users.service';
import { Vault } from '../vault/vault';
import {
  ODOO_CONNECTION_ENCRYPTED_FIELDS,
  OdooConnectionDocument,
  OdooConnectionEncryptedField,
  OdooConnectionRecord,
  odooConnectionSecretContext,
} from './odoo-connection.schema';
import { OdooClientFactory } from './odoo-client-factory';
import { OdooIdentityRecord } from './odoo-identity.schema';

const SECRET_MASK = '••••••••';

type Credentials = Pick<OdooConnectionInput, 'url' | 'database' | 'login' | 'secret'>;

@Injectable()
export class OdooConnectionsService {
  constructor(
    @InjectModel(OdooConnectionRecord.name) private readonly connections: Model<OdooConnectionRecord>,
    @InjectModel(OdooIdentityRecord.name) private readonly identities: Model<OdooIdentityRecord>,
    private readonly vault: Vault,
    private readonly authorization: Authorization,
    private readonly clients: OdooClientFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(actor: TeamActor): Promise<OdooConnection> {
    return this.toView(await this.require(actor.team.id), this.authorization.allows(actor, 'odoo.connection.write'));
  }

  /** Creates the team's connection or replaces it whole; the status goes back to untested. */
  async put(actor: TeamActor, input: OdooConnectionInput): Promise<OdooConnection> {
    return this.putForTeam(actor.team.id, input);
  }

  /**
   * Configuration as code: the stored connection in clear (in memory only, to compare with the
   * file), or null. The secret goes no further than that comparison.
   */
  async readConfigured(teamId: string): Promise<OdooConnectionInput | null> {
    const stored = await this.connections.findOne({ teamId: new Types.ObjectId(teamId) }).exec();
    return stored ? { name: stored.name, ...this.open(stored) } : null;
  }

  /** `put` for the file, which acts for no signed-in person. */
  async putForTeam(teamIdText: string, input: OdooConnectionInput): Promise<OdooConnection> {
    const teamId = new Types.ObjectId(teamIdText);
    await this.clients.assertStorable(input.url);
    const existing = await this.connections.findOne({ teamId }).exec();
    if (existing && movesEndpoint(this.open(existing), input)) await this.unlinkMemberLogins(teamId);
    const id = existing?._id ?? new Types.ObjectId();
    const fields = { name: input.name, ...this.seal(id, input), ...UNTESTED };
    try {
      const saved = await this.connections
        .findOneAndUpdate({ _id: id, teamId }, { $set: fields, $setOnInsert: { teamId } }, { upsert: true, returnDocument: 'after' })
        .exec();
      this.describeChange(existing, saved!.id as string, input);
      return this.toView(saved!, true);
    } catch (error) {
      // A parallel first save won the unique team index: apply this one as a replacement of it.
      if (isDuplicateKeyError(error) && !existing) return this.putForTeam(teamIdText, input);
      throw error;
    }
  }

  /**
   * A partial update. The stored secret was entered for the stored URL and database: moving either
   * needs the secret again in the same request, so it is never sent to a host it was not entered
   * for; and members' own Odoo logins, checked against the old server, are unlinked.
   */
  async update(actor: TeamActor, changes: OdooConnectionUpdate): Promise<OdooConnection> {
    const current = await this.require(actor.team.id);
    if (changes.url !== undefined) await this.clients.assertStorable(changes.url);
    if (movesEndpoint(this.open(current), changes)) {
      if (changes.secret === undefined) {
        const moved = changes.url !== undefined ? 'URL' : 'database';
        throw new DomainError('ODOO_SECRET_REQUIRED', `Changing the Odoo ${moved} needs the secret again: enter it in the same request`, {
          fields: [{ path: 'secret', message: `is required when the ${moved} changes` }],
        });
      }
      await this.unlinkMemberLogins(current.teamId);
    }
    const sealed = this.seal(current._id, changes);
    const credentialsChanged = Object.keys(sealed).length > 0;
    const saved = await this.connections
      .findOneAndUpdate(
        { _id: current._id, teamId: current.teamId },
        { $set: { ...(changes.name ? { name: changes.name } : {}), ...sealed, ...(credentialsChanged ? UNTESTED : {}) } },
        { returnDocument: 'after' },
      )
      .exec();
    if (!saved) throw notFound('Odoo connection');
    this.describeChange(current, saved.id as string, changes);
    return this.toView(saved, true);
  }

  async remove(actor: TeamActor): Promise<void> {
    return this.removeForTeam(actor.team.id);
  }

  async removeForTeam(teamId: string): Promise<void> {
    const removed = await this.connections.findOneAndDelete({ teamId: new Types.ObjectId(teamId) }).exec();
    if (!removed) throw notFound('Odoo connection');
    describeActivity({ target: { id: removed.id as string, label: removed.name }, changes: fieldChanges(this.editable(removed), null) });
  }

  /**
   * The trail's old → new of a save: name, URL, database and login; the secret only as changed
   * (fieldChanges masks it by its name), its value never leaving this service.
   */
  private describeChange(stored: OdooConnectionDocument | null, id: string, changes: Partial<OdooConnectionInput>): void {
    const before = stored ? this.editable(stored) : null;
    describeActivity({
      target: { id, label: changes.name ?? stored?.name ?? null },
      changes: fieldChanges(before, { ...before, ...changes }),
    });
  }

  private editable(stored: OdooConnectionDocument): OdooConnectionInput {
    return { name: stored.name, ...this.open(stored) };
  }

  /** Tests the saved connection (and records the outcome), or a draft that is not saved. */
  async test(actor: TeamActor, draft?: OdooConnectionInput): Promise<OdooConnectionTestResult> {
    if (draft) return this.probe(draft);
    const stored = await this.require(actor.team.id);
    const result = await this.probe(this.open(stored));
    await this.connections
      .updateOne(
        { _id: stored._id, teamId: stored.teamId },
        {
          $set: {
            status: result.ok ? 'ok' : 'error',
            lastCheckedAt: new Date(result.checkedAt),
            lastError: result.error,
            ...(result.ok ? { serverVersion: result.serverVersion, odooUser: { uid: result.uid, name: result.userName }, companies: result.companies } : {}),
          },
        },
      )
      .exec();
    return result;
  }

  /**
   * Members' own Odoo logins were verified against the team's server: they must not follow the
   * connection to another one. Done before the move is stored, so no reader sees the new URL
   * together with an old member login.
   */
  private async unlinkMemberLogins(teamId: Types.ObjectId): Promise<void> {
    await this.identities.deleteMany({ teamId }).exec();
  }

  /** Decrypted credentials, in memory only, for the duration of a call. */
  async credentialsFor(teamId: string): Promise<Credentials & { connectionId: string; updatedAt: Date }> {
    const stored = await this.require(teamId);
    return { ...this.open(stored), connectionId: stored.id as string, updatedAt: stored.updatedAt };
  }

  private async probe(credentials: Credentials): Promise<OdooConnectionTestResult> {
    const started = Date.now();
    const base = { checkedAt: new Date().toISOString() };
    const failed = (error: { code: string; message: string }): OdooConnectionTestResult => ({
      ...base,
      ok: false,
      durationMs: Date.now() - started,
      serverVersion: null,
      uid: null,
      userName: null,
      companies: [],
      error,
    });
    let client: OdooClient;
    try {
      client = await this.clients.open({ ...credentials, timeoutMs: this.config.ODOO_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'URL_NOT_ALLOWED') return failed({ code: error.code, message: error.message });
      throw error;
    }
    try {
      const report = await client.testConnection();
      return {
        ...base,
        ok: true,
        durationMs: Date.now() - started,
        serverVersion: report.serverVersion,
        uid: report.uid,
        userName: report.userName,
        companies: report.companies,
        error: null,
      };
    } catch (error) {
      return failed(
        error instanceof OdooError
          ? { code: error.code, message: error.message }
          : { code: 'ODOO_UNEXPECTED', message: 'The Odoo server answered in a way Gantry does not understand' },
      );
    } finally {
      client.close();
    }
  }

  private seal(id: Types.ObjectId, values: Partial<Credentials>): Partial<Record<OdooConnectionEncryptedField, string>> {
    const sealed: Partial<Record<OdooConnectionEncryptedField, string>> = {};
    for (const field of ODOO_CONNECTION_ENCRYPTED_FIELDS) {
      const value = values[field];
      if (value !== undefined) sealed[field] = this.vault.encrypt(value, odooConnectionSecretContext(id, field));
    }
    return sealed;
  }

  private open(stored: OdooConnectionDocument): Credentials {
    const read = (field: OdooConnectionEncryptedField) => this.vault.decrypt(stored[field], odooConnectionSecretContext(stored._id, field));
    return { url: read('url'), database: read('database'), login: read('login'), secret: read('secret') };
  }

  private async require(teamId: string): Promise<OdooConnectionDocument> {
    const stored = await this.connections.findOne({ teamId: new Types.ObjectId(teamId) }).exec();
    if (!stored) throw notFound('Odoo connection');
    return stored;
  }

  private toView(stored: OdooConnectionDocument, withDetails: boolean): OdooConnection {
    const { url, database, login } = this.open(stored);
    return {
      id: stored.id as string,
      name: stored.name,
      host: new URL(url).host,
      status: stored.status,
      lastCheckedAt: stored.lastCheckedAt?.toISOString() ?? null,
      lastError: stored.lastError,
      serverVersion: stored.serverVersion,
      odooUser: stored.odooUser,
      companies: stored.companies,
      updatedAt: stored.updatedAt.toISOString(),
      ...(withDetails ? { details: { url, database, login, secretSet: true, secretMasked: SECRET_MASK } } : {}),
    };
  }
}

const UNTESTED = { status: 'untested', lastCheckedAt: null, lastError: null, serverVersion: null, odooUser: null, companies: [] } as const;

/** Whether `changes` point the connection at another server (URL) or database than `stored`. */
function movesEndpoint(stored: Pick<Credentials, 'url' | 'database'>, changes: Partial<Credentials>): boolean {
  return (changes.url !== undefined && changes.url !== stored.url) || (changes.database !== undefined && changes.database !== stored.database);
}
