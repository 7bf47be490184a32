/** Keeps passwords and API keys out of anything a human or a log will read. */

const REDACTED = '[redacted]';

export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    // Very short secrets would redact ordinary words; Odoo passwords and keys are longer.
    if (secret && secret.length >= 3) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** The URL as it may be shown: without user:password@ and without query string. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
