import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG_FILE as EXAMPLE_FILE, exampleConfigSecrets as exampleSecrets } from '../../test/config-example';
import { call, login, startTestApp, TestApp } from '../../test/test-app';
import { generateApiKey } from '../api-keys/api-key-format';
import { ConfigAsCodeService } from './config-as-code.service';
import { ActivityWriter } from '../activity/activity-writer';
import { AppliedConfigChange, ConfigChanges } from './config-change-recorder';
import { ConfigFileError } from './config-file-error';
import { loadConfigFile, loadConfigSource } from './config-file-loader';

/** Every document of every collection, as text: what a database dump would show. */
async function dump(app: TestApp): Promise<string> {
  const collections = await app.db.listCollections().toArray();
  const parts = await Promise.all(collections.map(async ({ name }) => JSON.stringify(await app.db.collection(name).find().toArray())));
  return parts.join('\n');
}

/** Documents per collection, but the admin trail's, which grows by one record per change by design. */
async function countAll(app: TestApp): Promise<Record<string, number>> {
  const collections = (await app.db.listCollections().toArray()).filter(({ name }) => name !== 'activity_logs');
  return Object.fromEntries(await Promise.all(collections.map(async ({ name }) => [name, await app.db.collection(name).countDocuments()] as const)));
}

function problemsOf(action: () => unknown): { code: string; problems: ConfigFileError['problems'] } {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigFileError) return { code: error.code, problems: error.problems };
    throw error;
  }
  throw new Error('expected a ConfigFileError');
}

