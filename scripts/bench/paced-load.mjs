// An open-loop load generator: requests are scheduled at a fixed rate, spread evenly over time, and
// sent over at most `connections` keep-alive sockets. autocannon's rate option sends each second's
// quota in one burst at the start of the second, so its latencies at a "fixed rate" are mostly
// queueing behind that burst; this one spaces the requests out instead.
// Latency runs from the moment a request was due, not from when a socket was free to send it, so a
// server that falls behind is charged for the wait (no coordinated omission).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';

/**
 * @param {{ url: string, method: string, headers: Record<string,string>, body: string, connections: number,
 *           rate: number, durationS: number, failed: (status: number, body: string) => boolean }} options
 *   `failed` tells a wrong answer apart from a right one (an HTTP 200 can still carry a tool error).
 * @returns {Promise<{ p50: number, p99: number, max: number, sent: number, ok: number, errors: number, answered: number, failures: string[], rate: number }>}
 *   latencies in ms (of the good answers); `answered` counts 2xx answers, wrong or not; `rate` is the
 *   good answers per second actually achieved; `failures` samples what went wrong.
 */
export async function pacedLoad({ url, method, headers, body, connections, rate, durationS, failed }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const payload = Buffer.from(body);
  const requestHeaders = { ...headers, 'content-length': String(payload.length) };
  let sent = 0;
  let finished = 0;
  let ok = 0;
  let answered = 0;
  /** The first few distinct failures, e.g. "200 …isError…" or "ECONNRESET". */
  const failures = new Set();
  const noteFailure = (what) => {
    if (failures.size < 3) failures.add(what.slice(0, 200));
  };
  const started = performance.now();
  const total = Math.round(rate * durationS);

  const send = (due) => {
    sent += 1;
    let settled = false;
    // once per call, whichever of the answer's end, a response error or a request error comes first
    const done = (good) => {
      if (settled) return;
      settled = true;
      finished += 1;
      if (good) {
        ok += 1;
        histogram.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000))); // µs
      }
    };
    const request = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method, headers: requestHeaders }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) answered += 1;
        const text = Buffer.concat(chunks).toString();
        const bad = failed(status, text);
        if (bad) noteFailure(`${status} ${text}`);
        done(!bad);
      });
      response.on('error', (error) => {
        noteFailure(error.message);
        done(false);
      });
    });
    request.on('error', (error) => {
      noteFailure(error.message);
      done(false);
    });
    request.end(payload);
  };

  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      // every request whose slot has come: slot i is due at started + i / rate
      while (sent < total && started + (sent * 1000) / rate <= now) send(started + (sent * 1000) / rate);
      if (sent < total) setTimeout(tick, Math.max(0, started + (sent * 1000) / rate - performance.now()));
      else resolve();
    };
    tick();
  });
  while (finished < sent) await new Promise((resolve) => setTimeout(resolve, 5));
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  const ms = (value) => +(value / 1000).toFixed(2);
  return {
    p50: ms(histogram.getValueAtPercentile(50)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.maxValue),
    sent,
    ok,
    errors: finished - ok,
    answered,
    failures: [...failures],
    rate: Math.round(ok / elapsedS),
  };
}
