import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { addressKind, allowlistEntryProblem, assertOutboundUrl, guardedLookup, OutboundPolicy } from './outbound-url-guard';

const odoo = (allowedHosts: string[] = []): OutboundPolicy => ({ setting: 'ODOO_ALLOWED_HOSTS', allowedHosts, plainHttp: 'any-host' });

/** Runs a guarded lookup as a socket would; resolves with the addresses it hands over, or the refusal. */
function lookUp(policy: OutboundPolicy, hostname: string): Promise<{ addresses: LookupAddress[] } | { error: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    guardedLookup(policy, 'ERR_TEST_REFUSED')(hostname, { all: true }, (error, addresses) =>
      resolve(error ? { error } : { addresses: addresses as LookupAddress[] }),
    );
  });
}

describe('outbound URL guard (SSRF)', () => {
  it('never reaches link-local, cloud metadata, unspecified, multicast or reserved addresses, however they are written', () => {
    for (const address of [
      '169.254.169.254',
      '169.254.170.2',
      'fd00:ec2::254',
      '100.100.100.200',
      '168.63.129.16',
      '::ffff:169.254.169.254',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      'fe80::1',
      '0.0.0.0',
      '::',
      '224.0.0.1',
      '255.255.255.255',
      'not-an-ip',
    ]) {
      expect(addressKind(address), address).toBe('never');
    }
  });

  it('tells internal addresses (loopback, private, CGNAT, unique-local) from public ones', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.31.255.255', '192.168.0.1', '100.64.0.1', '::1', 'fd12::1', '::ffff:10.0.0.1', '::ffff:7f00:1']) {
      expect(addressKind(address), address).toBe('internal');
    }
    for (const address of ['140.82.112.3', '1.1.1.1', '2606:4700::1111', '::ffff:140.82.112.3']) expect(addressKind(address), address).toBe('public');
  });

  it('without the setting refuses loopback, private and link-local hosts, naming the setting', async () => {
    for (const url of [
      'http://127.0.0.1:8069',
      'http://2130706433:8069',
      'http://[::1]:8069',
      'http://10.0.0.5',
      'http://192.168.1.10:8069',
      'http://localhost:8069',
      'http://odoo.internal',
    ]) {
      await expect(assertOutboundUrl(url, odoo()), url).rejects.toMatchObject({
        code: 'URL_NOT_ALLOWED',
        message: expect.stringContaining('ODOO_ALLOWED_HOSTS'),
      });
    }
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/',
      'http://metadata.google.internal./',
    ]) {
      await expect(assertOutboundUrl(url, odoo()), url).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED', message: expect.stringContaining('never') });
    }
    await expect(assertOutboundUrl('http://1.1.1.1:8069', odoo())).resolves.toMatchObject({ address: '1.1.1.1', port: 8069 });
  });

  it('with the setting allows the listed hosts, names and ranges, but never link-local or metadata addresses', async () => {
    const allowing = odoo(['127.0.0.1', 'localhost', '10.0.0.0/8', 'odoo.internal:8069', '169.254.169.254', 'metadata.google.internal']);
    for (const url of ['http://127.0.0.1:8069', 'http://localhost:8069', 'http://10.20.30.40']) {
      await expect(assertOutboundUrl(url, allowing), url).resolves.toMatchObject({ url: expect.any(URL) });
    }
    // A listed name that does not resolve here: its listing is checked without resolving.
    await expect(assertOutboundUrl('http://odoo.internal:8069', allowing, { resolve: false })).resolves.toMatchObject({ port: 8069 });
    await expect(assertOutboundUrl('http://odoo.internal:9000', allowing, { resolve: false })).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    await expect(assertOutboundUrl('http://192.168.1.1', allowing)).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    // Even listed (the configuration check refuses such entries at start), these stay out of reach.
    for (const url of ['http://169.254.169.254/', 'http://metadata.google.internal/', 'http://[::ffff:169.254.169.254]/']) {
      await expect(assertOutboundUrl(url, allowing), url).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED', message: expect.stringContaining('never') });
    }
  });

  it('refuses other schemes and credentials in the URL; http only where the policy says', async () => {
    await expect(assertOutboundUrl('ftp://1.1.1.1/', odoo())).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    await expect(assertOutboundUrl('https://u:p@1.1.1.1/', odoo())).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    const git: OutboundPolicy = { setting: 'WORKSPACE_GIT_ALLOWED_HOSTS', allowedHosts: ['127.0.0.1'], plainHttp: 'allowed-hosts' };
    await expect(assertOutboundUrl('http://1.1.1.1/x', git)).rejects.toMatchObject({ message: expect.stringContaining('WORKSPACE_GIT_ALLOWED_HOSTS') });
    await expect(assertOutboundUrl('http://127.0.0.1:8080/x', git)).resolves.toMatchObject({ address: '127.0.0.1', port: 8080 });
    const oauth: OutboundPolicy = { setting: 'OAUTH_ALLOWED_FETCH_HOSTS', allowedHosts: ['127.0.0.1'], plainHttp: 'never' };
    await expect(assertOutboundUrl('http://127.0.0.1/client.json', oauth)).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    await expect(assertOutboundUrl('https://127.0.0.1/client.json', oauth)).resolves.toMatchObject({ address: '127.0.0.1' });
  });

  it('judges again when a socket connects: the lookup hands over only approved addresses', async () => {
    const refused = await lookUp(odoo(), 'localhost');
    expect(refused).toMatchObject({ error: { code: 'ERR_TEST_REFUSED', message: expect.stringContaining('ODOO_ALLOWED_HOSTS') } });
    const allowed = await lookUp(odoo(['localhost']), 'localhost');
    expect('addresses' in allowed && allowed.addresses.map((entry) => addressKind(entry.address))).toEqual(expect.arrayContaining(['internal']));
    const byRange = await lookUp(odoo(['127.0.0.0/8', '::1']), 'localhost');
    expect(byRange).toHaveProperty('addresses');
  });

  it('checks the allowlist settings at start: link-local and metadata entries, and malformed ones, are refused', () => {
    for (const entry of ['127.0.0.1', '10.0.0.0/8', 'fd12::/16', '[::1]', 'odoo.internal', 'odoo:8069', 'localhost'])
      expect(allowlistEntryProblem(entry), entry).toBeNull();
    for (const entry of [
      '169.254.169.254',
      '169.254.0.0/16',
      'fe80::/10',
      'fd00:ec2::254',
      '0.0.0.0/0',
      'metadata.google.internal',
      '10.0.0.0/33',
      'a/b',
      'http://odoo',
    ]) {
      expect(allowlistEntryProblem(entry), entry).not.toBeNull();
    }
  });
});
