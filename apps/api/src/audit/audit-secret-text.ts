import { AUDIT_REDACTED } from '@gantry/contracts';

/**
 * Secrets inside free text (a tool's `comment`, an error message, a URL): masked in place, so
 * the rest of the text stays readable. Keys of objects are handled by audit-redaction; this looks
 * at string values wherever they are.
 */

/** Cheap first test, so that most strings (names, emails, ids, domains) skip the patterns below. */
const MAY_HOLD_SECRET =
  /gnt_live_|gws_|gh[pousr]_|github_pat_|glpat-|sk-|A[KS]IA|bearer|basic|eyJ|PRIVATE KEY|\/\/[^\s/@]*:[^\s/@]*@|passw|passphrase|pwd|secret|token|key|credential|session|cookie|signature|authori/i;

/** Names whose value is a secret: `password=…`, `db_passwd: …`, `"api_key": "…"`, `client-secret=…`. */
const SECRET_NAME = String.raw`(?:passwords?|passwd|passphrase|pwd|secret|token|authorization|credentials?|session[_-]?id|sessionid|cookie|(?:api|access|private|secret|signing|encryption|master|license|client|auth)[_-]?key|apikey)`;
/**
 * `<name>` then `=` or `:` then the value (bare, or quoted with escapes). The name must end with
 * a secret word, so `secretary: Jane` or `keyboard=us` are left alone. Its prefix is bounded so a
 * crafted text cannot make the scan quadratic.
 */
const SECRET_ASSIGNMENT = new RegExp(
  String.raw`\b([A-Za-z0-9_.-]{0,40}?${SECRET_NAME})\b(["']?\s*[:=]\s*)("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s,;&"'<>(){}[\]]+)`,
  'gi',
);

/** Credentials with a recognisable shape, wherever they appear. */
const SHAPED_SECRETS: ReadonlyArray<[RegExp, string]> = [
  // PEM private keys, also when the text was cut before the END line
  [/-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(-----END ([A-Z0-9]+ )*PRIVATE KEY-----|$)/g, AUDIT_REDACTED],
  [/gnt_live_[A-Za-z0-9_-]{9,}/g, AUDIT_REDACTED], // Gantry API keys (gnt_live_ + 8 characters is only the public prefix)
  [/\bgws_[A-Za-z0-9_-]{16,}/g, AUDIT_REDACTED], // Gantry workspace MCP tokens
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, AUDIT_REDACTED], // GitHub tokens
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, AUDIT_REDACTED],
  [/\bglpat-[A-Za-z0-9_-]{20,}/g, AUDIT_REDACTED], // GitLab
  [/\bsk-[A-Za-z0-9_-]{20,}/g, AUDIT_REDACTED], // OpenAI, Anthropic and similar API keys
  [/\bA[KS]IA[0-9A-Z]{16}\b/g, AUDIT_REDACTED], // AWS access key ids
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${AUDIT_REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, AUDIT_REDACTED], // JWTs
  [/(\/\/[^\s:@/]+:)[^\s@/]+@/g, `$1${AUDIT_REDACTED}@`], // passwords in URLs
];

/** A long run of base64 or hex shortly after a secret-ish word: "the API key is 9f86d081884c7d65…". */
const SECRET_WORD_THEN_RUN = /\b(?:key|secret|token|password|passwd|credential|signature)s?\b[^\n]{0,24}?([A-Za-z0-9+/=_-]{20,})/gi;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** snake_case or kebab-case names (`x_studio_customer_ref2`): identifiers, not secrets. */
const IDENTIFIER = /^[A-Za-z][a-z0-9]*([_-][A-Za-z0-9][a-z0-9]*)+$/;

/** Random-looking: letters and at least a few digits, not a UUID, not a long word or an identifier. */
function looksRandom(run: string): boolean {
  const digits = run.replace(/[^0-9]/g, '').length;
  const letters = run.replace(/[^A-Za-z]/g, '').length;
  return digits >= 3 && letters >= 4 && !UUID.test(run) && !IDENTIFIER.test(run);
}

function maskValue(value: string): string {
  // `Authorization: Bearer …`: the scheme stays readable, its credential was masked above.
  if (/^(bearer|basic)$/i.test(value)) return value;
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${quote}${AUDIT_REDACTED}${quote}`;
}

export function redactText(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let redacted = text;
  for (const [pattern, replacement] of SHAPED_SECRETS) redacted = redacted.replace(pattern, replacement);
  redacted = redacted.replace(SECRET_ASSIGNMENT, (_match, name: string, separator: string, value: string) => `${name}${separator}${maskValue(value)}`);
  return redacted.replace(SECRET_WORD_THEN_RUN, (match, run: string) =>
    looksRandom(run) ? `${match.slice(0, match.length - run.length)}${AUDIT_REDACTED}` : match,
  );
}
