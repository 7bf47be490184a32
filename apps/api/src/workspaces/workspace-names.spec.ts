import { describe, expect, it } from 'vitest';
import { containerName, databaseName, networkName, roleName, templateDatabaseName, volumeName } from './workspace-names';

const TEAM = '64b7f0c2a1b2c3d4e5f60718';

describe('workspace name derivation', () => {
  it('follows the documented engine names', () => {
    expect(networkName('acme')).toBe('gantry-acme-net');
    expect(containerName('acme', 'feature-x')).toBe('gantry-acme-feature-x-odoo');
    expect(volumeName(TEAM, 'data')).toBe(`gantry-ws-${TEAM}-data`);
  });

  it('database and role names use the team id, so teams can never collide or reach each other', () => {
    expect(databaseName(TEAM, 'feature-x')).toBe(`ws_${TEAM}_feature_x`);
    expect(roleName(TEAM, 'feature-x')).toBe(databaseName(TEAM, 'feature-x'));
    expect(templateDatabaseName(TEAM, 'golden')).toBe(`tpl_${TEAM}_golden`);
    expect(databaseName(TEAM, 'a'.repeat(30)).length).toBeLessThanOrEqual(63);
    // "a-b" and "a_b" cannot both exist: underscores are not allowed in names, so the mapping is one-to-one.
    expect(() => databaseName(TEAM, 'a_b')).toThrow();
  });

  it('refuses anything that is not a validated name', () => {
    for (const bad of ['', 'A', '1abc', 'a;b', 'a b', 'a--b', 'a-', '-a', '../x', 'x"y', "x'y", 'a'.repeat(31), 'ws\n1']) {
      expect(() => containerName('acme', bad), bad).toThrow();
      expect(() => databaseName(TEAM, bad), bad).toThrow();
    }
    for (const bad of ['Acme', 'a;b', '', '-x', 'x-']) expect(() => networkName(bad), bad).toThrow();
    for (const bad of ['not-an-id', `${TEAM}0`, TEAM.toUpperCase()]) expect(() => databaseName(bad, 'ok'), bad).toThrow();
  });
});
