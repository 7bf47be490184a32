// The floor for any gateway, for npm run bench: a process of its own that forwards each request to
// PROXY_TARGET over keep-alive sockets and streams the answer back, doing nothing else (no parsing,
// no auth, no audit). Whatever it adds to the direct call is what one more process and one more
// HTTP hop cost on this machine. Prints its URL, stops on SIGTERM.
import http from 'node:http';

const target = new URL(process.env.PROXY_TARGET);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
/** The two headers a body needs, where present. */
const bodyHeaders = (headers) =>
  Object.fromEntries(['content-type', 'content-length'].filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));

const server = http.createServer((request, response) => {
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: request.method, path: request.url, agent, headers: bodyHeaders(request.headers) },
    (answer) => {
      response.writeHead(answer.statusCode, bodyHeaders(answer.headers));
      answer.pipe(response);
    },
  );
  upstream.on('error', () => response.writeHead(502).end());
  request.pipe(upstream);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`proxy http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
