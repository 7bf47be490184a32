/**
 * Maps what Node's http/https and the XML-RPC parser throw (no fault) to network or
 * invalid-response errors, naming the cause: refused, unknown host, TLS, reset, not Odoo.
 *
 * Nothing a server sent is repeated in these messages (no status, content type, banner, body,
 * certificate names): a connection test pointed at some other service must not tell its caller
 * what that service is. Every answer that is not Odoo's becomes one generic message.
 */
import { ODOO_ADDRESS_REFUSED, OdooError, OdooInvalidResponseError, OdooNetworkError, OdooNetworkFailure } from './odoo-errors';
import { redactSecrets } from './odoo-redaction';

export interface RequestErrorContext {
  url: string;
  host: string;
  call: string;
  secrets: readonly (string | undefined)[];
}

const TLS_CODES = new Set([
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'HOSTNAME_MISMATCH',
]);

function networkFailure(code: string | undefined): OdooNetworkFailure | undefined {
  if (!code) return undefined;
  if (code === ODOO_ADDRESS_REFUSED) return 'address_refused';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'host_not_found';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'connection_reset';
  if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'ENETDOWN') return 'unreachable';
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('CERT_')) return 'tls';
  if (code === 'ABORT_ERR') return 'aborted';
  if (/^E[A-Z]+$/.test(code)) return 'other';
  return undefined;
}

export function mapRequestError(error: unknown, context: RequestErrorContext): OdooError {
  const details = error as { code?: unknown; message?: unknown; res?: { statusCode?: number }; body?: unknown };
  const code = typeof details.code === 'string' ? details.code : undefined;
  const detail = redactSecrets(typeof details.message === 'string' ? details.message : String(error), context.secrets);
  const failure = networkFailure(code);
  if (failure) {
    const messages: Record<OdooNetworkFailure, string> = {
      connection_refused: `Cannot reach Odoo at ${context.url}: the connection was refused (${code}). Is the server running, and are the host and port right?`,
      host_not_found: `Cannot reach Odoo at ${context.url}: the host name "${context.host}" could not be resolved (${code}).`,
      connection_reset: `The connection to Odoo at ${context.url} was closed during ${context.call} (${code}).`,
      unreachable: `Cannot reach Odoo at ${context.url}: the network path to the server failed (${code}).`,
      // Not the TLS library's text: it can quote the names in the server's certificate.
      tls: `The TLS (HTTPS) connection to Odoo at ${context.url} failed (${code}). Check the certificate and that the URL's scheme matches the server.`,
      aborted: `The call ${context.call} to Odoo at ${context.url} was cancelled.`,
      // The refusal is the caller's own words (it names the setting that decides), not the server's.
      address_refused: `Gantry does not connect to ${context.url}: ${detail}`,
      other: `Cannot talk to Odoo at ${context.url} (${code}): ${detail}`,
    };
    return new OdooNetworkError(messages[failure], failure, code, { cause: error });
  }
  // No `cause` here: the parser's error carries the request, whose body holds the password.
  return notAnOdooServer(context.url, details.res?.statusCode);
}

/** The one message for anything that answered, but not as Odoo: what it answered is not repeated. */
export function notAnOdooServer(url: string, httpStatus?: number): OdooInvalidResponseError {
  return new OdooInvalidResponseError(
    `There is no Odoo server at ${url}: it did not answer like Odoo's external API. Check that this is the base URL of your Odoo, e.g. https://mycompany.odoo.com.`,
    httpStatus,
  );
}
