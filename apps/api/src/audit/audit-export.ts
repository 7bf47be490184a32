import { Readable, Transform, pipeline } from 'node:stream';
import { AUDIT_EXPORT_CSV_COLUMNS, AuditExportFormat, AuditRecord } from '@gantry/contracts';
import { stringify } from 'csv-stringify';

type CsvRow = Record<(typeof AUDIT_EXPORT_CSV_COLUMNS)[number], string | number>;

export const AUDIT_EXPORT_CONTENT_TYPES: Readonly<Record<AuditExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Turns a stream of records into the file's bytes; destroying the result stops the source too. */
export function auditExportStream(records: Readable, format: AuditExportFormat): Readable {
  const done = () => undefined; // errors surface on the returned stream, where the response handles them
  if (format === 'json') return pipeline(records, jsonArray(), done);
  return pipeline(records, mapObjects(toCsvRow), stringify({ header: true, columns: [...AUDIT_EXPORT_CSV_COLUMNS] }), done);
}

function toCsvRow(record: AuditRecord): CsvRow {
  return {
    time: record.time,
    tool: spreadsheetSafe(record.tool),
    model: spreadsheetSafe(record.model ?? ''),
    status: record.status,
    durationMs: record.durationMs,
    userEmail: spreadsheetSafe(record.user.email ?? ''),
    credentialType: record.credential.type,
    credentialId: spreadsheetSafe(record.credential.id),
    errorCode: spreadsheetSafe(record.error?.code ?? ''),
    errorMessage: spreadsheetSafe(record.error?.message ?? ''),
  };
}

/**
 * Error messages come from Odoo and tool names from clients: a cell starting with = + - @ would run
 * as a formula when the file is opened in a spreadsheet, so it is prefixed with a quote (OWASP).
 */
function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function mapObjects<In, Out>(map: (value: In) => Out): Transform {
  return new Transform({
    objectMode: true,
    transform(chunk: In, _encoding, callback) {
      callback(null, map(chunk));
    },
  });
}

/** `[` record `,` record … `]`, one record per line. */
function jsonArray(): Transform {
  let first = true;
  return new Transform({
    writableObjectMode: true,
    transform(record: AuditRecord, _encoding, callback) {
      const prefix = first ? '[\n' : ',\n';
      first = false;
      callback(null, prefix + JSON.stringify(record));
    },
    flush(callback) {
      callback(null, first ? '[]\n' : '\n]\n');
    },
  });
}
