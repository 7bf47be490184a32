import { describe, expect, it } from 'vitest';
import { planModuleChanges } from './module-changes';

const MANIFESTS = ['sale_ext/__manifest__.py', 'addons/stock_ext/__manifest__.py', 'addons/stock_ext/sub/__manifest__.py'];

describe('planModuleChanges', () => {
  it('maps each file to the nearest manifest above it', () => {
    expect(planModuleChanges(['addons/stock_ext/sub/views/a.xml'], MANIFESTS, ['sub', 'stock_ext'])).toEqual({
      install: [],
      upgrade: ['sub'],
      action: 'upgrade',
    });
    expect(planModuleChanges(['addons/stock_ext/views/a.xml'], MANIFESTS, ['sub', 'stock_ext'])).toEqual({
      install: [],
      upgrade: ['stock_ext'],
      action: 'upgrade',
    });
  });

  it('install wins over upgrade, upgrade over restart, restart over nothing', () => {
    expect(planModuleChanges(['sale_ext/views/a.xml', 'addons/stock_ext/models/x.py'], MANIFESTS, ['stock_ext'])).toMatchObject({
      install: ['sale_ext'],
      upgrade: ['stock_ext'],
      action: 'install',
    });
    expect(planModuleChanges(['sale_ext/__manifest__.py'], MANIFESTS, ['sale_ext'])).toMatchObject({ action: 'upgrade', upgrade: ['sale_ext'] });
    expect(planModuleChanges(['sale_ext/security/ir.model.access.csv'], MANIFESTS, ['sale_ext'])).toMatchObject({ action: 'upgrade' });
    expect(planModuleChanges(['sale_ext/controllers/main.py', 'sale_ext/static/src/app.js'], MANIFESTS, ['sale_ext'])).toEqual({
      install: [],
      upgrade: [],
      action: 'restart',
    });
    expect(planModuleChanges(['README.md', 'docs/x.md'], MANIFESTS, ['sale_ext'])).toEqual({ install: [], upgrade: [], action: 'nothing' });
    expect(planModuleChanges([], MANIFESTS, [])).toEqual({ install: [], upgrade: [], action: 'nothing' });
  });

  it('does not confuse a module with another whose name it prefixes', () => {
    expect(planModuleChanges(['sale_ext_more/views/a.xml'], MANIFESTS, ['sale_ext'])).toMatchObject({ action: 'nothing' });
  });
});
