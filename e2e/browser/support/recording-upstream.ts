import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

/**
 * Test double for the API, used only where the real one cannot show what the proxy did: it
 * records what arrived (headers, body) and answers with fixed statuses, cookies and a slow stream.
 */
export async function startRecordingUpstream(): Promise<{ url: string; requests: RecordedRequest[]; stop: () => Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
    requests.push(recorded);

    if (recorded.url.startsWith('/mcp/stream')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('data: first\n\n');
      setTimeout(() => res.end('data: second\n\n'), 1_500);
      return;
    }
    const status = Number(new URL(recorded.url, 'http://upstream').searchParams.get('status') ?? 200);
    res.setHeader('set-cookie', ['first=1; Path=/api/auth; HttpOnly; SameSite=Strict', 'second=2; Path=/']);
    res.setHeader('retry-after', '42');
    res.setHeader('x-upstream', 'recording');
    if (status === 204) {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: recorded }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
