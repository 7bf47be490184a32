import { approvalDecisionRequestSchema, approvalListQuerySchema, approvalPageSchema, approvalSchema } from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';

export class ApprovalListQueryDto extends createZodDto(approvalListQuerySchema) {}
export class ApprovalPageDto extends createZodDto(approvalPageSchema) {}
export class ApprovalDto extends createZodDto(approvalSchema) {}
export class ApprovalDecisionDto extends createZodDto(approvalDecisionRequestSchema) {}
