import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

export const MANAGED_KINDS = ['api_key', 'oauth_client', 'git_credential'] as const;
export type ManagedKind = (typeof MANAGED_KINDS)[number];

/**
 * Which stored object a named entry of the file became (`teams.acme.api_keys.ci-bot` → key id).
 * Objects are found by this record, never by their display name, so a dashboard-made key with the
 * same name is never taken over, and --prune removes only what a file once created.
 */
@Schema({ collection: 'config_managed_objects', timestamps: true })
export class ConfigManagedObjectRecord {
  @Prop({ type: String, required: true, enum: MANAGED_KINDS })
  kind!: ManagedKind;

  /** The team's slug. */
  @Prop({ required: true })
  team!: string;

  /** The entry's name in the file. */
  @Prop({ required: true })
  name!: string;

  @Prop({ required: true })
  objectId!: string;
}

export type ConfigManagedObjectDocument = HydratedDocument<ConfigManagedObjectRecord>;
export const ConfigManagedObjectSchema = SchemaFactory.createForClass(ConfigManagedObjectRecord);
ConfigManagedObjectSchema.index({ kind: 1, team: 1, name: 1 }, { unique: true });
