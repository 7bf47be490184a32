import { z } from 'zod';

const secret = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .min(32, `${name} must be at least 32 characters (generate one with: openssl rand -hex 32)`);

/** 32 random bytes as 64 hex characters or 44 base64 characters; anything weaker is refused. */
export const encryptionKeySchema = z.string().refine((value) => decodeKey(value) !== null, {
  message: 'ENCRYPTION_KEY must be 32 random bytes as 64 hex characters or base64 (generate one with: openssl rand -hex 32)',
});

export function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    return bytes.length === 32 ? bytes : null;
  }
  return null;
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  PUBLIC_URL: z
    .url({ error: 'PUBLIC_URL must be an absolute http(s) URL, e.g. http://localhost:3000' })
    .default('http://localhost:3000')
    .transform((value) => value.replace(/\/+$/, '')),
  MONGODB_URI: z
    .string({ error: 'MONGODB_URI is required (npm start provides an embedded server when it is unset)' })
    .regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI must start with mongodb:// or mongodb+srv://'),
  JWT_SECRET: secret('JWT_SECRET'),
  COOKIE_SECRET: secret('COOKIE_SECRET'),
  ENCRYPTION_KEY: encryptionKeySchema,
  ENCRYPTION_KEYS_PREVIOUS: z.string().default(''),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
  INVITATION_TTL_DAYS: positiveInt(7),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(10),
  LOGIN_MAX_ATTEMPTS_PER_IP: positiveInt(100),
  LOGIN_RATE_WINDOW_SECONDS: positiveInt(900),
  ODOO_TIMEOUT_MS: positiveInt(15_000),
  ODOO_MAX_SOCKETS: positiveInt(64),
  MCP_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean)),
  MCP_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean)),
  CREDENTIAL_CACHE: z.enum(['local', 'change-stream', 'off']).default('local'),
  TRUST_PROXY: z.string().default('loopback'),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'BODY_LIMIT must look like 100kb or 1mb').default('256kb'),
  OPENAPI_ENABLED: booleanFlag(true),
  GANTRY_ADMIN_EMAIL: z.email().optional(),
  GANTRY_ADMIN_PASSWORD: z.string().min(10, 'GANTRY_ADMIN_PASSWORD must be at least 10 characters').optional(),
  GANTRY_ADMIN_NAME: z.string().default('Administrator'),
  GANTRY_ADMIN_TEAM: z.string().default('My team'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

export type AppConfig = z.infer<typeof configSchema>;

/** Keys whose values never reach a log line or a response. */
export const SENSITIVE_KEYS = new Set<keyof AppConfig>([
  'JWT_SECRET',
  'COOKIE_SECRET',
  'ENCRYPTION_KEY',
  'ENCRYPTION_KEYS_PREVIOUS',
  'GANTRY_ADMIN_PASSWORD',
  'MONGODB_URI',
]);
