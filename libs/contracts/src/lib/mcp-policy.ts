import { z } from 'zod';

export const odooModelNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'must be an Odoo model name such as res.partner');
const modelName = odooModelNameSchema;
const fieldRef = z
  .string()
  .trim()
  .regex(/^([a-z0-9_]+(\.[a-z0-9_]+)+|\*)\.[a-z0-9_]+$/, 'must be model.field, e.g. res.partner.vat, or *.field');

export const DESTRUCTIVE_CONFIRMATION = ['off', 'when_supported', 'required'] as const;
export const APPROVAL_MODES = ['off', 'destructive'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];
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
  /**
   * `destructive`: a destructive tool call (delete_record, call_method, delete_workspace) is held
   * as a pending approval until an owner or admin approves it over REST; it then runs exactly once.
   * Unlike elicitation, this works with every client, and the client cannot answer it itself. With
   * both on, approvals take precedence: the call is held without asking (docs/approvals.md).
   */
  approvals: z.enum(APPROVAL_MODES).default('off'),
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

/**
 * The floor no team policy, key, OAuth grant or role can lower: what Gantry never lets an AI client
 * touch in Odoo, whatever Odoo itself would allow the connection's user. Listed in docs/security.md.
 */
export const ODOO_FLOOR = {
  /** Never readable nor writable: credentials, and the rules that decide who sees what. */
  models: ['res.users.apikeys', 'res.users.apikeys.description', 'ir.rule', 'ir.model.access', 'res.users.log', 'auth_totp.device'],
  /** Readable, never changed or run: scheduled code, server-side code, settings, modules, the data model itself. */
  writeModels: [
    'ir.cron',
    'ir.config_parameter',
    'ir.actions.server',
    'base.automation',
    'ir.module.module',
    'ir.model',
    'ir.model.fields',
    'ir.ui.view',
    'res.groups',
    'ir.mail_server',
    'fetchmail.server',
  ],
  /** Method names never called, on any model: they bypass access rights, run raw SQL or code, or change the environment. */
  methods: [
    'sudo',
    'with_user',
    'with_env',
    'with_context',
    'with_company',
    'env',
    'invalidate_cache',
    'flush',
    'flush_model',
    'check_access_rights',
    'init',
    'execute',
    'run',
    'action_server_run',
    'button_immediate_install',
    'button_immediate_upgrade',
    'button_immediate_uninstall',
    'module_uninstall',
  ],
  /** Reading and writing records has dedicated tools, which apply the field rules; call_method never runs these. */
  dedicatedToolMethods: [
    'create',
    'write',
    'unlink',
    'read',
    'search',
    'search_read',
    'search_count',
    'web_search_read',
    'web_read',
    'read_group',
    'fields_get',
    'export_data',
    'load',
    'copy',
    'name_create',
  ],
} as const;

/** Whether a method name is below the floor: private (`_…`), listed, or one that bypasses the dedicated tools' field rules. */
export function isFloorMethod(method: string): boolean {
  return (
    method.startsWith('_') ||
    (ODOO_FLOOR.methods as readonly string[]).includes(method) ||
    (ODOO_FLOOR.dedicatedToolMethods as readonly string[]).includes(method)
  );
}
