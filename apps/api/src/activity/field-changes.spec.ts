import { describe, expect, it } from 'vitest';
import { fieldChanges } from './field-changes';

describe('fieldChanges', () => {
  it('lists changed fields with dotted paths, old → new, and nothing for equal values', () => {
    const before = { name: 'Acme', settings: { days: 90, policy: { readOnly: false, models: ['a.b'] } } };
    const after = { name: 'Acme', settings: { days: 30, policy: { readOnly: false, models: ['a.b', 'c.d'] } } };
    expect(fieldChanges(before, after)).toEqual([
      { field: 'settings.days', old: 90, new: 30, masked: false },
      { field: 'settings.policy.models', old: ['a.b'], new: ['a.b', 'c.d'], masked: false },
    ]);
  });

  it('reports creation and deletion as null on one side', () => {
    expect(fieldChanges(null, { name: 'x' })).toEqual([{ field: 'name', old: null, new: 'x', masked: false }]);
    expect(fieldChanges({ name: 'x' }, null)).toEqual([{ field: 'name', old: 'x', new: null, masked: false }]);
  });

  it('masks secret-named fields: that they changed, never their values', () => {
    const changes = fieldChanges(
      { login: 'a', secret: 'old-one', password: 'p1', apiKey: 'k' },
      { login: 'a', secret: 'new-one', password: 'p2', apiKey: 'k' },
    );
    expect(changes).toEqual([
      { field: 'secret', old: null, new: null, masked: true },
      { field: 'password', old: null, new: null, masked: true },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/old-one|new-one|p1|p2/);
  });
});
