/**
 * XML-RPC bodies, written and read the way the `xmlrpc` package (the transport's former codec)
 * did, at a fraction of its cost: requests are built as strings, responses are tokenised by
 * htmlparser2 (in XML mode) and assembled on a value stack.
 *
 * Requests. JavaScript values map as the `xmlrpc` package mapped them, which Odoo's
 * xmlrpc.client.loads reads as Python values:
 *  - string → string (&, <, > and CR escaped, so that a CR survives XML's line-end normalisation);
 *  - integer → int (as written by String(), any size), other number (NaN, Infinity too) → double;
 *  - boolean → boolean; Date → dateTime.iso8601 (local time); Buffer → base64;
 *  - array → array; other object → struct of its own enumerable keys;
 *  - null → <nil/>, which Odoo's server reads as None: allow_none only restricts what Odoo
 *    sends back (a method returning None faults, see NONE_RETURNED), not what it reads;
 *  - undefined (and functions, symbols, bigints) → an empty <value/>, which Python reads as "".
 *  Control characters XML cannot carry (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+FFFE,
 *  U+FFFF) are refused with a TypeError that does not quote the text (it may be a password).
 *
 * Responses. int, i4 → number; i8 → string (digits); double → number; boolean → true/false;
 * string, or text in a <value> without type → string; nil → null; base64 → Buffer;
 * dateTime.iso8601 → Date (see odoo-xmlrpc-datetime); array → array; struct → plain object.
 * Tag names are matched case-insensitively; CR in text is kept as sent; XML's five entities and
 * character references are decoded (not HTML names such as &nbsp;, which sax also decoded but
 * Python never writes); DTDs are not read, so no entity can be defined.
 */
import { Parser } from 'htmlparser2';
import { decodeXmlRpcDateTime, encodeXmlRpcDateTime } from './odoo-xmlrpc-datetime';

/** Deeper than this, a request value is refused (it is most likely circular). */
export const MAX_REQUEST_DEPTH = 1000;
/**
 * Deeper than this, a response is refused: three elements (value, struct, member) per level of
 * 1000 levels, twice what Python's recursive marshaller can write, and a bound on the
 * tokeniser's element stack, whose cost grows with depth.
 */
export const MAX_RESPONSE_ELEMENT_DEPTH = 3000;

export type XmlRpcResponse = { kind: 'result'; value: unknown } | { kind: 'fault'; fault: unknown };

/** The body is not a well-formed XML-RPC methodResponse. The message quotes no more than a few characters of it. */
export class XmlRpcResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRpcResponseError';
  }
}

// ---- requests ---------------------------------------------------------------------------------

/** Text to escape, or holding characters XML 1.0 cannot carry (ILLEGAL, as the `xmlrpc` package refused them). */
const NEEDS_CARE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const escapeChar = (char: string) => ESCAPES[char];

function escapeText(text: string, where: string): string {
  if (!NEEDS_CARE.test(text)) return text;
  const illegal = ILLEGAL.exec(text);
  if (illegal) {
    const code = illegal[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new TypeError(`XML-RPC cannot carry the control character U+${code} found in ${where}.`);
  }
  return text.replace(/[&<>\r]/g, escapeChar);
}

function serializeValue(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return `<value><string>${escapeText(value, 'a string')}</string></value>`;
    case 'number':
      return value % 1 === 0 ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
    case 'boolean':
      return value ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>';
    case 'object':
      break;
    default:
      return '<value/>';
  }
  if (value === null) return '<value><nil/></value>';
  if (value instanceof Date) return `<value><dateTime.iso8601>${encodeXmlRpcDateTime(value)}</dateTime.iso8601></value>`;
  if (Buffer.isBuffer(value)) return `<value><base64>${value.toString('base64')}</base64></value>`;
  if (depth >= MAX_REQUEST_DEPTH) throw new TypeError(`An XML-RPC argument is nested more than ${MAX_REQUEST_DEPTH} levels deep (is it circular?).`);
  if (Array.isArray(value)) {
    let xml = '<value><array><data>';
    for (const item of value) xml += serializeValue(item, depth + 1);
    return `${xml}</data></array></value>`;
  }
  const record = value as Record<string, unknown>;
  let xml = '<value><struct>';
  for (const key of Object.keys(record)) {
    xml += `<member><name>${escapeText(key, 'a struct key')}</name>${serializeValue(record[key], depth + 1)}</member>`;
  }
  return `${xml}</struct></value>`;
}

/** A methodCall document. Throws a TypeError for what XML-RPC cannot carry. */
export function serializeMethodCall(method: string, params: readonly unknown[]): string {
  let xml = `<?xml version="1.0"?><methodCall><methodName>${escapeText(method, 'the method name')}</methodName><params>`;
  for (const param of params) xml += `<param>${serializeValue(param, 0)}</param>`;
  return `${xml}</params></methodCall>`;
}

// ---- responses --------------------------------------------------------------------------------

