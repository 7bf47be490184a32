import { z } from 'zod';

const modelName = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'must be an Odoo model name such as res.partner');
const fieldRef = z
  .string()
  .trim()
  .regex(/^([a-z0-9_]+(\.[a-z0-9_]+)+|\*)\.[a-z0-9_]+$/, 'must be model.field, e.g. res.partner.vat, or *.field');

export const DESTRUCTIVE_CONFIRMATION = ['off', 'when_supported', 'required'] as const;
export type DestructiveConfirmation = (typeof DESTRUCTIVE_CONFIRMATION)[number];

/** What the AI clients of a team may touch in its Odoo, applied before Odoo is called and to what comes back. */
export const mcpPolicySchema = z.strictObject({
  readOnly: z.boolean().default(false),
  /** Empty: every model not denied. */
  allowedModels: z.array(modelName).max(500).default([]),
  deniedModels: z.array(modelName).max(500).default([]),
  /** Added to the built-in deny-list of secret-looking fields. */
  deniedFields: z.array(fieldRef).max(1000).default([]),
  rateLimits: z
    .strictObject({
      callsPerMinute: z.number().int().min(1).max(100_000).default(600),
      writesPerMinute: z.number().int().min(1).max(100_000).default(120),
    })
    .default({ callsPerMinute: 600, writesPerMinute: 120 }),
  /**
   * Destructive tools (delete_record, call_method, delete_workspace) ask the user first through MCP
   * elicitation: `when_supported` asks clients that declared elicitation and lets others through;
   * `required` refuses the call from a client that cannot be asked.
   */
  destructiveConfirmation: z.enum(DESTRUCTIVE_CONFIRMATION).default('off'),
});
export type McpPolicy = z.infer<typeof mcpPolicySchema>;

export const DEFAULT_MCP_POLICY: McpPolicy = mcpPolicySchema.parse({});

/** Never readable or writable through the gateway, whatever a team configures. */
export const BUILT_IN_DENIED_FIELDS: readonly string[] = [
  'res.users.password',
  'res.users.new_password',
  'res.users.api_key_ids',
  'res.users.totp_secret',
  'res.users.totp_trusted_device_ids',
  'res.users.signup_token',
  'res.partner.signup_token',
  'ir.config_parameter.value',
  'res.users.apikeys.key',
];

/** Field names that look like credentials on any model. */
export const SECRET_FIELD_PATTERN = /(^|_)(password|passwd|secret|token|api_?key|private_key|totp)(_|$)/i;
