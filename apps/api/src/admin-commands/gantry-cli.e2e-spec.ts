import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG_FILE, exampleConfigSecrets } from '../../test/config-example';
import { buildGantryCli, GantrySession } from '../../test/gantry-cli';
import { call, login, startTestApp, TestApp } from '../../test/test-app';
import { generateApiKey } from '../api-keys/api-key-format';

/**
 * The `gantry` command line as an operator uses it: real child processes of the built CLI, its
 * admin process on the test app's database, and the running API over HTTP and MCP. Each test is a
 * short session; GANTRY_TEST_LOG=1 prints the transcript.
 */
describe('gantry CLI', () => {
  let app: TestApp;
  let odoo: OdooXmlRpcTestDouble;
  let session: GantrySession;
  const secrets = exampleConfigSecrets();
  const betaKey = generateApiKey();
  let betaFile: string;

  beforeAll(async () => {
    buildGantryCli();
    odoo = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'beta-db' });
    const { url } = await odoo.start();
    app = await startTestApp({ GANTRY_ADMIN_EMAIL: '', GANTRY_ADMIN_PASSWORD: '' });
    session = new GantrySession(app, { ...secrets, BETA_ODOO_KEY: SEED_API_KEYS.admin, BETA_KEY: betaKey, BETA_OWNER_PASSWORD: 'beta-owner-password' });
    betaFile = join(session.home, 'beta.toml');
    writeFileSync(
      betaFile,
      [
        'version = 1',
        '[[users]]',
        'email = "bea@beta.example"',
        'name = "Bea"',
        'password_env = "BETA_OWNER_PASSWORD"',
        '[teams.beta]',
        'name = "Beta"',
        'owner = "bea@beta.example"',
        '[teams.beta.odoo]',
        'name = "Beta Odoo"',
        `url = "${url}"`,
        'database = "beta-db"',
        'login = "admin"',
        'secret_env = "BETA_ODOO_KEY"',
        '[teams.beta.api_keys.agent]',
        'owner = "bea@beta.example"',
        'scopes = ["query", "read", "schema", "audit", "workspaces"]',
        'key_env = "BETA_KEY"',
      ].join('\n'),
    );
  }, 600_000);
  afterAll(async () => {
    await app?.close();
    await odoo?.stop();
  });

  async function dump(): Promise<string> {
    const collections = await app.db.listCollections().toArray();
    return (await Promise.all(collections.map(async ({ name }) => JSON.stringify(await app.db.collection(name).find().toArray())))).join('\n');
  }

  it('config apply: the example file twice, the second run changes nothing', async () => {
    const first = await session.run(['config', 'apply', EXAMPLE_CONFIG_FILE]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ create    user            users[0] olivia@acme.example');
    expect(first.stdout).toContain('      key: (secret) set');
    expect(first.stdout).toContain('      mcpPolicy.rateLimits: {"callsPerMinute":600,"writesPerMinute":120} → {"callsPerMinute":300,"writesPerMinute":60}');
    expect(first.stdout).toMatch(/^11 changed \(11 created, 0 updated, 0 deleted\), 0 unchanged$/m);

    const second = await session.run(['config', 'apply', EXAMPLE_CONFIG_FILE]);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toMatch(/^0 changed \(0 created, 0 updated, 0 deleted\), 11 unchanged$/m);

    const json = await session.run(['config', 'apply', EXAMPLE_CONFIG_FILE, '--json']);
    expect(JSON.parse(json.stdout).summary).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 11, changed: 0 });
    for (const value of Object.values(secrets)) expect(first.stdout + second.stdout + json.stdout).not.toContain(value);
  });

  it('config diff: shows what would change, secrets as changed only, and writes nothing', async () => {
    const before = await dump();
    const diff = await session.run(['config', 'diff', EXAMPLE_CONFIG_FILE], {
      ACME_GITHUB_TOKEN: 'ghp_rotated-token-value',
      ACME_MAX_PASSWORD: 'whatever-else-1',
    });
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('~ update    git_credential  teams.acme.workspaces.git_credentials.addons\n      token: (secret) changed');
    expect(diff.stdout).toMatch(/^1 to change \(0 created, 1 updated, 0 deleted\), 10 unchanged — dry run, nothing written$/m);
    expect(diff.stdout + diff.stderr).not.toContain('ghp_rotated-token-value');
    expect(await dump()).toBe(before);
  });

  it('config apply --prune removes only what the file stopped mentioning', async () => {
    const trimmed = join(session.home, 'trimmed.toml');
    writeFileSync(
      trimmed,
      readFileSync(EXAMPLE_CONFIG_FILE, 'utf8').replace(/\[teams\.acme\.oauth_clients\.reports-portal\][\s\S]*?(?=\n# Workspace settings)/, ''),
    );
    expect((await session.run(['config', 'apply', trimmed])).stdout).toMatch(/^0 changed/m);
    const pruned = await session.run(['config', 'apply', trimmed, '--prune']);
    expect(pruned.stdout).toContain('- delete    oauth_client    teams.acme.oauth_clients.reports-portal');
    expect(pruned.stdout).toMatch(/^1 changed \(0 created, 0 updated, 1 deleted\)/m);
    expect((await session.run(['config', 'apply', EXAMPLE_CONFIG_FILE])).stdout).toMatch(/^1 changed \(1 created/m);
  });

  it('config errors: line and key on stderr, exit 1; a wrong command line exits 2', async () => {
    const broken = join(session.home, 'broken.toml');
    writeFileSync(broken, readFileSync(EXAMPLE_CONFIG_FILE, 'utf8').replace('approvals = "off"', 'approvals = "sometimes"'));
    const invalid = await session.run(['config', 'apply', broken]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toContain('gantry: broken.toml: cannot be applied\n  line 46: teams.acme.policy.approvals: ');
    expect(invalid.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const json = await session.run(['config', 'apply', broken, '--json']);
    expect(JSON.parse(json.stderr).error).toMatchObject({ code: 'CONFIG_INVALID', problems: [{ line: 46, key: 'teams.acme.policy.approvals' }] });
    const missing = await session.run(['config', 'apply', EXAMPLE_CONFIG_FILE], { ACME_ODOO_API_KEY: '' });
    expect(missing).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('line 60: teams.acme.odoo.secret_env: the environment variable ACME_ODOO_API_KEY is not set'),
    });
    expect((await session.run(['config', 'apply'])).code).toBe(2);
    expect((await session.run(['config', 'frobnicate'])).code).toBe(2);
    expect((await session.run(['connect', 'notepad'])).code).toBe(2);
  });

  it('users create: the password from an environment variable, never the command line', async () => {
    const created = await session.run(['users', 'create', '--email', 'carol@acme.example', '--name', 'Carol'], { GANTRY_USER_PASSWORD: 'carol-password-1' });
    expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created carol@acme\.example \([a-f0-9]{24}\)/) });
    await login(app, 'carol@acme.example', 'carol-password-1');
    const again = await session.run(['users', 'create', '--email', 'carol@acme.example', '--name', 'Carol', '--json'], {
      GANTRY_USER_PASSWORD: 'other-password-2',
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ email: 'carol@acme.example', created: false });
    const noPassword = await session.run(['users', 'create', '--email', 'dan@acme.example', '--name', 'Dan']);
    expect(noPassword).toMatchObject({ code: 2, stderr: 'gantry: set GANTRY_USER_PASSWORD (there is no terminal to ask on)\n' });
  });

  it('teams list and keys create|list|revoke|generate with the API', async () => {
    const teams = await session.run(['teams', 'list'], { GANTRY_API_KEY: secrets.ACME_CI_API_KEY });
    expect(teams.code).toBe(0);
    expect(teams.stdout).toMatch(/^SLUG\s+NAME\s+ROLE\s+ID\n(acme)\s+Acme\s+owner\s+[a-f0-9]{24}$/m);

    const created = await session.run(['keys', 'create', '--name', 'laptop', '--scopes', 'query,read,admin', '--json'], {
      GANTRY_EMAIL: 'olivia@acme.example',
      GANTRY_PASSWORD: secrets.ACME_OWNER_PASSWORD,
    });
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({ name: 'laptop', scopes: ['query', 'read', 'admin'], secret: expect.stringMatching(/^gnt_live_/) });

    const listed = await session.run(['keys', 'list'], { GANTRY_API_KEY: key.secret });
    expect(listed.stdout).toMatch(/laptop\s+gnt_live_\w{8}\s+query,read,admin\s+olivia@acme\.example/);
    expect(listed.stdout).toMatch(/ci-reports\s+gnt_live_\w{8}\s+query,read,schema\s+olivia@acme\.example/);
    expect(listed.stdout).not.toContain(key.secret);
    const revoked = await session.run(['keys', 'revoke', key.id], { GANTRY_API_KEY: key.secret });
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked ${key.id}\n` });
    const refused = await session.run(['keys', 'list'], { GANTRY_API_KEY: key.secret });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('[UNAUTHENTICATED, HTTP 401]') });
    expect((await session.run(['keys', 'list'])).code).toBe(2);

    const generated = await session.run(['keys', 'generate']);
    expect(generated.stdout).toMatch(/^gnt_live_[0-9A-Za-z]{43}\n$/);
  });

  it('call: an MCP tool through the SDK client with the static key of the file', async () => {
    expect((await session.run(['config', 'apply', betaFile])).code).toBe(0);
    const counted = await session.run(['call', 'count_records', '--json', '{"model":"res.partner"}'], { GANTRY_API_KEY: betaKey });
    expect(counted.code).toBe(0);
    expect(JSON.parse(counted.stdout)).toEqual({ model: 'res.partner', count: expect.any(Number) });
    const refused = await session.run(['call', 'delete_record', '--json', '{"model":"res.partner","id":1}'], { GANTRY_API_KEY: betaKey });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^gantry: /);
    expect((await session.run(['call', 'count_records', '--json', '{not json'], { GANTRY_API_KEY: betaKey })).code).toBe(2);
  });

  it('connect: writes a client file, merging with the servers already there; prints others with the key masked', async () => {
    const cursorFile = join(session.home, 'cursor-mcp.json');
    writeFileSync(cursorFile, JSON.stringify({ mcpServers: { github: { url: 'https://api.githubcopilot.com/mcp/' } }, theme: 'dark' }, null, 2));
    const written = await session.run(['connect', 'cursor', '--write', cursorFile], { GANTRY_API_KEY: betaKey });
    expect(written).toMatchObject({ code: 0, stdout: `wrote server "gantry" (API key) to ${cursorFile}; kept github\n` });
    expect(JSON.parse(readFileSync(cursorFile, 'utf8'))).toEqual({
      mcpServers: {
        github: { url: 'https://api.githubcopilot.com/mcp/' },
        gantry: { url: `${app.baseUrl}/mcp`, headers: { Authorization: `Bearer ${betaKey}` } },
      },
      theme: 'dark',
    });

    const vscodeFile = join(session.home, '.vscode/mcp.json');
    expect((await session.run(['connect', 'vscode', '--write'], { GANTRY_API_KEY: betaKey })).code).toBe(0);
    expect(JSON.parse(readFileSync(vscodeFile, 'utf8')).servers.gantry).toEqual({
      type: 'http',
      url: `${app.baseUrl}/mcp`,
      headers: { Authorization: `Bearer ${betaKey}` },
    });
    expect(statSync(vscodeFile).mode & 0o077).toBe(0);

    const printed = await session.run(['connect', 'vscode'], { GANTRY_API_KEY: betaKey });
    expect(printed.stdout).toContain(`"Authorization": "Bearer ${betaKey.slice(0, 17)}…"`);
    expect(printed.stdout).not.toContain(betaKey);
    const claudeCode = await session.run(['connect', 'claude-code', '--oauth']);
    expect(claudeCode.stdout).toBe(`claude mcp add --transport http gantry ${app.baseUrl}/mcp\nthen /mcp › Authenticate\n`);
    const desktop = await session.run(['connect', 'claude-desktop', '--write', join(session.home, 'claude.json')]);
    expect(desktop).toMatchObject({ code: 2, stderr: expect.stringContaining('Settings › Connectors › Add custom connector') });
    const wrongKey = await session.run(['connect', 'cursor'], { GANTRY_API_KEY: generateApiKey() });
    expect(wrongKey.code).toBe(1);
  });

  it('audit export with a key, and audit purge (asks first; --yes without a terminal)', async () => {
    const exported = await session.run(['audit', 'export'], { GANTRY_API_KEY: betaKey });
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\n')[0]).toBe('time,tool,model,status,durationMs,userEmail,credentialType,credentialId,errorCode,errorMessage');
    expect(exported.stdout).toContain(',count_records,res.partner,success,');

    const old = new Date('2020-01-01T00:00:00Z');
    const team = await app.db.collection('teams').findOne({ slug: 'beta' });
    await app.db.collection('audit_logs').insertMany(
      [1, 2, 3].map(() => ({
        teamId: team!._id,
        time: old,
        expiresAt: new Date(old.getTime() + 86_400_000),
        tool: 'search_records',
        status: 'success',
        userId: new mongoose.Types.ObjectId(),
      })),
    );
    const unconfirmed = await session.run(['audit', 'purge', '--before', '2021-01-01']);
    expect(unconfirmed).toMatchObject({ code: 2, stderr: expect.stringContaining('add --yes') });
    const purged = await session.run(['audit', 'purge', '--before', '2021-01-01', '--team', 'beta', '--yes']);
    expect(purged).toMatchObject({ code: 0, stdout: 'deleted 3 audit record(s) older than 2021-01-01T00:00:00.000Z in beta\n' });
    expect(await app.db.collection('audit_logs').countDocuments({ time: old })).toBe(0);
    expect((await session.run(['audit', 'purge', '--expired', '--yes'])).stdout).toBe('no audit records past their retention\n');
    expect((await session.run(['audit', 'purge'])).code).toBe(2);
  });

  it('workspaces list: a thin REST call, its refusal reported with the API’s code', async () => {
    const listed = await session.run(['workspaces', 'list'], { GANTRY_API_KEY: betaKey });
    if (listed.code === 0) expect(listed.stdout).toMatch(/^NAME\s+STATUS/);
    else expect(listed).toMatchObject({ code: 1, stderr: expect.stringContaining('WORKSPACES_UNAVAILABLE') });
  });

  it('vault rotate: re-encrypts under the new key, and a second run has nothing left to do', async () => {
    const oldKey = app.config.ENCRYPTION_KEY;
    const rotation = { ENCRYPTION_KEY: randomBytes(32).toString('hex'), ENCRYPTION_KEYS_PREVIOUS: oldKey };
    const first = await session.run(['vault', 'rotate', '--json'], rotation);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.rotated).toBeGreaterThan(0);
    expect(report.failed).toEqual([]);
    const second = await session.run(['vault', 'rotate'], rotation);
    expect(second.stdout).toMatch(/re-encrypted 0, already current \d+, changed meanwhile 0, failed 0/);
    // The file still applies under the new key: every stored secret decrypts and compares equal.
    expect((await session.run(['config', 'apply', EXAMPLE_CONFIG_FILE], rotation)).stdout).toMatch(/^0 changed/m);
    if (process.env.GANTRY_TEST_LOG) console.log(session.transcript.join('\n'));
  });

  it('the API still answers the members the file made (a sanity check of the shared database)', async () => {
    const owner = await login(app, 'olivia@acme.example', secrets.ACME_OWNER_PASSWORD);
    expect((await call(app, 'GET', '/api/teams', { token: owner.token })).status).toBe(200);
  });
});
