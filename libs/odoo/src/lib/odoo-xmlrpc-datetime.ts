/**
 * XML-RPC's dateTime.iso8601, as the `xmlrpc` package (the transport's former codec) reads and
 * writes it, so that replacing the package changes nothing:
 *  - read: a Date; without a zone the time is taken as the API process's local time. Two slips
 *    of the package are not kept: it read local times an hour off in zones ahead of UTC by a
 *    fractional hour (+05:30...), and an offset after the seconds ("10:00:00+02:00") as
 *    milliseconds of local time;
 *  - write: the Date's local time as "YYYYMMDDTHH:MM:SS", without milliseconds or zone.
 * Odoo itself sends datetimes as strings ("2024-01-02 08:00:00", UTC), never as dateTime.iso8601.
 */

// The `xmlrpc` package's pattern (same groups), its fraction separator narrowed from any
// character to "." or ",".
const ISO8601 = new RegExp(
  '([0-9]{4})([-]?([0-9]{2}))([-]?([0-9]{2}))' + '(T([0-9]{2})(((:?([0-9]{2}))?((:?([0-9]{2}))?([.,]([0-9]+))?))?)' + '(Z|([+-]([0-9]{2}(:?([0-9]{2}))?)))?)?',
);

function pad(value: number | string, length: number): string {
  return String(value).padStart(length, '0');
}

/** Throws on text that is not ISO 8601. */
export function decodeXmlRpcDateTime(text: string): Date {
  const parts = ISO8601.exec(text);
  if (!parts) throw new Error(`expected an ISO 8601 dateTime, got ${JSON.stringify(text.slice(0, 40))}`);
  const local = `${parts[1]}-${parts[3] || '01'}-${parts[5] || '01'}T${parts[7] || '00'}:${parts[11] || '00'}:${parts[14] || '00'}.${parts[16] || '000'}`;
  // Without an offset, Date reads this form as local time.
  if (parts[17] === undefined) return new Date(local);
  return new Date(local + parts[17] + (parts[19] && parts[20] === undefined ? '00' : ''));
}

export function encodeXmlRpcDateTime(date: Date): string {
  const day = `${date.getFullYear()}${pad(date.getMonth() + 1, 2)}${pad(date.getDate(), 2)}`;
  return `${day}T${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}`;
}
