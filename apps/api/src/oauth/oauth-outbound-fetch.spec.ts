import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpsTestServer, privateCaCertificates, startHttpsTestServer } from '../../test/private-ca';
import { createOutboundFetch } from './oauth-outbound-fetch';

/** The authorization server's outbound fetch against a real https server on 127.0.0.1 with a private CA. */
describe('outbound fetch for client metadata (TLS with extra CAs, SSRF checked at connection time)', () => {
  let ca: string;
  let server: HttpsTestServer;
  const document = { client_id: 'x', client_name: 'Document' };

  beforeAll(async () => {
    const pems = await privateCaCertificates();
    ca = pems.ca;
    server = await startHttpsTestServer(pems.trusted, () => ({ '/doc.json': document }));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('fetches from an allowed host over TLS verified with the extra CA, answering a standard Response', async () => {
    const fetchDocument = createOutboundFetch({
      policy: { setting: 'OAUTH_ALLOWED_FETCH_HOSTS', allowedHosts: ['localhost'], plainHttp: 'never' },
      extraCaCertificates: [ca],
    });
    const response = await fetchDocument(`${server.origin}/doc.json`, { method: 'GET', headers: new Headers({ accept: 'application/json' }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('max-age=60');
    expect(await response.json()).toEqual(document);
    expect((await fetchDocument(`${server.origin}/missing.json`)).status).toBe(404);
  });

  it('never skips certificate verification: without the CA the handshake fails', async () => {
    const fetchDocument = createOutboundFetch({
      policy: { setting: 'OAUTH_ALLOWED_FETCH_HOSTS', allowedHosts: ['localhost'], plainHttp: 'never' },
      extraCaCertificates: [],
    });
    await expect(fetchDocument(`${server.origin}/doc.json`)).rejects.toThrow(/certificate/);
  });

  it('refuses loopback and private addresses when connecting, unless the host is allowed, and anything but https', async () => {
    const before = server.fetched.length;
    const fetchDocument = createOutboundFetch({
      policy: { setting: 'OAUTH_ALLOWED_FETCH_HOSTS', allowedHosts: [], plainHttp: 'never' },
      extraCaCertificates: [ca],
    });
    // localhost is refused by name before any socket opens; guardedLookup (outbound-url-guard.spec) covers names that resolve inward.
    await expect(fetchDocument(`${server.origin}/doc.json`)).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    await expect(fetchDocument(`https://127.0.0.1:${server.port}/doc.json`)).rejects.toThrow(/loopback or private address/);
    await expect(fetchDocument(`https://[::1]:${server.port}/doc.json`)).rejects.toThrow(/loopback or private address/);
    await expect(fetchDocument(`http://localhost:${server.port}/doc.json`)).rejects.toThrow(/Only https URLs are allowed/);
    expect(server.fetched.length).toBe(before);
  });
});
