import type { OdooConnection, OdooConnectionTestResult } from '@gantry/contracts';
import { CircleAlert, CircleCheck } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { formatDateTime, formatDuration } from '@/lib/format';

/** The Odoo client's error codes, said in words; the API's own message follows with the detail. */
const ODOO_ERROR_TITLES: Record<string, string> = {
  ODOO_ACCESS_DENIED: 'Odoo refused the login and secret',
  ODOO_ACCESS_ERROR: 'The Odoo user is not allowed to do this',
  ODOO_DATABASE_NOT_FOUND: 'This database does not exist on the Odoo server',
  ODOO_NETWORK: 'The Odoo server could not be reached',
  ODOO_TIMEOUT: 'The Odoo server did not answer in time',
  ODOO_INVALID_RESPONSE: 'This address does not answer like an Odoo server',
  ODOO_SERVER_ERROR: 'The Odoo server reported an error',
  ODOO_UNEXPECTED: 'The Odoo server answered in a way Gantry does not understand',
  URL_NOT_ALLOWED: 'Gantry does not connect to this address',
};

function odooErrorTitle(code: string): string {
  return ODOO_ERROR_TITLES[code] ?? 'The connection test failed';
}

export function OdooStatusBadge({ status }: { status: OdooConnection['status'] }) {
  if (status === 'ok') return <Badge variant="success">Connected</Badge>;
  if (status === 'error') return <Badge variant="destructive">Failing</Badge>;
  return <Badge variant="secondary">Not tested</Badge>;
}

/** A test's outcome: a fresh test result, or the one recorded on the saved connection. */
export type OdooHealthReport = Omit<OdooConnectionTestResult, 'durationMs'> & { durationMs?: number };

export function healthOfConnection(connection: OdooConnection): OdooHealthReport | null {
  if (connection.status === 'untested' || !connection.lastCheckedAt) return null;
  return {
    ok: connection.status === 'ok',
    checkedAt: connection.lastCheckedAt,
    serverVersion: connection.serverVersion,
    uid: connection.odooUser?.uid ?? null,
    userName: connection.odooUser?.name ?? null,
    companies: connection.companies,
    error: connection.lastError,
  };
}

export function OdooTestResult({ result }: { result: OdooHealthReport }) {
  if (!result.ok || result.error) {
    const error = result.error ?? { code: 'ODOO_UNEXPECTED', message: '' };
    return (
      <Alert variant="destructive">
        <CircleAlert aria-hidden />
        <AlertTitle>{odooErrorTitle(error.code)}</AlertTitle>
        <AlertDescription>
          <p>{error.message}</p>
          <p className="mt-1 font-mono text-xs opacity-80">
            {error.code} · {formatDateTime(result.checkedAt)}
          </p>
        </AlertDescription>
      </Alert>
    );
  }
  return (
    <Alert>
      <CircleCheck aria-hidden className="text-success!" />
      <AlertTitle>Connected to Odoo {result.serverVersion}</AlertTitle>
      <AlertDescription>
        <OdooFacts serverVersion={result.serverVersion} userName={result.userName} uid={result.uid} companies={result.companies} />
        <p className="mt-1 text-xs text-muted-foreground">
          {result.durationMs === undefined ? 'Checked' : `Answered in ${formatDuration(result.durationMs)}`} · {formatDateTime(result.checkedAt)}
        </p>
      </AlertDescription>
    </Alert>
  );
}

/** Server version, Odoo user and companies, as a short list of facts. */
function OdooFacts({
  serverVersion,
  userName,
  uid,
  companies,
}: {
  serverVersion: string | null;
  userName: string | null;
  uid: number | null;
  companies: ReadonlyArray<{ id: number; name: string }>;
}) {
  return (
    <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      <dt className="text-muted-foreground">Server version</dt>
      <dd>{serverVersion ?? '—'}</dd>
      <dt className="text-muted-foreground">Odoo user</dt>
      <dd>{userName ? `${userName}${uid === null ? '' : ` (uid ${uid})`}` : '—'}</dd>
      <dt className="text-muted-foreground">Companies</dt>
      <dd>{companies.length > 0 ? companies.map((company) => company.name).join(', ') : '—'}</dd>
    </dl>
  );
}
