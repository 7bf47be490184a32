/**
 * The test double's side of the XML-RPC wire: reading a methodCall the way Python's
 * xmlrpc.client.loads does, and writing a methodResponse or a fault byte for byte the way its
 * Marshaller does (Odoo answers with it), newlines between elements included.
 *
 * Deliberately its own code on a different parser (saxes) from the client in libs/odoo
 * (htmlparser2 and its own writer), so that a codec bug cannot cancel itself out in the tests.
 */
import { SaxesParser } from 'saxes';
import { cannotMarshalNone } from './odoo-faults';
import { OdooFloat, odooDatetime } from './odoo-model-schema';

/** A methodCall that is not well-formed XML or not XML-RPC; Odoo answers such a body with a fault. */
export class XmlRpcReadError extends Error {}

type Frame =
  | { tag: 'methodCall'; method?: string; params?: unknown[] }
  | { tag: 'params'; values: unknown[] }
  | { tag: 'array' | 'data'; items: unknown[] }
  | { tag: 'struct'; members: Record<string, unknown> }
  | { tag: 'member'; name?: string; value?: unknown; hasValue: boolean }
  | { tag: 'value'; text: string; value?: unknown; typed: boolean }
  | { tag: 'methodName' | 'name' | 'param' | ScalarTag; text: string };

const SCALARS = ['string', 'int', 'i1', 'i2', 'i4', 'i8', 'boolean', 'double', 'float', 'nil', 'dateTime.iso8601', 'base64'] as const;
type ScalarTag = (typeof SCALARS)[number];
const isScalar = (tag: string): tag is ScalarTag => (SCALARS as readonly string[]).includes(tag);

/** Where each element may appear, as Python's Unmarshaller accepts it. */
const PARENTS: Record<string, readonly string[]> = {
  methodCall: [],
  methodName: ['methodCall'],
  params: ['methodCall'],
  param: ['params'],
  value: ['param', 'data', 'member'],
  array: ['value'],
  data: ['array'],
  struct: ['value'],
  member: ['struct'],
  name: ['member'],
  ...Object.fromEntries(SCALARS.map((tag) => [tag, ['value']])),
};

/** Parses an XML-RPC methodCall body; throws XmlRpcReadError when it is not one. */
export function parseMethodCall(body: string): { method: string; params: unknown[] } {
  const parser = new SaxesParser();
  const stack: Frame[] = [];
  let call: { method?: string; params?: unknown[] } | undefined;
  const fail = (message: string): never => {
    throw new XmlRpcReadError(message);
  };
  const top = () => stack[stack.length - 1];

  parser.on('opentag', ({ name }) => {
    const allowed = PARENTS[name] ?? fail(`unknown tag <${name}>`);
    const parent = top();
    if (allowed.length === 0 ? parent !== undefined : !parent || !allowed.includes(parent.tag)) {
      fail(`<${name}> is not allowed ${parent ? `in <${parent.tag}>` : 'at the top'}`);
    }
    if (parent?.tag === 'value') {
      if (parent.typed) fail('a <value> holds one value');
      parent.typed = true;
    }
    if (isScalar(name) || name === 'methodName' || name === 'name' || name === 'param') stack.push({ tag: name, text: '' } as Frame);
    else if (name === 'value') stack.push({ tag: 'value', text: '', typed: false });
    else if (name === 'array' || name === 'data') stack.push({ tag: name, items: [] });
    else if (name === 'struct') stack.push({ tag: 'struct', members: {} });
    else if (name === 'member') stack.push({ tag: 'member', hasValue: false });
    else if (name === 'params') stack.push({ tag: 'params', values: [] });
    else stack.push({ tag: 'methodCall' });
  });

  const onText = (text: string) => {
    const frame = top();
    if (frame && 'text' in frame) frame.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const frame = stack.pop()!;
    const parent = top();
    switch (frame.tag) {
      case 'methodCall':
        call = frame;
        return;
      case 'methodName':
        (parent as { method?: string }).method = frame.text;
        return;
      case 'params':
        (parent as { params?: unknown[] }).params = frame.values;
        return;
      case 'param':
        return;
      case 'name':
        (parent as { name?: string }).name = frame.text;
        return;
      case 'value': {
        const value = frame.typed ? frame.value : frame.text; // an untyped <value> is a string
        if (parent?.tag === 'data') parent.items.push(value);
        else if (parent?.tag === 'member') Object.assign(parent, { value, hasValue: true });
        else (stack[stack.length - 2] as { values: unknown[] }).values.push(value); // <params><param><value>
        return;
      }
      case 'data':
        (parent as { items: unknown[] }).items = frame.items;
        return;
      case 'array':
        (parent as { value?: unknown }).value = frame.items;
        return;
      case 'struct':
        (parent as { value?: unknown }).value = frame.members;
        return;
      case 'member': {
        if (frame.name === undefined || !frame.hasValue) fail('a <member> needs a <name> and a <value>');
        const members = (parent as { members: Record<string, unknown> }).members;
        // an own property even for "__proto__", never the prototype
        Object.defineProperty(members, frame.name!, { value: frame.value, enumerable: true, writable: true, configurable: true });
        return;
      }
      default:
        (parent as { value?: unknown }).value = scalar(frame.tag, frame.text, fail);
    }
  });

  try {
    parser.write(body).close();
  } catch (error) {
    if (error instanceof XmlRpcReadError) throw error;
    throw new XmlRpcReadError(error instanceof Error ? error.message : String(error));
  }
  if (call?.method === undefined) fail('no <methodCall> with a <methodName>');
  return { method: call!.method!, params: call!.params ?? [] };
}

