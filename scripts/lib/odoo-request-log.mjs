// Odoo logs every HTTP request through werkzeug at INFO, after its own prefix (time, pid, level, the
// database the request ran in, logger), with the request line and Odoo's perf figures:
//   2025-12-05 09:12:01,234 4242 INFO gantry_suite werkzeug: 127.0.0.1 - - [05/Dec/2025 09:12:01] "POST /xmlrpc/2/object HTTP/1.1" 200 - 4 0.002 0.011
// The figures are the request's SQL query count, SQL time and other time ("- - -" when no database was used).
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const REQUEST_LINE = /^\S+ \S+ \d+ INFO (\S+) werkzeug: \S+ - - \[[^\]]*\] "([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) \S+(?: (\d+|-) ([\d.]+|-) ([\d.]+|-))?/;

/**
 * The requests in a chunk of Odoo's log: the database they ran in (as Odoo names it there: "None"
 * for /xmlrpc/2/common, even for an authenticate), HTTP method, path, status and SQL query count.
 */
export function parseOdooRequests(text) {
  const requests = [];
  for (const line of text.split('\n')) {
    const match = REQUEST_LINE.exec(line);
    if (!match) continue;
    const [, database, method, path, status, queries] = match;
    requests.push({ database, method, path, status: Number(status), queries: queries && queries !== '-' ? Number(queries) : null });
  }
  return requests;
}

/** The log's current end: pass it to readOdooRequests later to see the requests made in between. */
export const logMark = (logFile) => statSync(logFile).size;

/** The requests logged since `mark` (a logMark). */
export function readOdooRequests(logFile, mark) {
  const size = statSync(logFile).size;
  const buffer = Buffer.alloc(Math.max(0, size - mark));
  const fd = openSync(logFile, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, mark);
  } finally {
    closeSync(fd);
  }
  // Only whole lines: a line still being written is counted by the next read.
  const text = buffer.toString('utf8');
  return parseOdooRequests(text.slice(0, text.lastIndexOf('\n') + 1));
}
