import { Readable, Transform, pipeline } from 'node:stream';
import { Logger, StreamableFile } from '@nestjs/common';
import { AUDIT_EXPORT_CSV_COLUMNS, AUDIT_EXPORT_MAX_ROWS, AuditExportFormat, AuditRecord } from '@gantry/contracts';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Model, QueryFilter } from 'mongoose';
import { LogDocument, NEWEST_FIRST } from './audit-cursor';

/**
 * Exports of a log (the MCP audit log, the admin trail) as CSV or JSON files: the same format,
 * limits and headers whichever log; each log says only which columns its CSV has.
 */

export const AUDIT_EXPORT_CONTENT_TYPES: Readonly<Record<AuditExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** How a log's records become CSV rows: its columns, in order, and one row per record. */
export interface CsvLayout<T> {
  columns: readonly string[];
  row(record: T): Record<string, string | number>;
}

export interface LogExport {
  stream: Readable;
  /** More records matched than an export carries. */
  truncated: boolean;
}

/** Turns a stream of records into the file's bytes; destroying the result stops the source too. */
export function logExportStream<T>(records: Readable, format: AuditExportFormat, csv: CsvLayout<T>): Readable {
  const done = () => undefined; // errors surface on the returned stream, where the response handles them
  if (format === 'json') return pipeline(records, jsonArray(), done);
  return pipeline(records, mapObjects(csv.row), stringify({ header: true, columns: [...csv.columns] }), done);
}

/** Newest first, at most AUDIT_EXPORT_MAX_ROWS records of `filter`, streamed from the database cursor. */
export async function exportNewestFirst<Rec extends { time: Date }, Out>(
  model: Model<Rec>,
  filter: QueryFilter<Rec>,
  format: AuditExportFormat,
  toRecord: (doc: LogDocument<Rec>) => Out,
  csv: CsvLayout<Out>,
): Promise<LogExport> {
  const matching = await model.countDocuments(filter, { limit: AUDIT_EXPORT_MAX_ROWS + 1 }).exec();
  const records = model
    .find(filter)
    .sort(NEWEST_FIRST)
    .limit(AUDIT_EXPORT_MAX_ROWS)
    .lean<LogDocument<Rec>[]>()
    .cursor({ batchSize: 1000, transform: toRecord });
  return { stream: logExportStream(records, format, csv), truncated: matching > AUDIT_EXPORT_MAX_ROWS };
}

/** The export as a download, `<name>-<date>.<format>`, never cached, saying whether it was cut. */
export function exportDownload(response: Response, exported: LogExport, file: { name: string; format: AuditExportFormat; logger: Logger }): StreamableFile {
  const filename = `${file.name}-${new Date().toISOString().slice(0, 10)}.${file.format}`;
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Export-Truncated', String(exported.truncated));
  return new StreamableFile(exported.stream, {
    type: AUDIT_EXPORT_CONTENT_TYPES[file.format],
    disposition: `attachment; filename="${filename}"`,
  }).setErrorLogger((error) => file.logger.error(`Export ${filename} failed: ${error instanceof Error ? error.message : String(error)}`));
}

export const AUDIT_CSV: CsvLayout<AuditRecord> = {
  columns: AUDIT_EXPORT_CSV_COLUMNS,
  row: (record) => ({
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
  }),
};

/**
 * Error messages come from Odoo and tool names from clients: a cell starting with = + - @ would run
 * as a formula when the file is opened in a spreadsheet, so it is prefixed with a quote (OWASP).
 */
export function spreadsheetSafe(text: string): string {
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
    transform(record: unknown, _encoding, callback) {
      const prefix = first ? '[\n' : ',\n';
      first = false;
      callback(null, prefix + JSON.stringify(record));
    },
    flush(callback) {
      callback(null, first ? '[]\n' : '\n]\n');
    },
  });
}
