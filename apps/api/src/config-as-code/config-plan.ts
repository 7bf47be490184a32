import { ConfigChange, ConfigChangeAction, ConfigFieldChange, ConfigObjectKind, ConfigProblem } from '@gantry/contracts';
import { LoadedConfigFile } from './config-file-loader';

/** One object of the file compared with the database, and how to make the database match. */
export interface PlannedChange extends ConfigChange {
  /** Writes the change; absent when the object is unchanged. */
  apply?: () => Promise<void>;
}

/**
 * What planners share: the file, the ids of teams and users (known ones at planning, created ones
 * filled in as they are created, so later changes of the same run find them), and the problems
 * found so far (all reported together, before anything is written).
 */
export class PlanContext {
  readonly teamIds = new Map<string, string>();
  readonly userIds = new Map<string, string>();
  readonly problems: ConfigProblem[] = [];

  constructor(
    readonly loaded: LoadedConfigFile,
    readonly prune: boolean,
  ) {}

  teamId(slug: string): string {
    const id = this.teamIds.get(slug);
    if (!id) throw new Error(`team ${slug} was not created before the objects that belong to it`);
    return id;
  }

  userId(email: string): string {
    const id = this.userIds.get(email);
    if (!id) throw new Error(`user ${email} was not created before the objects that refer to it`);
    return id;
  }
}

type Fields = Record<string, unknown>;

/**
 * The change between what is stored (`current`, null when absent) and what the file wants. Plain
 * fields show their old and new values; `secrets` only say whether each one changed.
 */
export function compareObject(
  object: { kind: ConfigObjectKind; name: string; team: string | null },
  current: Fields | null,
  wanted: Fields,
  secrets: Record<string, boolean>,
  apply: () => Promise<void>,
): PlannedChange {
  const fields: ConfigFieldChange[] = [];
  for (const [key, to] of Object.entries(wanted)) {
    const from = current?.[key] ?? null;
    if (current === null || !sameValue(from, to)) fields.push({ key, secret: false, from, to });
  }
  for (const [key, changed] of Object.entries(secrets)) if (current === null || changed) fields.push({ key, secret: true });
  const action: ConfigChangeAction = current === null ? 'create' : fields.length > 0 ? 'update' : 'unchanged';
  return { ...object, action, fields, ...(action === 'unchanged' ? {} : { apply }) };
}

export function deletion(object: { kind: ConfigObjectKind; name: string; team: string | null }, apply: () => Promise<void>): PlannedChange {
  return { ...object, action: 'delete', fields: [], apply };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Lists whose order means nothing (scopes, models) compare sorted. */
export function sortedOrNull(values: readonly string[] | null | undefined): string[] | null {
  return values ? [...values].sort() : null;
}
