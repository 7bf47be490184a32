import { accountActivityQuerySchema, activityExportQuerySchema, activityPageSchema, activityQuerySchema } from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';

export class ActivityQueryDto extends createZodDto(activityQuerySchema) {}
export class AccountActivityQueryDto extends createZodDto(accountActivityQuerySchema) {}
export class ActivityExportQueryDto extends createZodDto(activityExportQuerySchema) {}
export class ActivityPageDto extends createZodDto(activityPageSchema) {}
