import { z } from 'zod';

/** Parses without throwing: zod runs refinements even after an earlier check failed. */
function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const odooUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => parseUrl(value) !== null, 'must be an absolute URL such as https://mycompany.odoo.com')
  .refine((value) => /^https?:$/.test(parseUrl(value)?.protocol ?? 'http:'), 'must use http or https')
  .refine((value) => !parseUrl(value)?.username && !parseUrl(value)?.password, 'must not contain credentials; use the login and secret fields');

export const odooConnectionInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80),
  url: odooUrlSchema,
  database: z.string().trim().min(1, 'is required').max(128),
  login: z.string().trim().min(1, 'is required').max(256),
  secret: z.string().min(1, 'is required').max(1024).describe('the Odoo password or, better, an Odoo API key'),
});
export type OdooConnectionInput = z.infer<typeof odooConnectionInputSchema>;

/**
 * Partial update; an omitted secret keeps the stored one, except when the URL or database changes:
 * then the secret is required again (ODOO_SECRET_REQUIRED), so it only goes where it was entered for.
 */
export const odooConnectionUpdateSchema = odooConnectionInputSchema.partial();
export type OdooConnectionUpdate = z.infer<typeof odooConnectionUpdateSchema>;

export const ODOO_CONNECTION_STATUSES = ['untested', 'ok', 'error'] as const;
export type OdooConnectionStatus = (typeof ODOO_CONNECTION_STATUSES)[number];

export const odooCompanySchema = z.object({ id: z.number(), name: z.string() });

/** What every member may see: name, host and health, never credentials. */
export const odooConnectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  status: z.enum(ODOO_CONNECTION_STATUSES),
  lastCheckedAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  serverVersion: z.string().nullable(),
  odooUser: z.object({ uid: z.number(), name: z.string() }).nullable(),
  companies: z.array(odooCompanySchema),
  updatedAt: z.string(),
  /** Present for roles that may edit the connection; the secret itself is never returned. */
  details: z.object({ url: z.string(), database: z.string(), login: z.string(), secretSet: z.boolean(), secretMasked: z.string() }).optional(),
});
export type OdooConnection = z.infer<typeof odooConnectionSchema>;

export const odooConnectionTestResultSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  durationMs: z.number(),
  serverVersion: z.string().nullable(),
  uid: z.number().nullable(),
  userName: z.string().nullable(),
  companies: z.array(odooCompanySchema),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type OdooConnectionTestResult = z.infer<typeof odooConnectionTestResultSchema>;

/** A member's own Odoo login: their MCP calls then run as that Odoo user, under Odoo's own access rules. */
export const odooIdentityInputSchema = z.strictObject({
  login: z.string().trim().min(1, 'is required').max(256),
  secret: z.string().min(1, 'is required').max(1024).describe('an Odoo API key of that user (or the password)'),
});
export type OdooIdentityInput = z.infer<typeof odooIdentityInputSchema>;

export const odooIdentitySchema = z.object({
  linked: z.boolean(),
  login: z.string().nullable(),
  odooUser: z.object({ uid: z.number(), name: z.string() }).nullable(),
  secretMasked: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type OdooIdentity = z.infer<typeof odooIdentitySchema>;
