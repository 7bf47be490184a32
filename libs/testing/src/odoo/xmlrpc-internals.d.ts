/** The xmlrpc package's (de)serialiser modules, which its own typings do not cover. */
declare module 'xmlrpc/lib/deserializer' {
  import { Readable } from 'node:stream';
  class Deserializer {
    constructor(encoding?: string);
    deserializeMethodCall(stream: Readable, callback: (error: Error | null, methodName?: string, params?: unknown[]) => void): void;
    deserializeMethodResponse(stream: Readable, callback: (error: Error | null, result?: unknown) => void): void;
  }
  export = Deserializer;
}

declare module 'xmlrpc/lib/serializer' {
  export function serializeMethodResponse(value: unknown): string;
  export function serializeFault(fault: { faultCode: number | string; faultString: string }): string;
  export function serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
}
