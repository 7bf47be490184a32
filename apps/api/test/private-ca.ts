import { createServer } from 'node:https';
import { generate } from 'selfsigned';

/** A key and certificate in PEM (`private`, `cert`), as selfsigned returns them. */
export type TestCertificate = Awaited<ReturnType<typeof generate>>;

export interface PrivateCaCertificates {
  /** The CA certificate (PEM): what an administrator puts in OUTBOUND_EXTRA_CA_CERTS. */
  ca: string;
  /** A certificate for `localhost` signed by that CA. */
  trusted: TestCertificate;
  /** A self-signed certificate for `localhost` that no CA vouches for. */
  untrusted: TestCertificate;
}

/**
 * A private CA, as a company would have, and server certificates for `localhost`: one it signed,
 * one self-signed. Generated per run with `selfsigned` (pure JavaScript over WebCrypto, so no
 * `openssl` binary is needed and no key is checked in).
 */
export async function privateCaCertificates(): Promise<PrivateCaCertificates> {
  const validity = { notBeforeDate: new Date(Date.now() - 60_000), notAfterDate: new Date(Date.now() + 24 * 3_600_000) };
  const serverExtensions = [
    { name: 'basicConstraints' as const, cA: false },
    { name: 'keyUsage' as const, digitalSignature: true },
    { name: 'extKeyUsage' as const, serverAuth: true },
    { name: 'subjectAltName' as const, altNames: [{ type: 2 as const, value: 'localhost' }] },
  ];
  const ca = await generate([{ name: 'commonName', value: 'Gantry e2e private CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = [{ name: 'commonName', value: 'localhost' }];
  const trusted = await generate(leaf, {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity,
    extensions: serverExtensions,
    ca: { key: ca.private, cert: ca.cert },
  });
  const untrusted = await generate(leaf, { keyType: 'ec', algorithm: 'sha256', ...validity, extensions: serverExtensions });
  return { ca: ca.cert, trusted, untrusted };
}

export interface HttpsTestServer {
  /** `https://localhost:<port>`: the name the certificates are for. */
  origin: string;
  port: number;
  /** The paths requested so far, in order. */
  fetched: string[];
  stop(): Promise<void>;
}

/** An https server on 127.0.0.1 answering JSON `documents` by path (404 otherwise), built from the server's own origin. */
export async function startHttpsTestServer(certificate: TestCertificate, documents: (origin: string) => Record<string, object>): Promise<HttpsTestServer> {
  const fetched: string[] = [];
  let origin = '';
  const server = createServer({ key: certificate.private, cert: certificate.cert }, (request, response) => {
    fetched.push(request.url ?? '');
    const document = documents(origin)[request.url ?? ''];
    response.writeHead(document ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'max-age=60' });
    response.end(JSON.stringify(document ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  origin = `https://localhost:${port}`;
  return {
    origin,
    port,
    fetched,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
