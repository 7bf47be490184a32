import { loginRequestSchema, meResponseSchema, sessionSchema, sessionTokenResponseSchema, setupRequestSchema, setupStatusSchema } from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';

export class LoginDto extends createZodDto(loginRequestSchema) {}
export class SessionTokenResponseDto extends createZodDto(sessionTokenResponseSchema) {}
export class MeResponseDto extends createZodDto(meResponseSchema) {}
export class SessionDto extends createZodDto(sessionSchema) {}
export class SetupDto extends createZodDto(setupRequestSchema) {}
export class SetupStatusDto extends createZodDto(setupStatusSchema) {}
