import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ConfigManagedObjectRecord, ManagedKind } from './config-managed-object.schema';

/** The file's named entries and the objects they became (see ConfigManagedObjectRecord). */
@Injectable()
export class ConfigManagedObjects {
  constructor(@InjectModel(ConfigManagedObjectRecord.name) private readonly records: Model<ConfigManagedObjectRecord>) {}

  /** name → object id, for one kind in one team. */
  async of(kind: ManagedKind, team: string): Promise<Map<string, string>> {
    const records = await this.records.find({ kind, team }).lean().exec();
    return new Map(records.map((record) => [record.name, record.objectId]));
  }

  async remember(kind: ManagedKind, team: string, name: string, objectId: string): Promise<void> {
    await this.records.updateOne({ kind, team, name }, { $set: { objectId } }, { upsert: true }).exec();
  }

  async forget(kind: ManagedKind, team: string, name: string): Promise<void> {
    await this.records.deleteOne({ kind, team, name }).exec();
  }
}
