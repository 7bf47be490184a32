import { describe, expect, it } from 'vitest';
import { formatTomlPath, tomlKeyLines } from './toml-key-lines';

const SOURCE = `# comment with [brackets] and key = "value"
version = 1

[[users]]
email = "a@example.com"

[[users]]
email = "b@example.com" # trailing comment
note = """
a multi-line string
with = signs and [brackets]
"""

[teams."odd slug".policy]
denied_models = [
  "hr.employee",   # first
  "hr.payslip",
]
members = [{ email = "x@example.com", role = "member" }, { email = "y@example.com",
  role = "auditor" }]
'key with spaces' = 'literal'
rate.calls = 5
`;

describe('TOML key lines', () => {
  const keys = tomlKeyLines(SOURCE);
  const lineOf = (...path: Array<string | number>) => keys.locate(path).line;

  it('finds keys in tables, arrays of tables, arrays and inline tables, past strings and comments', () => {
    expect(lineOf('version')).toBe(2);
    expect(lineOf('users', 0, 'email')).toBe(5);
    expect(lineOf('users', 1, 'email')).toBe(8);
    expect(lineOf('users', 1, 'note')).toBe(9);
    expect(lineOf('teams', 'odd slug', 'policy')).toBe(14);
    expect(lineOf('teams', 'odd slug', 'policy', 'denied_models', 1)).toBe(17);
    expect(lineOf('teams', 'odd slug', 'policy', 'members', 1, 'role')).toBe(20);
    expect(lineOf('teams', 'odd slug', 'policy', 'key with spaces')).toBe(21);
    expect(lineOf('teams', 'odd slug', 'policy', 'rate', 'calls')).toBe(22);
  });

  it('a missing key resolves to the nearest written table; nothing at all to no line', () => {
    expect(keys.locate(['users', 1, 'password_env'])).toEqual({ line: 7, path: ['users', 1] });
    expect(keys.locate(['teams', 'odd slug', 'owner'])).toEqual({ line: 14, path: ['teams', 'odd slug'] });
    expect(keys.locate(['nothing'])).toEqual({ line: null, path: [] });
  });

  it('formats paths as they are written', () => {
    expect(formatTomlPath(['teams', 'acme', 'api_keys', 'ci bot', 'scopes', 1])).toBe('teams.acme.api_keys."ci bot".scopes[1]');
  });
});
