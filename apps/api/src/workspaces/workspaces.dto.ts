import {
  imageRefSchema,
  workspaceCreateSchema,
  workspaceExecResultSchema,
  workspaceExecSchema,
  workspaceListSchema,
  workspaceCreateQuerySchema,
  workspaceLogsQuerySchema,
  workspaceLogsSchema,
  workspaceMcpTokenSchema,
  workspaceModulesSchema,
  workspacePullResultSchema,
  workspaceSchema,
  workspaceShellSchema,
  workspaceTemplateCreateSchema,
  workspaceTemplateRenameSchema,
  workspaceTemplateSchema,
} from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class WorkspaceCreateDto extends createZodDto(workspaceCreateSchema) {}
export class WorkspaceDto extends createZodDto(workspaceSchema) {}
export class WorkspaceListDto extends createZodDto(workspaceListSchema) {}
export class WorkspaceLogsQueryDto extends createZodDto(workspaceLogsQuerySchema) {}
export class WorkspaceCreateQueryDto extends createZodDto(workspaceCreateQuerySchema) {}
export class WorkspaceLogsDto extends createZodDto(workspaceLogsSchema) {}
export class WorkspaceExecDto extends createZodDto(workspaceExecSchema) {}
export class WorkspaceShellDto extends createZodDto(workspaceShellSchema) {}
export class WorkspaceExecResultDto extends createZodDto(workspaceExecResultSchema) {}
export class WorkspaceModulesDto extends createZodDto(workspaceModulesSchema) {}
export class WorkspacePullResultDto extends createZodDto(workspacePullResultSchema) {}
export class WorkspaceMcpTokenDto extends createZodDto(workspaceMcpTokenSchema) {}
export class WorkspaceRecreateDto extends createZodDto(z.object({ image: imageRefSchema.optional() }).strict()) {}
export class WorkspaceTemplateCreateDto extends createZodDto(workspaceTemplateCreateSchema) {}
export class WorkspaceTemplateRenameDto extends createZodDto(workspaceTemplateRenameSchema) {}
export class WorkspaceTemplateDto extends createZodDto(workspaceTemplateSchema) {}
