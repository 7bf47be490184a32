import { describe, expect, it } from 'vitest';
import { addressKind } from '../common/outbound-url-guard';
import { assertUrlAllowed } from './repo-url-guard';

describe('repository URL guard (SSRF)', () => {
  it('blocks loopback, private, link-local, CGNAT, multicast and mapped addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fd12::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      expect(addressKind(address), address).not.toBe('public');
    }
    for (const address of ['140.82.112.3', '1.1.1.1', '2606:4700::1111', '::ffff:140.82.112.3']) expect(addressKind(address), address).toBe('public');
  });

  it('refuses internal URLs with URL_NOT_ALLOWED, resolving names', async () => {
    for (const url of [
      'https://127.0.0.1/x',
      'https://2130706433/x',
      'https://[::1]/x',
      'https://localhost/x',
      'https://ip6-localhost/x',
      'https://metadata.google.internal/x',
      'http://1.1.1.1/x',
      'https://u:p@1.1.1.1/x',
      'ftp://1.1.1.1/x',
      'nonsense',
    ]) {
      await expect(assertUrlAllowed(url, []), url).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    }
  });

  it('lets an administrator allow a named host, plain http included, and pins the address it checked', async () => {
    await expect(assertUrlAllowed('http://127.0.0.1:8080/x', ['127.0.0.1'])).resolves.toMatchObject({ address: '127.0.0.1', port: 8080 });
    await expect(assertUrlAllowed('https://1.1.1.1/x', [])).resolves.toMatchObject({ address: '1.1.1.1', port: 443 });
  });
});
