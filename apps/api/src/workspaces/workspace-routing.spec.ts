import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { WorkspaceRouting } from './workspace-routing';

const record = { port: 20003, teamSlug: 'acme', name: 'feature-x', containerName: 'gantry-acme-feature-x-odoo', networkName: 'gantry-acme-net' };

function routing(env: Record<string, string>): WorkspaceRouting {
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: 'mongodb://127.0.0.1/x',
    JWT_SECRET: 'j'.repeat(32),
    COOKIE_SECRET: 'c'.repeat(32),
    ENCRYPTION_KEY: 'a'.repeat(64),
    ...env,
  });
  // Only the label and URL logic is exercised here; port allocation runs against MongoDB in the e2e suites.
  return new WorkspaceRouting(config, null as never, null as never);
}

describe('workspace routing', () => {
  it('port mode publishes 8069 on the workspace port and shows http://host:port', () => {
    const port = routing({ WORKSPACE_PUBLIC_HOST: 'dev.example.com' });
    expect(port.url(record)).toBe('http://dev.example.com:20003');
    expect(port.containerSettings(record)).toEqual({ labels: {}, portBindings: { '8069/tcp': [{ HostIp: '0.0.0.0', HostPort: '20003' }] } });
  });

  it('traefik mode labels Host(<workspace>.<team>.<domain>) on the TLS entrypoint, service port 8069', () => {
    const traefik = routing({
      WORKSPACE_ROUTING: 'traefik',
      WORKSPACE_DOMAIN: 'ws.example.com',
      WORKSPACE_TRAEFIK_ENTRYPOINT: 'websecure',
      WORKSPACE_TRAEFIK_CERTRESOLVER: 'le',
      WORKSPACE_TRAEFIK_NETWORK: 'proxy',
    });
    expect(traefik.url(record)).toBe('https://feature-x.acme.ws.example.com');
    const settings = traefik.containerSettings(record);
    expect(settings.portBindings).toEqual({});
    expect(settings.labels).toEqual({
      'traefik.enable': 'true',
      'traefik.http.routers.gantry-acme-feature-x-odoo.rule': 'Host(`feature-x.acme.ws.example.com`)',
      'traefik.http.routers.gantry-acme-feature-x-odoo.entrypoints': 'websecure',
      'traefik.http.routers.gantry-acme-feature-x-odoo.tls': 'true',
      'traefik.http.routers.gantry-acme-feature-x-odoo.tls.certresolver': 'le',
      'traefik.http.services.gantry-acme-feature-x-odoo.loadbalancer.server.port': '8069',
      'traefik.docker.network': 'proxy',
    });
  });
});
