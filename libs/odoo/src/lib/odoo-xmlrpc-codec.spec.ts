/**
 * The XML-RPC codec on its own: what it writes for each JavaScript value, what it reads back,
 * and how it refuses what is not XML-RPC. The expected values are those of the `xmlrpc` package
 * it replaced (and of Python's xmlrpc.client, which Odoo uses on the other side).
 */
import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_DEPTH, MAX_RESPONSE_ELEMENT_DEPTH, XmlRpcResponseError, parseMethodResponse, serializeMethodCall } from './odoo-xmlrpc-codec';

/** The <value> a request carries for `value`. */
function valueXml(value: unknown): string {
  const xml = serializeMethodCall('m', [value]);
  return xml.slice(xml.indexOf('<param>') + 7, xml.lastIndexOf('</param>'));
}

const response = (inner: string) => `<?xml version="1.0"?><methodResponse><params><param>${inner}</param></params></methodResponse>`;
const read = (inner: string) => parseMethodResponse(response(inner));

/** Writes `value` as a request would, then reads it back as a response. */
function roundTrip(value: unknown): unknown {
  const result = read(valueXml(value));
  if (result.kind !== 'result') throw new Error('expected a result');
  return result.value;
}

function parseError(body: string): string {
  try {
    parseMethodResponse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(XmlRpcResponseError);
    return (error as Error).message;
  }
  throw new Error('expected the body to be refused');
}

describe('serializeMethodCall', () => {
  it('writes a methodCall with one <param> per argument', () => {
    expect(serializeMethodCall('execute_kw', ['odoo', 2, true])).toBe(
      '<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params>' +
        '<param><value><string>odoo</string></value></param><param><value><int>2</int></value></param>' +
        '<param><value><boolean>1</boolean></value></param></params></methodCall>',
    );
    expect(serializeMethodCall('version', [])).toBe('<?xml version="1.0"?><methodCall><methodName>version</methodName><params></params></methodCall>');
  });

  it('writes each scalar type', () => {
    expect(valueXml('')).toBe('<value><string></string></value>');
    expect(valueXml(-42)).toBe('<value><int>-42</int></value>');
    expect(valueXml(2 ** 40)).toBe('<value><int>1099511627776</int></value>');
    expect(valueXml(-0)).toBe('<value><int>0</int></value>');
    expect(valueXml(12.5)).toBe('<value><double>12.5</double></value>');
    expect(valueXml(Number.NaN)).toBe('<value><double>NaN</double></value>');
    expect(valueXml(Number.POSITIVE_INFINITY)).toBe('<value><double>Infinity</double></value>');
    expect(valueXml(false)).toBe('<value><boolean>0</boolean></value>');
    expect(valueXml(Buffer.from('hi\u0000there'))).toBe('<value><base64>aGkAdGhlcmU=</base64></value>');
    expect(valueXml(new Date(2024, 0, 2, 3, 4, 5, 678))).toBe('<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>');
  });

  it('writes null as <nil/> (read as None by Odoo) and undefined as an empty <value/> (read as "")', () => {
    expect(valueXml(null)).toBe('<value><nil/></value>');
    expect(valueXml(undefined)).toBe('<value/>');
    expect(valueXml({ a: null, b: undefined })).toBe(
      '<value><struct><member><name>a</name><value><nil/></value></member><member><name>b</name><value/></member></struct></value>',
    );
  });

  it('escapes &, <, > and carriage returns in strings, struct keys and the method name; other text is written as is', () => {
    expect(valueXml('a & b <c> d]]>e\r\nf')).toBe('<value><string>a &amp; b &lt;c&gt; d]]&gt;e&#xD;\nf</string></value>');
    expect(valueXml('Zoë 東京 😀 "quoted" \'single\' \t')).toBe('<value><string>Zoë 東京 😀 "quoted" \'single\' \t</string></value>');
    expect(valueXml({ 'a<b': 1 })).toBe('<value><struct><member><name>a&lt;b</name><value><int>1</int></value></member></struct></value>');
    expect(serializeMethodCall('a&b', [])).toContain('<methodName>a&amp;b</methodName>');
  });

  it('writes arrays and structs, empty and nested', () => {
    expect(valueXml([])).toBe('<value><array><data></data></array></value>');
    expect(valueXml({})).toBe('<value><struct></struct></value>');
    expect(valueXml([['is_company', '=', true]])).toBe(
      '<value><array><data><value><array><data><value><string>is_company</string></value><value><string>=</string></value>' +
        '<value><boolean>1</boolean></value></data></array></value></data></array></value>',
    );
    expect(valueXml({ context: { lang: 'fr_FR', ids: [1] } })).toBe(
      '<value><struct><member><name>context</name><value><struct><member><name>lang</name><value><string>fr_FR</string></value></member>' +
        '<member><name>ids</name><value><array><data><value><int>1</int></value></data></array></value></member></struct></value></member></struct></value>',
    );
  });

  it('refuses control characters XML cannot carry, without quoting the text', () => {
    const call = () => serializeMethodCall('authenticate', ['odoo', 'admin', 'pass\u0007word']);
    expect(call).toThrow(TypeError);
    expect(call).toThrow('XML-RPC cannot carry the control character U+0007 found in a string.');
    expect(call).not.toThrow(/pass|word/);
    expect(() => serializeMethodCall('m', [{ 'key\u0000': 1 }])).toThrow('U+0000 found in a struct key');
    expect(() => serializeMethodCall('m', ['\uFFFE'])).toThrow('U+FFFE');
    expect(serializeMethodCall('m', ['tab\tnewline\n'])).toContain('tab\tnewline\n');
  });

  it('refuses circular values instead of looping forever', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(() => serializeMethodCall('m', [circular])).toThrow(`nested more than ${MAX_REQUEST_DEPTH} levels deep`);
  });
});