function scalar(tag: ScalarTag, text: string, fail: (message: string) => never): unknown {
  switch (tag) {
    case 'string':
      return text;
    case 'int':
    case 'i1':
    case 'i2':
    case 'i4':
    case 'i8':
      return /^\s*[+-]?\d+\s*$/.test(text) ? Number.parseInt(text, 10) : fail(`invalid literal for int() with base 10: '${text}'`);
    case 'boolean':
      return text === '1' ? true : text === '0' ? false : fail('bad boolean value');
    case 'double':
    case 'float': {
      const value = Number(text);
      return text.trim() !== '' && !Number.isNaN(value) ? value : fail(`could not convert string to float: '${text}'`);
    }
    case 'nil':
      return null;
    case 'dateTime.iso8601': {
      const match = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
      return match
        ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!))
        : fail(`bad dateTime.iso8601 value '${text}'`);
    }
    case 'base64':
      return Buffer.from(text, 'base64');
  }
}

/** What Python's xmlrpc.client.dumps((value,), methodresponse=True) writes, with Odoo's marshaller. */
export function serializeMethodResponse(value: unknown): string {
  const out: string[] = ["<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"];
  dump(value, out);
  out.push('</param>\n</params>\n</methodResponse>\n');
  return out.join('');
}

/** What Python's xmlrpc.client.dumps(Fault(code, string), methodresponse=True) writes. */
export function serializeFault(fault: { faultCode: number | string; faultString: string }): string {
  const out: string[] = ["<?xml version='1.0'?>\n<methodResponse>\n<fault>\n"];
  dump({ faultCode: fault.faultCode, faultString: fault.faultString }, out);
  out.push('</fault>\n</methodResponse>\n');
  return out.join('');
}

/** Python's Marshaller.dump; None anywhere fails as it does without allow_none (Odoo's setting). */
function dump(value: unknown, out: string[]): void {
  if (value === undefined || value === null) throw cannotMarshalNone();
  if (typeof value === 'string') out.push('<value><string>', escapeXml(value), '</string></value>\n');
  else if (typeof value === 'boolean') out.push('<value><boolean>', value ? '1' : '0', '</boolean></value>\n');
  else if (typeof value === 'number') {
    if (Number.isInteger(value)) out.push('<value><int>', String(value), '</int></value>\n');
    else out.push('<value><double>', pythonFloat(value), '</double></value>\n');
  } else if (value instanceof OdooFloat) out.push('<value><double>', pythonFloat(value.value), '</double></value>\n');
  // Odoo's marshaller sends datetimes as fields.Datetime.to_string does, and bytes as the text they
  // hold (binary fields are base64 already) — or as '' when they hold control characters.
  else if (value instanceof Date) out.push('<value><string>', odooDatetime(value), '</string></value>\n');
  else if (Buffer.isBuffer(value))
    out.push('<value><string>', XML_INVALID_BYTES.test(value.toString('latin1')) ? '' : escapeXml(value.toString('utf8')), '</string></value>\n');
  else if (Array.isArray(value)) {
    out.push('<value><array><data>\n');
    for (const item of value) dump(item, out);
    out.push('</data></array></value>\n');
  } else if (typeof value === 'object') {
    out.push('<value><struct>\n');
    for (const [key, item] of Object.entries(value)) {
      out.push('<member>\n<name>', escapeXml(key), '</name>\n');
      dump(item, out);
      out.push('</member>\n');
    }
    out.push('</struct></value>\n');
  } else throw new TypeError(`cannot marshal ${typeof value} objects`);
}

/** Odoo's XML_INVALID (odoo/addons/base/controllers/rpc.py), \x0e included as it is there. */
const XML_INVALID_BYTES = /[\x00-\x08\x0b\x0c\x0f-\x1f]/;

/** repr(float): whole values keep their ".0" (100.0, not 100). */
function pythonFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** xmlrpc.client.escape: only &, < and >. */
function escapeXml(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}
