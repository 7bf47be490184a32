import { describe, expect, it } from 'vitest';
import { OdooFault } from './odoo-faults';
import { OdooFloat } from './odoo-model-schema';
import { XmlRpcReadError, parseMethodCall, serializeFault, serializeMethodResponse } from './odoo-xmlrpc-wire';

const call = (params: string, method = 'execute_kw') =>
  `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;
const param = (value: string) => `<param><value>${value}</value></param>`;

describe('parseMethodCall', () => {
  it('reads every XML-RPC type as Python’s xmlrpc.client.loads does', () => {
    const parsed = parseMethodCall(
      call(
        [
          param('<string>Zoë &amp; &lt;Co&gt; <![CDATA[<raw>]]></string>'),
          '<param><value>untyped is a string</value></param>',
          param('<int>-7</int>'),
          param('<i4>8</i4>'),
          param('<i8> 9007199254740991 </i8>'),
          param('<boolean>1</boolean>'),
          param('<boolean>0</boolean>'),
          param('<double>-2.5</double>'),
          param('<nil/>'),
          param('<dateTime.iso8601>20240229T23:05:09</dateTime.iso8601>'),
          param('<base64>AP8=</base64>'),
          param('<array><data><value><int>1</int></value><value><array><data></data></array></value></data></array>'),
          param(
            '<struct><member><name>k</name><value><string>v</string></value></member><member><name>n</name><value><struct></struct></value></member></struct>',
          ),
          param('<string></string>'),
        ].join('\n'),
      ),
    );
    expect(parsed).toEqual({
      method: 'execute_kw',
      params: [
        'Zoë & <Co> <raw>',
        'untyped is a string',
        -7,
        8,
        9007199254740991,
        true,
        false,
        -2.5,
        null,
        new Date(Date.UTC(2024, 1, 29, 23, 5, 9)),
        Buffer.from([0, 255]),
        [1, []],
        { k: 'v', n: {} },
        '',
      ],
    });
  });

  it('keeps whitespace around elements out of the values, as Odoo’s own answers have it', () => {
    const body = `<?xml version='1.0'?>\n<methodCall>\n<methodName>version</methodName>\n<params>\n<param>\n<value><array><data>\n<value><int>1</int></value>\n</data></array></value>\n</param>\n</params>\n</methodCall>\n`;
    expect(parseMethodCall(body)).toEqual({ method: 'version', params: [[1]] });
  });

  it('reads a call without params, and a struct member named __proto__ as a plain key', () => {
    expect(parseMethodCall('<methodCall><methodName>version</methodName></methodCall>')).toEqual({ method: 'version', params: [] });
    const [struct] = parseMethodCall(call(param('<struct><member><name>__proto__</name><value><int>1</int></value></member></struct>'))).params as [object];
    expect(Object.getPrototypeOf(struct)).toBe(Object.prototype);
    expect(Object.keys(struct)).toEqual(['__proto__']);
  });

  it.each([
    ['not XML', 'hello'],
    ['unclosed tags', '<methodCall><methodName>x</methodName><params>'],
    ['mismatched tags', '<methodCall><methodName>x</methodCall>'],
    ['an unknown type', call(param('<float64>1</float64>'))],
    ['a value outside a param', '<methodCall><methodName>x</methodName><value>1</value></methodCall>'],
    ['two values in one <value>', call(param('<int>1</int><int>2</int>'))],
    ['a bad int', call(param('<int>1.5</int>'))],
    ['a bad boolean', call(param('<boolean>true</boolean>'))],
    ['a bad double', call(param('<double>abc</double>'))],
    ['a bad dateTime', call(param('<dateTime.iso8601>yesterday</dateTime.iso8601>'))],
    ['a member without a value', call(param('<struct><member><name>k</name></member></struct>'))],
    ['no methodName', '<methodCall><params></params></methodCall>'],
    ['a methodResponse', '<methodResponse><params></params></methodResponse>'],
  ])('refuses %s with an XmlRpcReadError', (_what, body) => {
    expect(() => parseMethodCall(body)).toThrow(XmlRpcReadError);
  });
});

describe('serializeMethodResponse and serializeFault', () => {
  // Both expected texts are what CPython 3's xmlrpc.client.dumps(..., methodresponse=True) printed
  // for the same values (with 100.0 a Python float).
  it('writes a response byte for byte as Python’s marshaller does', () => {
    const value = { id: 7, name: 'A & <B>', ok: true, amount: new OdooFloat(100), tags: [1, 'x'], empty: {} };
    expect(serializeMethodResponse(value)).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>7</int></value>\n</member>\n<member>\n<name>name</name>\n<value><string>A &amp; &lt;B&gt;</string></value>\n</member>\n<member>\n<name>ok</name>\n<value><boolean>1</boolean></value>\n</member>\n<member>\n<name>amount</name>\n<value><double>100.0</double></value>\n</member>\n<member>\n<name>tags</name>\n<value><array><data>\n<value><int>1</int></value>\n<value><string>x</string></value>\n</data></array></value>\n</member>\n<member>\n<name>empty</name>\n<value><struct>\n</struct></value>\n</member>\n</struct></value>\n</param>\n</params>\n</methodResponse>\n",
    );
  });

  it('writes a fault byte for byte as Python’s marshaller does', () => {
    expect(serializeFault({ faultCode: 2, faultString: 'Access Denied' })).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>2</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>Access Denied</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n",
    );
  });

  it('sends datetimes and bytes as Odoo’s marshaller does: as strings', () => {
    const xml = serializeMethodResponse([new Date(Date.UTC(2024, 1, 29, 23, 5, 9)), Buffer.from('aGk='), Buffer.from([0, 255])]);
    expect(xml).toContain('<value><string>2024-02-29 23:05:09</string></value>\n<value><string>aGk=</string></value>\n<value><string></string></value>\n');
  });

  it('fails on None anywhere, like Python without allow_none', () => {
    for (const value of [null, [1, null], { a: { b: undefined } }]) {
      expect(() => serializeMethodResponse(value)).toThrow(OdooFault);
      expect(() => serializeMethodResponse(value)).toThrow('cannot marshal None unless allow_none is enabled');
    }
  });

  it('reads back what it writes', () => {
    const value = { text: 'Zoë & <Co> ]]>', list: [1, -2.5, true, false, [], {}], nested: { deep: { n: 0 } } };
    const asCall = serializeMethodResponse(value)
      .replace('<methodResponse>\n<params>', '<methodCall>\n<methodName>echo</methodName>\n<params>')
      .replace('</methodResponse>', '</methodCall>');
    expect(parseMethodCall(asCall)).toEqual({ method: 'echo', params: [value] });
  });
});
