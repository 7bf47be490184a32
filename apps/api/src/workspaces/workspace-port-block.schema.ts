import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/** A team's block of host ports (port routing), handed out once and kept. */
@Schema({ collection: 'workspace_port_blocks', timestamps: true })
export class WorkspacePortBlockRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true, unique: true })
  teamId!: Types.ObjectId;

  @Prop({ required: true, unique: true })
  start!: number;

  @Prop({ required: true })
  size!: number;
}

export type WorkspacePortBlockDocument = HydratedDocument<WorkspacePortBlockRecord>;
export const WorkspacePortBlockSchema = SchemaFactory.createForClass(WorkspacePortBlockRecord);