describe('configuration as code', () => {
  let app: TestApp;
  let service: ConfigAsCodeService;
  const secrets = exampleSecrets();
  const recorded: AppliedConfigChange[] = [];

  beforeAll(async () => {
    app = await startTestApp({ GANTRY_ADMIN_EMAIL: '', GANTRY_ADMIN_PASSWORD: '' });
    service = app.nest.get(ConfigAsCodeService);
    // Keep what the trail would record, and pass it on to the real trail (wired at start) as well.
    const changes = app.nest.get(ConfigChanges);
    const trail = (changes as unknown as { recorder: { record(change: AppliedConfigChange): unknown } }).recorder;
    changes.useRecorder({ record: (change) => void (recorded.push(change), trail.record(change)) });
  });
  afterAll(() => app.close());

  it('applies docs/gantry.example.toml, and applying it again changes nothing', async () => {
    const first = await service.apply(loadConfigFile(EXAMPLE_FILE, secrets));
    expect(first.summary).toMatchObject({ created: 11, updated: 0, deleted: 0, unchanged: 0 });
    expect(first.changes.map((change) => `${change.action} ${change.kind}`)).toEqual([
      'create user',
      'create user',
      'create user',
      'create team',
      'create team_settings',
      'create member',
      'create member',
      'create odoo_connection',
      'create api_key',
      'create oauth_client',
      'create git_credential',
    ]);

    const second = await service.apply(loadConfigFile(EXAMPLE_FILE, secrets));
    expect(second.summary).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: first.changes.length, changed: 0 });
    expect(second.changes.every((change) => change.fields.length === 0)).toBe(true);
  });

  it('leaves a working team: the owner signs in, the policy and members hold, the static key works on the REST API', async () => {
    const owner = await login(app, 'olivia@acme.example', secrets.ACME_OWNER_PASSWORD);
    const teams = await call(app, 'GET', '/api/teams', { token: owner.token });
    const acme = teams.body.find((team: { slug: string }) => team.slug === 'acme');
    expect(acme).toMatchObject({ name: 'Acme', role: 'owner', settings: { auditRetentionDays: 180 } });
    expect(acme.settings.mcpPolicy).toMatchObject({
      deniedModels: ['hr.employee', 'hr.payslip'],
      rateLimits: { callsPerMinute: 300, writesPerMinute: 60 },
      destructiveConfirmation: 'when_supported',
    });
    const members = await call(app, 'GET', `/api/teams/${acme.id}/members`, { token: owner.token });
    expect(members.body.map((member: { email: string; role: string }) => `${member.email} ${member.role}`).sort()).toEqual([
      'audrey@acme.example auditor',
      'max@acme.example member',
      'olivia@acme.example owner',
    ]);
    const connection = await call(app, 'GET', `/api/teams/${acme.id}/odoo-connection`, { token: owner.token });
    expect(connection.body).toMatchObject({ name: 'Acme production', host: 'acme.odoo.example', details: { login: 'gantry-bot@acme.example' } });
    const me = await call(app, 'GET', '/api/auth/me', { token: secrets.ACME_CI_API_KEY });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('olivia@acme.example');
    const keys = await call(app, 'GET', `/api/teams/${acme.id}/api-keys`, { token: owner.token });
    expect(keys.body).toEqual([expect.objectContaining({ name: 'ci-reports', scopes: ['query', 'read', 'schema'], models: ['sale.order', 'res.partner'] })]);
    const clients = await call(app, 'GET', `/api/teams/${acme.id}/oauth/clients`, { token: owner.token });
    expect(clients.body).toEqual([expect.objectContaining({ clientId: 'gnt_client_acme_reports', name: 'Acme reports portal' })]);
    const credentials = await call(app, 'GET', `/api/teams/${acme.id}/git-credentials`, { token: owner.token });
    expect(credentials.body).toEqual([expect.objectContaining({ host: 'github.com', username: 'acme-bot', label: 'addons', tokenMasked: 'ghp_****' })]);
  });

  it('keeps secrets out of the database and out of every report: only ciphertext and hashes are stored', async () => {
    const report = await service.apply(loadConfigFile(EXAMPLE_FILE, secrets), { dryRun: true });
    const stored = await dump(app);
    for (const [name, value] of Object.entries(secrets)) {
      expect(stored, name).not.toContain(value);
      expect(JSON.stringify(report), name).not.toContain(value);
      expect(JSON.stringify(recorded), name).not.toContain(value);
    }
  });

  it('dry run: shows what would change (secrets only as changed) and writes nothing', async () => {
    const before = await dump(app);
    const changed = { ...secrets, ACME_ODOO_API_KEY: 'a-new-odoo-secret' };
    const source = readFileSync(EXAMPLE_FILE, 'utf8').replace('calls_per_minute = 300', 'calls_per_minute = 250');
    const report = await service.apply(loadConfigSource(source, 'gantry.toml', changed), { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.summary).toMatchObject({ created: 0, updated: 2, deleted: 0, changed: 2 });
    const updates = report.changes.filter((change) => change.action === 'update');
    expect(updates.map((change) => [change.kind, change.fields])).toEqual([
      [
        'team_settings',
        [{ key: 'mcpPolicy.rateLimits', secret: false, from: { callsPerMinute: 300, writesPerMinute: 60 }, to: { callsPerMinute: 250, writesPerMinute: 60 } }],
      ],
      ['odoo_connection', [{ key: 'secret', secret: true }]],
    ]);
    expect(JSON.stringify(report)).not.toContain('a-new-odoo-secret');
    expect(await dump(app)).toBe(before);
  });

  it('records every applied change for the admin trail as actor "config", without values of secrets', async () => {
    expect(recorded.length).toBeGreaterThanOrEqual(11);
    expect(new Set(recorded.map((change) => change.actor))).toEqual(new Set(['config']));
    const key = recorded.find((change) => change.kind === 'api_key')!;
    expect(key).toMatchObject({ action: 'create', team: 'acme', teamId: expect.stringMatching(/^[a-f0-9]{24}$/), file: 'gantry.example.toml' });
    expect(key.fields).toContainEqual({ key: 'key', secret: true });
    // …and the admin trail holds them, actor "config", the key's value nowhere.
    await app.nest.get(ActivityWriter).flush();
    const inTrail = await app.db.collection('activity_logs').find({ action: 'config.api_key.create' }).toArray();
    expect(inTrail.length).toBeGreaterThan(0);
    expect(inTrail[0]).toMatchObject({ userName: 'config', userId: null, outcome: 'success', details: { file: 'gantry.example.toml' } });
    expect(JSON.stringify(await app.db.collection('activity_logs').find().toArray())).not.toContain(secrets.ACME_CI_API_KEY);
  });

  it('never deletes what the file stops mentioning, unless asked to prune', async () => {
    const source = (await import('node:fs'))
      .readFileSync(EXAMPLE_FILE, 'utf8')
      .replace(/\[teams\.acme\.api_keys\.ci-reports\][\s\S]*?(?=\n# A pre-registered)/, '')
      .replace(/\[teams\.acme\.oauth_clients\.reports-portal\][\s\S]*?(?=\n# Workspace settings)/, '')
      .replace('  { email = "audrey@acme.example", role = "auditor" },\n', '');
    const trimmed = loadConfigSource(source, 'gantry.toml', secrets);
    const kept = await service.apply(trimmed);
    expect(kept.summary.changed).toBe(0);
    expect((await call(app, 'GET', '/api/auth/me', { token: secrets.ACME_CI_API_KEY })).status).toBe(200);

    const preview = await service.apply(trimmed, { prune: true, dryRun: true });
    expect(preview.changes.filter((change) => change.action === 'delete').map((change) => change.name)).toEqual([
      'teams.acme.members audrey@acme.example',
      'teams.acme.api_keys.ci-reports',
      'teams.acme.oauth_clients.reports-portal',
    ]);
    const pruned = await service.apply(trimmed, { prune: true });
    expect(pruned.summary).toMatchObject({ deleted: 3 });
    expect((await call(app, 'GET', '/api/auth/me', { token: secrets.ACME_CI_API_KEY })).status).toBe(401);
    expect(await app.db.collection('oauth_client').countDocuments({ _id: 'gnt_client_acme_reports' as never })).toBe(0);
    expect((await service.apply(trimmed, { prune: true })).summary.changed).toBe(0);

    // Applying the full file again brings them back; the revoked key's value cannot come back.
    const refused = await service.apply(loadConfigFile(EXAMPLE_FILE, secrets)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigFileError);
    expect((refused as ConfigFileError).problems).toEqual([
      { line: 67, key: 'teams.acme.api_keys.ci-reports.key_env', message: 'the key in ACME_CI_API_KEY was revoked in Gantry; put a new key there' },
    ]);
    const restored = await service.apply(loadConfigFile(EXAMPLE_FILE, { ...secrets, ACME_CI_API_KEY: generateApiKey() }));
    expect(restored.summary).toMatchObject({ created: 3, deleted: 0 });
  });

  it('a second run with a changed file updates only what changed', async () => {
    const before = await countAll(app);
    const source = readFileSync(EXAMPLE_FILE, 'utf8').replace('name = "Max Member"', 'name = "Max Mustermann"');
    const report = await service.apply(loadConfigSource(source, 'gantry.toml', { ...secrets, ACME_CI_API_KEY: generateApiKey() }));
    expect(report.changes.filter((change) => change.action !== 'unchanged').map((change) => [change.action, change.name, change.fields])).toEqual([
      ['update', 'users[1] max@acme.example', [{ key: 'name', secret: false, from: 'Max Member', to: 'Max Mustermann' }]],
      ['update', 'teams.acme.api_keys.ci-reports', [{ key: 'key', secret: true }]],
    ]);
    expect(await countAll(app)).toEqual(before);
  });
});

describe('configuration file errors name the line and the key', () => {
  const secrets = exampleSecrets();
  const example = () => readFileSync(EXAMPLE_FILE, 'utf8');

  it('a TOML syntax error', () => {
    const source = example().replace('audit_retention_days = 180', 'audit_retention_days = = 180');
    expect(problemsOf(() => loadConfigSource(source, 'gantry.toml', secrets))).toEqual({
      code: 'CONFIG_PARSE_FAILED',
      problems: [{ line: 32, key: 'teams.acme.audit_retention_days', message: expect.stringContaining('column') }],
    });
  });

  it('values the schema refuses, in tables, arrays of tables and inline tables', () => {
    const source = example()
      .replace('owner = "olivia@acme.example"', 'owner = "olivia"')
      .replace('{ email = "audrey@acme.example", role = "auditor" }', '{ email = "audrey@acme.example", role = "boss" }')
      .replace('calls_per_minute = 300', 'calls_per_minute = 0')
      .replace('name = "Max Member"', 'name = "Max Member"\nnickname = "maxi"');
    expect(problemsOf(() => loadConfigSource(source, 'gantry.toml', secrets))).toEqual({
      code: 'CONFIG_INVALID',
      problems: [
        { line: 20, key: 'users[1].nickname', message: 'is not a setting Gantry knows (see docs/config-as-code.md)' },
        { line: 31, key: 'teams.acme.owner', message: 'must be a valid email address' },
        { line: 38, key: 'teams.acme.members[1].role', message: expect.stringContaining('admin') },
        { line: 51, key: 'teams.acme.rate_limits.calls_per_minute', message: expect.stringContaining('>=1') },
      ],
    });
  });

  it('a secret written as a literal, and a required key left out', () => {
    const source = example().replace('secret_env = "ACME_ODOO_API_KEY"', 'secret = "hunter2"');
    const result = problemsOf(() => loadConfigSource(source, 'gantry.toml', secrets));
    expect(result.code).toBe('CONFIG_INVALID');
    expect(result.problems).toEqual([
      { line: 55, key: 'teams.acme.odoo.secret_env', message: expect.stringMatching(/expected string/i) },
      { line: 60, key: 'teams.acme.odoo.secret', message: expect.stringContaining('write secret_env = "VARIABLE_NAME"') },
    ]);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('an environment variable that is not set, or holds something unusable', () => {
    const { ACME_GITHUB_TOKEN: _token, ...withoutToken } = secrets;
    expect(problemsOf(() => loadConfigSource(example(), 'gantry.toml', withoutToken))).toEqual({
      code: 'CONFIG_ENV_MISSING',
      problems: [{ line: 83, key: 'teams.acme.workspaces.git_credentials.addons.token_env', message: 'the environment variable ACME_GITHUB_TOKEN is not set' }],
    });
    const weak = problemsOf(() => loadConfigSource(example(), 'gantry.toml', { ...secrets, ACME_CI_API_KEY: 'not-a-key', ACME_MAX_PASSWORD: 'short' }));
    expect(weak.problems.map((problem) => `${problem.line} ${problem.key}`)).toEqual(['20 users[1].password_env', '67 teams.acme.api_keys.ci-reports.key_env']);
    expect(JSON.stringify(weak)).not.toContain('not-a-key');
  });
});

describe('GANTRY_CONFIG at start', () => {
  const secrets = exampleSecrets();
  beforeAll(() => Object.assign(process.env, secrets));
  afterAll(() => {
    for (const name of Object.keys(secrets)) delete process.env[name];
  });

  it('applies the file when the API starts, so its people can sign in at once', async () => {
    const app = await startTestApp({ GANTRY_CONFIG: EXAMPLE_FILE, GANTRY_ADMIN_EMAIL: '', GANTRY_ADMIN_PASSWORD: '' });
    try {
      await login(app, 'max@acme.example', secrets.ACME_MAX_PASSWORD);
    } finally {
      await app.close();
    }
  });

  it('refuses to start with a file it cannot apply, naming the line and key', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'gantry-config-')), 'gantry.toml');
    writeFileSync(broken, readFileSync(EXAMPLE_FILE, 'utf8').replace('approvals = "off"', 'approvals = "sometimes"'));
    await expect(startTestApp({ GANTRY_CONFIG: broken })).rejects.toThrow(/gantry\.toml:46: teams\.acme\.policy\.approvals: /);
  });
});
