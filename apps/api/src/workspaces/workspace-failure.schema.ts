import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/**
 * Why the last creation of a workspace name failed. A failed workspace leaves no record behind, so
 * a client that stopped waiting for it (an asynchronous create) would otherwise only ever see
 * "not found". Kept for a day, and cleared when the name is created again.
 */
@Schema({ collection: 'workspace_failures' })
export class WorkspaceFailureRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  teamId!: Types.ObjectId;

  @Prop({ required: true })
  name!: string;

  @Prop({ required: true })
  code!: string;

  @Prop({ required: true })
  message!: string;

  @Prop({ type: Date, required: true })
  at!: Date;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export type WorkspaceFailureDocument = HydratedDocument<WorkspaceFailureRecord>;
export const WorkspaceFailureSchema = SchemaFactory.createForClass(WorkspaceFailureRecord);
WorkspaceFailureSchema.index({ teamId: 1, name: 1 }, { unique: true });
WorkspaceFailureSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
