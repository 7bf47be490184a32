import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A server that is not Odoo and keeps every request body it is sent: where a leaked secret would
 * land. It answers like an ordinary web server (an HTML page with a telling status and banner),
 * which is what must never be echoed back to whoever pointed Gantry at it.
 */
export class RecordingHttpServer {
  readonly received: string[] = [];
  private server?: http.Server;
  url = '';

  /** `answersVersion`: answer XML-RPC common.version like Odoo, so a client goes on to authenticate (and sends the secret). */
  constructor(private readonly options: { answersVersion?: boolean } = {}) {}

  async start(host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push(`${request.method} ${request.url}\n${body}`);
        if (this.options.answersVersion && body.includes('<methodName>version</methodName>')) {
          response.writeHead(200, { 'content-type': 'text/xml' });
          response.end(VERSION_ANSWER);
          return;
        }
        response.writeHead(418, 'Internal Admin Console', { 'content-type': 'text/x-internal-banner', server: 'secret-internal-service/1.2.3' });
        response.end('<html>internal admin console</html>');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return this.url;
  }

  /** Everything it was sent, as one string to search for secrets in. */
  get dump(): string {
    return this.received.join('\n');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const VERSION_ANSWER =
  '<?xml version="1.0"?><methodResponse><params><param><value><struct>' +
  '<member><name>server_version</name><value><string>17.0</string></value></member>' +
  '<member><name>server_version_info</name><value><array><data><value><int>17</int></value></data></array></value></member>' +
  '</struct></value></param></params></methodResponse>';
