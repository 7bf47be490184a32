import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { OdooIdentity, OdooIdentityInput } from '@gantry/contracts';
import { OdooError } from '@gantry/odoo';
import { Model, Types } from 'mongoose';
import { TeamActor } from '../auth/actor';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, notFound } from '../common/domain-error';
import { Vault } from '../vault/vault';
import { OdooClientFactory } from './odoo-client-factory';
import { OdooConnectionsService } from './odoo-connections.service';
import { ODOO_IDENTITY_ENCRYPTED_FIELDS, OdooIdentityDocument, OdooIdentityRecord, odooIdentitySecretContext } from './odoo-identity.schema';

const SECRET_MASK = '••••••••';

@Injectable()
export class OdooIdentitiesService {
  constructor(
    @InjectModel(OdooIdentityRecord.name) private readonly identities: Model<OdooIdentityRecord>,
    private readonly connections: OdooConnectionsService,
    private readonly vault: Vault,
    private readonly clients: OdooClientFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(actor: TeamActor): Promise<OdooIdentity> {
    const stored = await this.find(actor.team.id, actor.user.id);
    if (!stored) return { linked: false, login: null, odooUser: null, secretMasked: null, updatedAt: null };
    return {
      linked: true,
      login: this.vault.decrypt(stored.login, odooIdentitySecretContext(stored._id, 'login')),
      odooUser: stored.odooUser,
      secretMasked: SECRET_MASK,
      updatedAt: stored.updatedAt.toISOString(),
    };
  }

  /** Links (or replaces) the caller's own Odoo login, after Odoo has accepted it. */
  async link(actor: TeamActor, input: OdooIdentityInput): Promise<OdooIdentity> {
    const team = await this.connections.credentialsFor(actor.team.id);
    const client = await this.clients.open({
      url: team.url,
      database: team.database,
      login: input.login,
      secret: input.secret,
      timeoutMs: this.config.ODOO_TIMEOUT_MS,
    });
    let odooUser: { uid: number; name: string };
    try {
      const report = await client.testConnection();
      odooUser = { uid: report.uid, name: report.userName };
    } catch (error) {
      const reason = error instanceof OdooError ? error.message : 'the Odoo server could not be reached';
      throw new DomainError('ODOO_CREDENTIALS_REJECTED', `Odoo did not accept this login: ${reason}`);
    } finally {
      client.close();
    }
    const teamId = new Types.ObjectId(actor.team.id);
    const userId = new Types.ObjectId(actor.user.id);
    const existing = await this.identities.findOne({ teamId, userId }).exec();
    const id = existing?._id ?? new Types.ObjectId();
    const sealed = Object.fromEntries(
      ODOO_IDENTITY_ENCRYPTED_FIELDS.map((field) => [field, this.vault.encrypt(input[field], odooIdentitySecretContext(id, field))]),
    );
    await this.identities.updateOne({ _id: id, teamId, userId }, { $set: { ...sealed, odooUser }, $setOnInsert: { teamId, userId } }, { upsert: true }).exec();
    // The login was checked against the server the connection had then. If the connection moved
    // meanwhile (which unlinks every member login), this one must not follow it to the new server.
    const now = await this.connections.credentialsFor(actor.team.id);
    if (now.url !== team.url || now.database !== team.database) {
      await this.identities.deleteOne({ _id: id }).exec();
      throw new DomainError('CONFLICT', "The team's Odoo connection changed while your login was being checked; link it again");
    }
    return this.get(actor);
  }

  async unlink(actor: TeamActor): Promise<void> {
    const result = await this.identities.deleteOne({ teamId: new Types.ObjectId(actor.team.id), userId: new Types.ObjectId(actor.user.id) }).exec();
    if (result.deletedCount === 0) throw notFound('Linked Odoo login');
  }

  /** The member's own Odoo login, decrypted in memory for the call, or null to use the team connection. */
  async credentialsFor(teamId: string, userId: string): Promise<{ id: string; login: string; secret: string; updatedAt: Date } | null> {
    const stored = await this.find(teamId, userId);
    if (!stored) return null;
    const open = (field: 'login' | 'secret') => this.vault.decrypt(stored[field], odooIdentitySecretContext(stored._id, field));
    return { id: stored.id as string, login: open('login'), secret: open('secret'), updatedAt: stored.updatedAt };
  }

  private find(teamId: string, userId: string): Promise<OdooIdentityDocument | null> {
    return this.identities.findOne({ teamId: new Types.ObjectId(teamId), userId: new Types.ObjectId(userId) }).exec();
  }
}
