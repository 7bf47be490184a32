import { ACTIVITY_EXPORT_CSV_COLUMNS, ActivityRecord } from '@gantry/contracts';
import { CsvLayout, spreadsheetSafe } from '../audit/audit-export';

/** The admin trail's CSV: one row per record; changes and details as JSON in their cells. */
export const ACTIVITY_CSV: CsvLayout<ActivityRecord> = {
  columns: ACTIVITY_EXPORT_CSV_COLUMNS,
  row: (record) => ({
    time: record.time,
    action: record.action,
    outcome: record.outcome,
    status: record.status ?? '',
    actorId: record.actor.id ?? '',
    actorEmail: spreadsheetSafe(record.actor.email ?? ''),
    credentialType: record.credential?.type ?? '',
    credentialId: spreadsheetSafe(record.credential?.id ?? ''),
    targetResource: spreadsheetSafe(record.target?.resource ?? ''),
    targetId: spreadsheetSafe(record.target?.id ?? ''),
    targetLabel: spreadsheetSafe(record.target?.label ?? ''),
    ip: record.ip ?? '',
    userAgent: spreadsheetSafe(record.userAgent ?? ''),
    errorCode: record.error?.code ?? '',
    errorMessage: spreadsheetSafe(record.error?.message ?? ''),
    changes: record.changes.length > 0 ? spreadsheetSafe(JSON.stringify(record.changes)) : '',
    details: record.details ? spreadsheetSafe(JSON.stringify(record.details)) : '',
  }),
};
