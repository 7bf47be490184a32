import {
  createdOAuthClientSchema,
  createOAuthClientRequestSchema,
  oauthClientSchema,
  oauthConsentRequestSchema,
  oauthGrantSchema,
  oauthInteractionSchema,
  oauthRedirectSchema,
} from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';

export class OAuthInteractionDto extends createZodDto(oauthInteractionSchema) {}
export class OAuthConsentDto extends createZodDto(oauthConsentRequestSchema) {}
export class OAuthRedirectDto extends createZodDto(oauthRedirectSchema) {}
export class CreateOAuthClientDto extends createZodDto(createOAuthClientRequestSchema) {}
export class OAuthClientDto extends createZodDto(oauthClientSchema) {}
export class CreatedOAuthClientDto extends createZodDto(createdOAuthClientSchema) {}
export class OAuthGrantDto extends createZodDto(oauthGrantSchema) {}
