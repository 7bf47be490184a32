import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/** A saved database (a PostgreSQL template database) and filestore archive to create workspaces from. */
@Schema({ collection: 'workspace_templates', timestamps: true })
export class WorkspaceTemplateRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  teamId!: Types.ObjectId;

  @Prop({ required: true })
  name!: string;

  @Prop({ required: true })
  database!: string;

  @Prop({ required: true })
  role!: string;

  @Prop({ required: true })
  sourceWorkspace!: string;

  @Prop({ required: true })
  sourceDatabase!: string;

  @Prop({ required: true })
  image!: string;

  @Prop({ type: [String], default: [] })
  modules!: string[];

  /** Path of the filestore archive under WORKSPACE_DATA_DIR. */
  @Prop({ required: true })
  filestoreArchive!: string;

  @Prop({ type: Number, default: 0 })
  filestoreBytes!: number;

  createdAt!: Date;
  updatedAt!: Date;
}

export type WorkspaceTemplateDocument = HydratedDocument<WorkspaceTemplateRecord>;
export const WorkspaceTemplateSchema = SchemaFactory.createForClass(WorkspaceTemplateRecord);
WorkspaceTemplateSchema.index({ teamId: 1, name: 1 }, { unique: true });
