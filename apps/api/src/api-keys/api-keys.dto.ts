import { apiKeySchema, createApiKeyRequestSchema, createdApiKeySchema, credentialNarrowingSchema, listApiKeysQuerySchema } from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class CreateApiKeyDto extends createZodDto(createApiKeyRequestSchema) {}
export class ListApiKeysQueryDto extends createZodDto(listApiKeysQuerySchema) {}
export class ApiKeyDto extends createZodDto(apiKeySchema) {}
export class CreatedApiKeyDto extends createZodDto(createdApiKeySchema) {}
export class CredentialNarrowingDto extends createZodDto(credentialNarrowingSchema) {}

/** A validated creation request, defaults applied. */
export type NewApiKey = z.output<typeof createApiKeyRequestSchema>;
