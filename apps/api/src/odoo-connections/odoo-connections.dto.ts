import { odooConnectionInputSchema, odooConnectionSchema, odooConnectionTestResultSchema, odooConnectionUpdateSchema } from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';

export class OdooConnectionInputDto extends createZodDto(odooConnectionInputSchema) {}
export class OdooConnectionUpdateDto extends createZodDto(odooConnectionUpdateSchema) {}
export class OdooConnectionDto extends createZodDto(odooConnectionSchema) {}
export class OdooConnectionTestResultDto extends createZodDto(odooConnectionTestResultSchema) {}
