import { auditExportQuerySchema, auditPageSchema, auditQuerySchema, auditRecordSchema } from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';

export class AuditQueryDto extends createZodDto(auditQuerySchema) {}
export class AuditExportQueryDto extends createZodDto(auditExportQuerySchema) {}
export class AuditRecordDto extends createZodDto(auditRecordSchema) {}
export class AuditPageDto extends createZodDto(auditPageSchema) {}
