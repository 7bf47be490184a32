import { ActivityChange, ActivityOutcome, AuditCredentialType } from '@gantry/contracts';
import { ActivityTarget } from './activity-context';

/**
 * One entry of the admin trail as the trail reports it to the writer. Plain data: the writer
 * redacts and bounds every text, change and detail itself, so callers pass what they have.
 */
export interface ActivityEvent {
  /** null: an account event (no team). */
  teamId: string | null;
  time: Date;
  /** The route's permission, the refused one, or an AccountActivityAction. */
  action: string;
  /** `METHOD /api/path/:param`. */
  route: string | null;
  target: ActivityTarget | null;
  /** A failed sign-in knows only the email tried: the writer finds its account, off the request's path. */
  actor: { id: string | null; name: string | null; email: string | null };
  credential: { type: AuditCredentialType; id: string; label: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  outcome: ActivityOutcome;
  status: number | null;
  error: { code: string; message: string } | null;
  changes: ActivityChange[];
  details: Record<string, unknown> | null;
}
