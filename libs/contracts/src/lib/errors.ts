import { z } from 'zod';

/** Stable error codes every client can branch on. HTTP status is derived from the code in one place. */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_EXPIRED: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  FORBIDDEN: 403,
  INSUFFICIENT_SCOPE: 403,
  TOOL_NOT_ALLOWED: 403,
  MODEL_NOT_ALLOWED: 403,
  READ_ONLY: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  TEAM_SLUG_TAKEN: 409,
  ALREADY_MEMBER: 409,
  SETUP_ALREADY_DONE: 409,
  OWNER_CANNOT_LEAVE: 409,
  INVITATION_INVALID: 410,
  /** The invited email already has an account: sign in as it, then join. */
  INVITATION_SIGN_IN_REQUIRED: 409,
  /** Signed in as another account than the one invited. */
  INVITATION_FOR_ANOTHER_ACCOUNT: 403,
  OAUTH_INTERACTION_EXPIRED: 410,
  OAUTH_CLIENT_INVALID: 400,
  ODOO_CREDENTIALS_REJECTED: 422,
  /** Moving the Odoo connection (URL or database) needs its secret again. */
  ODOO_SECRET_REQUIRED: 422,
  WORKSPACE_BUSY: 409,
  WORKSPACE_NAME_TAKEN: 409,
  WORKSPACE_NAME_COLLISION: 409,
  WORKSPACE_QUOTA_EXCEEDED: 409,
  WORKSPACE_NOT_RUNNING: 409,
  URL_NOT_ALLOWED: 422,
  GIT_CREDENTIALS_REJECTED: 422,
  GIT_FETCH_FAILED: 422,
  WORKSPACE_OPERATION_FAILED: 422,
  /** The held call's approval window passed before anyone decided; nothing ran. */
  APPROVAL_EXPIRED: 409,
  /** Someone approved or denied it already (or is running it): an approval is decided once. */
  APPROVAL_ALREADY_DECIDED: 409,
  /**
   * An approved call did not run because the credential that asked no longer works (key revoked or
   * expired, app disconnected, workspace token replaced, member removed): the approval's `error`.
   */
  APPROVAL_REQUESTER_INVALID: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  WORKSPACES_UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const fieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(fieldErrorSchema).optional(),
    retryAfterSeconds: z.number().optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