describe('parseMethodResponse round trips', () => {
  it.each([
    ['a string', 'Azure Interior'],
    ['an empty string', ''],
    ['escaped text', 'a & b <c> ]]> d'],
    ['carriage returns', 'line 1\r\nline 2\rline 3'],
    ['unicode', 'Zoë 東京 😀'],
    ['whitespace only', '  \n\t '],
    ['an int', 7],
    ['a negative int', -2147483648],
    ['a double', -0.125],
    ['true', true],
    ['false', false],
    ['a Buffer', Buffer.from([0, 1, 2, 250, 255])],
    ['an empty array', []],
    ['an empty struct', {}],
    ['a search_read row', { id: 5, name: 'Azure', country_id: [2, 'Belgium'], child_ids: [], active: true, credit_limit: 0.5, vat: false }],
    ['nested arrays', [[1, [2, [3, []]]], 'x']],
  ])('%s', (_name, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it('null comes back as null and undefined as ""', () => {
    expect(roundTrip(null)).toBeNull();
    expect(roundTrip(undefined)).toBe('');
    expect(roundTrip([null, undefined, { a: null }])).toEqual([null, '', { a: null }]);
  });

  it('a Date comes back as the same instant, to the second', () => {
    const date = new Date(2024, 5, 30, 23, 59, 58);
    expect(roundTrip(date)).toEqual(date);
  });
});

describe('parseMethodResponse', () => {
  it('reads what Python (Odoo) writes: newlines between elements, escaped text, raw carriage returns', () => {
    const python =
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><struct>\n<member>\n<name>id</name>\n" +
      '<value><int>5</int></value>\n</member>\n<member>\n<name>comment</name>\n<value><string>x\r\ny&lt;&amp;&gt;</string></value>\n</member>\n' +
      '<member>\n<name>parent_id</name>\n<value><boolean>0</boolean></value>\n</member>\n</struct></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n';
    expect(parseMethodResponse(python)).toEqual({ kind: 'result', value: [{ id: 5, comment: 'x\r\ny<&>', parent_id: false }] });
  });

  it('reads CDATA, character references and a <value> without type as text', () => {
    expect(read('<value><string><![CDATA[a < b & c\r\n]]></string></value>')).toEqual({ kind: 'result', value: 'a < b & c\r\n' });
    expect(read('<value>&#13;&#x41;&#128512; &quot;&apos;</value>')).toEqual({ kind: 'result', value: '\rA😀 "\'' });
    expect(read('<value>  bare text  </value>')).toEqual({ kind: 'result', value: '  bare text  ' });
    expect(read('<value/>')).toEqual({ kind: 'result', value: '' });
    expect(read('<value><string/></value>')).toEqual({ kind: 'result', value: '' });
  });

  it('reads every type tag, whatever its case', () => {
    const value = read(
      '<value><array><data><value><i4>4</i4></value><value><INT> 12 </INT></value><value><i8>-9007199254740993</i8></value>' +
        '<value><double>1e300</double></value><value><nil/></value><value><base64>aGk=</base64></value>' +
        '<value><dateTime.iso8601>2024-01-02T08:09:10Z</dateTime.iso8601></value><value><Boolean>1</Boolean></value></data></array></value>',
    );
    expect(value).toEqual({ kind: 'result', value: [4, 12, '-9007199254740993', 1e300, null, Buffer.from('hi'), new Date('2024-01-02T08:09:10Z'), true] });
  });

  it('reads a dateTime without zone as local time, as Python writes it, and one with a zone as that instant', () => {
    const dateTime = (text: string) => (read(`<value><dateTime.iso8601>${text}</dateTime.iso8601></value>`) as { value: Date }).value;
    expect(dateTime('20240102T08:09:10')).toEqual(new Date(2024, 0, 2, 8, 9, 10));
    expect(dateTime('2024-07-01T23:59:59.250')).toEqual(new Date(2024, 6, 1, 23, 59, 59, 250));
    expect(dateTime('20240102')).toEqual(new Date(2024, 0, 2));
    expect(dateTime('2024-01-02T08:09:10+02:00')).toEqual(new Date('2024-01-02T06:09:10Z'));
    expect(dateTime('2024-01-02T08:09:10-0330')).toEqual(new Date('2024-01-02T11:39:10Z'));
    expect(dateTime('2024-01-02T08:09:10+05')).toEqual(new Date('2024-01-02T03:09:10Z'));
    expect(dateTime('2024-01-02T08:09:10,5Z')).toEqual(new Date('2024-01-02T08:09:10.500Z'));
  });

  it('keeps a "__proto__" member as data, not as the prototype', () => {
    const result = read(
      '<value><struct><member><name>__proto__</name><value><struct><member><name>polluted</name><value><int>1</int></value></member></struct></value></member></struct></value>',
    );
    const struct = (result as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(struct)).toBe(Object.prototype);
    expect(Object.keys(struct)).toEqual(['__proto__']);
    expect((struct as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('returns a fault as sent', () => {
    const fault =
      '<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member>' +
      '<member><name>faultString</name><value><string>odoo.exceptions.AccessError: no &lt;access&gt;</string></value></member></struct></value></fault></methodResponse>';
    expect(parseMethodResponse(fault)).toEqual({ kind: 'fault', fault: { faultCode: 4, faultString: 'odoo.exceptions.AccessError: no <access>' } });
  });

  it('refuses what is not an XML-RPC methodResponse', () => {
    expect(parseError('<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>')).toBe('unexpected <html> element');
    expect(parseError('')).toBe('not a complete XML-RPC document');
    expect(parseError('Internal Server Error')).toBe('not a complete XML-RPC document');
    expect(parseError('{"jsonrpc": "2.0"}')).toBe('not a complete XML-RPC document');
    expect(parseError(response('<value><string>cut off here').slice(0, -30))).toBe('not a complete XML-RPC document');
    expect(parseError('<methodResponse><params><param><value><array><data>')).toBe('not a complete XML-RPC document');
    expect(
      parseError('<methodResponse><params><param><value><int>1</int></value></param><param><value><int>2</int></value></param></params></methodResponse>'),
    ).toBe('a methodResponse with more than one param');
    expect(parseError('<methodCall><methodName>x</methodName><params></params></methodCall>')).toBe('a methodCall instead of a methodResponse');
    expect(parseError('<methodResponse></methodResponse>')).toBe('a methodResponse without params or fault');
  });

  it('refuses malformed values, quoting at most 40 characters of them', () => {
    expect(parseError(response('<value><int>twelve</int></value>'))).toBe('expected an integer, got "twelve"');
    expect(parseError(response('<value><boolean>true</boolean></value>'))).toBe('expected a boolean (0 or 1), got "true"');
    expect(parseError(response('<value><double>abc</double></value>'))).toBe('expected a double, got "abc"');
    expect(parseError(response('<value><i8>1.5</i8></value>'))).toBe('expected an i8 integer, got "1.5"');
    expect(parseError(response('<value><dateTime.iso8601>yesterday</dateTime.iso8601></value>'))).toBe('expected an ISO 8601 dateTime, got "yesterday"');
    expect(parseError(response(`<value><int>${'x'.repeat(500)}</int></value>`))).toBe(`expected an integer, got "${'x'.repeat(40)}…"`);
    expect(parseError(response('<value><ex:nil/></value>'))).toBe('unexpected <ex:nil> element');
  });

  it('reads deep nesting, up to a bound', () => {
    const nested = (levels: number) => `${'<value><array><data>'.repeat(levels)}${'</data></array></value>'.repeat(levels)}`;
    let expected: unknown[] = [];
    for (let level = 1; level < 300; level += 1) expected = [expected];
    expect(read(nested(300))).toEqual({ kind: 'result', value: expected });
    expect(parseError(response(nested(MAX_RESPONSE_ELEMENT_DEPTH)))).toBe(`elements nested more than ${MAX_RESPONSE_ELEMENT_DEPTH} deep`);
  });
});