const CONTAINER_TAGS = new Set(['data', 'param', 'member']);
const KNOWN_TAGS = new Set([
  'methodresponse',
  'params',
  'param',
  'fault',
  'value',
  'boolean',
  'int',
  'i4',
  'i8',
  'double',
  'string',
  'name',
  'nil',
  'base64',
  'datetime.iso8601',
  'array',
  'data',
  'struct',
  'member',
  'methodcall',
  'methodname',
]);
const INTEGER = /^-?\d+$/;

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function setMember(struct: Record<string, unknown>, key: unknown, value: unknown): void {
  const name = String(key);
  // An own property, as JSON.parse would make, rather than a new prototype.
  if (name === '__proto__') Object.defineProperty(struct, name, { value, enumerable: true, writable: true, configurable: true });
  else struct[name] = value;
}

/** htmlparser2 callbacks: each closing tag reduces the stack, as the `xmlrpc` package's sax deserializer does. */
class ResponseReader {
  readonly stack: unknown[] = [];
  readonly marks: number[] = [];
  text = '';
  /** Inside a <value> that has no type element (yet): its text is a string. */
  bareValue = false;
  root?: 'methodresponse' | 'methodcall';
  kind?: 'params' | 'fault';
  /** Set once the whole body is read: closings implied by a truncated body are not closings. */
  ended = false;
  private depth = 0;

  onopentagname(name: string): void {
    if (!KNOWN_TAGS.has(name)) throw new XmlRpcResponseError(`unexpected <${name.slice(0, 40)}> element`);
    if (++this.depth > MAX_RESPONSE_ELEMENT_DEPTH) throw new XmlRpcResponseError(`elements nested more than ${MAX_RESPONSE_ELEMENT_DEPTH} deep`);
    if (name === 'array' || name === 'struct') this.marks.push(this.stack.length);
    this.text = '';
    this.bareValue = name === 'value';
  }

  ontext(text: string): void {
    this.text += text;
  }

  onclosetag(name: string): void {
    this.depth -= 1;
    if (this.ended || CONTAINER_TAGS.has(name)) return;
    const text = this.text;
    switch (name) {
      case 'value':
        if (this.bareValue) this.push(text);
        return;
      case 'string':
      case 'name':
        return this.push(text);
      case 'int':
      case 'i4': {
        const value = Number.parseInt(text, 10);
        if (Number.isNaN(value)) throw new XmlRpcResponseError(`expected an integer, got ${quote(text)}`);
        return this.push(value);
      }
      case 'boolean':
        if (text !== '1' && text !== '0') throw new XmlRpcResponseError(`expected a boolean (0 or 1), got ${quote(text)}`);
        return this.push(text === '1');
      case 'double': {
        const value = Number.parseFloat(text);
        if (Number.isNaN(value)) throw new XmlRpcResponseError(`expected a double, got ${quote(text)}`);
        return this.push(value);
      }
      case 'i8':
        if (!INTEGER.test(text)) throw new XmlRpcResponseError(`expected an i8 integer, got ${quote(text)}`);
        return this.push(text);
      case 'nil':
        return this.push(null);
      case 'base64':
        return this.push(Buffer.from(text, 'base64'));
      case 'datetime.iso8601':
        try {
          return this.push(decodeXmlRpcDateTime(text));
        } catch (error) {
          throw new XmlRpcResponseError((error as Error).message);
        }
      case 'array': {
        const items = this.stack.splice(this.marks.pop() as number);
        return this.push(items);
      }
      case 'struct': {
        const members = this.stack.splice(this.marks.pop() as number);
        const struct: Record<string, unknown> = {};
        for (let index = 0; index < members.length; index += 2) setMember(struct, members[index], members[index + 1]);
        return this.push(struct);
      }
      case 'params':
      case 'fault':
        this.kind = name;
        return;
      case 'methodresponse':
      case 'methodcall':
        this.root = name;
        return;
    }
  }

  private push(value: unknown): void {
    this.stack.push(value);
    this.bareValue = false;
  }
}

/** Reads a methodResponse: its value, or its fault value (normally a struct with faultCode and faultString). */
export function parseMethodResponse(body: string): XmlRpcResponse {
  const reader = new ResponseReader();
  const parser = new Parser(reader, { xmlMode: true, lowerCaseTags: true, decodeEntities: true });
  parser.write(body);
  reader.ended = true;
  parser.end();
  if (!reader.root || reader.marks.length) throw new XmlRpcResponseError('not a complete XML-RPC document');
  if (reader.kind === 'fault') return { kind: 'fault', fault: reader.stack[0] };
  if (reader.stack.length > 1) throw new XmlRpcResponseError('a methodResponse with more than one param');
  if (reader.root !== 'methodresponse') throw new XmlRpcResponseError('a methodCall instead of a methodResponse');
  if (!reader.kind) throw new XmlRpcResponseError('a methodResponse without params or fault');
  return { kind: 'result', value: reader.stack[0] };
}
