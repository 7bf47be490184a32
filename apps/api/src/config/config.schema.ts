import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ACCOUNT_ACTIVITY_RETENTION_DAYS_DEFAULT } from '@gantry/contracts';
import { z } from 'zod';
import { allowlistEntryProblem } from '../common/outbound-url-guard';

const secret = (name: string) =>
  z.string({ error: `${name} is required` }).min(32, `${name} must be at least 32 characters (generate one with: openssl rand -hex 32)`);

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

/** Comma-separated host names, host:port, IP addresses or CIDR ranges; checked at start (see outbound-url-guard). */
const hostAllowlist = (name: string) =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    )
    .superRefine((entries, context) => {
      for (const entry of entries) {
        const problem = allowlistEntryProblem(entry);
        if (problem) context.addIssue({ code: 'custom', message: `${name}: "${entry}" ${problem}` });
      }
    });

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

/**
 * A PEM file of extra CA certificates, read and checked at start so a wrong path or a broken file
 * stops the boot instead of failing the first fetch: the certificates it holds, or an issue.
 */
const extraCaCertificatesFile = z
  .string()
  .optional()
  .transform((path, context) => {
    if (!path) return [];
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      context.addIssue({ code: 'custom', message: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})` });
      return z.NEVER;
    }
    const certificates = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (certificates.length === 0) {
      context.addIssue({ code: 'custom', message: `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` });
      return z.NEVER;
    }
    certificates.forEach((pem, index) => {
      try {
        new X509Certificate(pem);
      } catch {
        context.addIssue({ code: 'custom', message: `certificate ${index + 1} in ${path} cannot be read` });
      }
    });
    return certificates;
  });

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
  /** Days account events of the admin trail (sign-ins, sign-outs, refusals outside a team) are kept; team events follow the team's audit retention. */
  ACCOUNT_ACTIVITY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(ACCOUNT_ACTIVITY_RETENTION_DAYS_DEFAULT),
  ODOO_TIMEOUT_MS: positiveInt(15_000),
  ODOO_MAX_SOCKETS: positiveInt(64),
  /**
   * Odoo servers Gantry may reach on loopback or private addresses (self-hosted installs): host
   * names, IP addresses or CIDR ranges. Empty: public addresses only. Link-local and cloud
   * metadata addresses are never reachable, whatever this says.
   */
  ODOO_ALLOWED_HOSTS: hostAllowlist('ODOO_ALLOWED_HOSTS'),
  MCP_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
  MCP_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** How long a destructive tool call waits for the user's answer to its confirmation question. */
  MCP_CONFIRMATION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** How long a destructive call held for approval (team policy `approvals: destructive`) waits for an owner's or admin's decision: 1 minute to 7 days. */
  APPROVAL_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  OAUTH_ACCESS_TOKEN_TTL_SECONDS: positiveInt(3600),
  OAUTH_REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
  OAUTH_REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  OAUTH_DYNAMIC_REGISTRATION: booleanFlag(true),
  OAUTH_CLIENT_ID_METADATA_DOCUMENTS: booleanFlag(true),
  OAUTH_ALLOWED_FETCH_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Hours a dynamically registered client that never completed a grant is kept; 0 keeps them. */
  OAUTH_UNUSED_CLIENT_TTL_HOURS: z.coerce.number().int().min(0).max(8760).default(24),
  /** Extra CAs (PEM file) trusted by the authorization server's outbound fetches, e.g. a company's private CA. */
  OUTBOUND_EXTRA_CA_CERTS: extraCaCertificatesFile,
  WORKSPACE_ODOO_ADMIN_PASSWORD: z.string().min(1).optional(),
  CREDENTIAL_CACHE: z.enum(['local', 'change-stream', 'off']).default('local'),
  TRUST_PROXY: z.string().default('loopback'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'BODY_LIMIT must look like 100kb or 1mb')
    .default('256kb'),
  OPENAPI_ENABLED: booleanFlag(true),
  GANTRY_ADMIN_EMAIL: z.email().optional(),
  GANTRY_ADMIN_PASSWORD: z.string().min(10, 'GANTRY_ADMIN_PASSWORD must be at least 10 characters').optional(),
  GANTRY_ADMIN_NAME: z.string().default('Administrator'),
  GANTRY_ADMIN_TEAM: z.string().default('My team'),
  /** gantry.toml applied at every start (docs/config-as-code.md); unset: nothing is applied. */
  GANTRY_CONFIG: z.string().optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  WORKSPACES_ENABLED: booleanFlag(true),
  DOCKER_HOST: z
    .string()
    .regex(/^(unix:\/\/\/.+|tcp:\/\/[^/]+|https?:\/\/[^/]+)$/, 'DOCKER_HOST must look like unix:///var/run/docker.sock or tcp://host:2375')
    .default('unix:///var/run/docker.sock'),
  WORKSPACE_ROUTING: z.enum(['port', 'traefik']).default('port'),
  WORKSPACE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'WORKSPACE_DOMAIN must be a DNS name')
    .default('localhost'),
  WORKSPACE_PUBLIC_HOST: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'WORKSPACE_PUBLIC_HOST must be a DNS name or IP')
    .default('localhost'),
  WORKSPACE_PORT_RANGE: z
    .string()
    .regex(/^\d{2,5}-\d{2,5}$/, 'WORKSPACE_PORT_RANGE must look like 20000-29999')
    .default('20000-29999')
    .transform((value) => value.split('-').map(Number) as [number, number])
    .refine(([low, high]) => low >= 1024 && high <= 65535 && low <= high, 'WORKSPACE_PORT_RANGE must lie within 1024-65535, low first'),
  WORKSPACE_PORTS_PER_TEAM: positiveInt(20),
  WORKSPACE_TRAEFIK_ENTRYPOINT: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('websecure'),
  WORKSPACE_TRAEFIK_CERTRESOLVER: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .default(''),
  WORKSPACE_TRAEFIK_NETWORK: z
    .string()
    .regex(/^[A-Za-z0-9_.-]*$/)
    .default(''),
  WORKSPACE_DB_MODE: z.enum(['container', 'external']).default('container'),
  WORKSPACE_DB_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'WORKSPACE_DB_URL must start with postgres://')
    .optional(),
  WORKSPACE_DB_IMAGE: z.string().default('postgres:15'),
  WORKSPACE_DB_CONTAINER: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
    .default('gantry-db'),
  WORKSPACE_DB_HOST_PORT: z.coerce.number().int().min(1024).max(65535).default(25432),
  WORKSPACE_ODOO_IMAGE: z.string().default('odoo:17'),
  WORKSPACE_MEMORY_MB: positiveInt(2048),
  WORKSPACE_PIDS: positiveInt(512),
  WORKSPACE_SLOTS_PER_TEAM: positiveInt(5),
  WORKSPACE_IDLE_STOP_HOURS: z.coerce.number().min(0).default(8),
  WORKSPACE_IDLE_DELETE_HOURS: z.coerce.number().min(0).default(0),
  WORKSPACE_DATA_DIR: z.string().default('.gantry/workspaces'),
  WORKSPACE_GIT_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    ),
  WORKSPACE_GIT_PROVIDER_APIS: z
    .string()
    .default('')
    .transform((value) =>
      Object.fromEntries(
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean)
          .map((entry) => entry.split('=', 2) as [string, string]),
      ),
    ),
  WORKSPACE_IPTABLES: booleanFlag(true),
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
  'WORKSPACE_DB_URL',
  'WORKSPACE_ODOO_ADMIN_PASSWORD',
]);
