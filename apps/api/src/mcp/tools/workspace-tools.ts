import { gitBranchSchema, gitRepoUrlSchema, imageRefSchema, odooModuleListSchema, Workspace, workspaceEnvSchema, workspaceNameSchema } from '@gantry/contracts';
import { z } from 'zod';
import { McpCaller } from '../mcp-caller';
import { toWorkspaceCaller } from '../../workspaces/workspaces.service';
import { ToolFailure } from '../tool-failure';
import { defineTool, ToolContext, ToolDefinition } from './tool-definition';

/**
 * Workspace tools (scope `workspaces`): disposable Odoo dev environments of the caller's team.
 * On /mcp/workspaces/<id> the caller is bound to one workspace: `name` may be left out, and any
 * other name is refused; creating, deleting and listing other workspaces is not offered there.
 */
const nameArg = workspaceNameSchema
  .optional()
  .describe('The workspace name (lower-case letters, digits, hyphens). On a workspace-scoped endpoint it defaults to that workspace.');
const modulesArg = odooModuleListSchema.describe('Technical Odoo module names, e.g. ["sale", "my_module"]');

function targetName(caller: McpCaller, name: string | undefined): string {
  if (caller.workspace) {
    if (name !== undefined && name !== caller.workspace.name) {
      throw new ToolFailure('FORBIDDEN', `This endpoint is bound to workspace "${caller.workspace.name}"; it cannot reach "${name}".`);
    }
    return caller.workspace.name;
  }
  if (!name) throw new ToolFailure('INVALID_ARGUMENTS', 'name is required: the workspace to act on (see list_workspaces).');
  return name;
}

function services(context: ToolContext) {
  if (!context.workspaces) throw new ToolFailure('WORKSPACES_UNAVAILABLE', 'Workspaces are not available on this server.');
  return context.workspaces;
}

function summary(workspace: Workspace) {
  const { id, name, status, url, image, repoUrl, branch, commit, template, database, createdAt, lastActivityAt } = workspace;
  return { id, name, status, url, image, repoUrl, branch, commit, template, database, createdAt, lastActivityAt };
}

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
const CHANGE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;

export const listWorkspaces = defineTool({
  name: 'list_workspaces',
  title: 'List workspaces',
  description: "The team's Odoo workspaces (dev environments) with status and URL, plus containers that carry Gantry's labels but no record (orphans).",
  permission: 'workspaces.read',
  effect: 'read',
  annotations: READ,
  input: {},
  async run(context) {
    const caller = context.caller;
    const list = await services(context).list(toWorkspaceCaller(caller));
    const workspaces = list.workspaces.filter((workspace) => !caller.workspace || workspace.name === caller.workspace.name).map(summary);
    return { workspaces, orphans: caller.workspace ? [] : list.orphans };
  },
});

export const getWorkspace = defineTool({
  name: 'get_workspace',
  title: 'Get a workspace',
  description: 'One workspace in full: status, URL, image, repository, branch and commit, template, database name.',
  permission: 'workspaces.read',
  effect: 'read',
  annotations: READ,
  input: { name: nameArg },
  async run(context, args) {
    return { workspace: await services(context).info(toWorkspaceCaller(context.caller), targetName(context.caller, args.name)) };
  },
});

/** Below the ~60 s after which MCP clients (the SDK's default) give up on a call. */
const CREATE_WAIT_S = 40;

export const createWorkspace = defineTool({
  name: 'create_workspace',
  title: 'Create a workspace',
  description:
    'Creates a running Odoo for one branch of one repository, with its own database and filestore: from a template (fast, a copy of its database) ' +
    'or fresh (-i base plus `modules`). repoUrl must be https without credentials; private repositories use a git credential stored in the dashboard. ' +
    'Answers within `wait` seconds: if the workspace is not running by then (a fresh one on a real Odoo image can take minutes), the answer has done=false ' +
    'and the creation goes on; call get_workspace until its status is running (a failed creation then answers NOT_FOUND with the reason).',
  permission: 'workspaces.use',
  effect: 'create',
  annotations: CHANGE,
  input: {
    name: workspaceNameSchema.describe('New workspace name: 1-30 lower-case letters, digits and single hyphens'),
    repoUrl: gitRepoUrlSchema.optional().describe('https URL of the git repository with the addons, e.g. https://github.com/acme/odoo-addons'),
    branch: gitBranchSchema.optional().describe('Branch to check out (default main)'),
    gitCredentialId: z
      .string()
      .regex(/^[a-f0-9]{24}$/)
      .optional()
      .describe('Id of a stored git credential for a private repository'),
    template: workspaceNameSchema.optional().describe('Template to create from (see the dashboard); omit for a fresh database'),
    image: imageRefSchema.optional().describe('Odoo image; omit for the server default'),
    modules: odooModuleListSchema.optional().describe('Modules to install after creation'),
    env: workspaceEnvSchema.optional().describe('Extra environment variables for the Odoo container'),
    wait: z
      .number()
      .int()
      .min(0)
      .max(50)
      .optional()
      .describe(`Seconds to wait for the workspace to run before answering (default ${CREATE_WAIT_S}; clients give up on a call after about 60)`),
  },
  async run(context, args) {
    if (context.caller.workspace) throw new ToolFailure('FORBIDDEN', 'A workspace-scoped endpoint cannot create workspaces.');
    if (!args.repoUrl && (args.branch || args.gitCredentialId)) throw new ToolFailure('INVALID_ARGUMENTS', 'branch and gitCredentialId need a repoUrl');
    const { wait, ...input } = args;
    const { workspace, done } = await services(context).createWithin(toWorkspaceCaller(context.caller), input, (wait ?? CREATE_WAIT_S) * 1000);
    if (done) return { workspace: summary(workspace), done };
    return { workspace: summary(workspace), done, next: `Still creating. Call get_workspace with name "${workspace.name}" until its status is running.` };
  },
});

function lifecycle(name: 'start_workspace' | 'stop_workspace' | 'restart_workspace', title: string, description: string, action: 'start' | 'stop' | 'restart') {
  return defineTool({
    name,
    title,
    description,
    permission: 'workspaces.use',
    effect: 'write',
    annotations: { ...CHANGE, idempotentHint: true },
    input: { name: nameArg },
    async run(context, args) {
      return { workspace: summary(await services(context)[action](toWorkspaceCaller(context.caller), targetName(context.caller, args.name))) };
    },
  });
}

export const startWorkspace = lifecycle('start_workspace', 'Start a workspace', 'Starts a stopped workspace and waits until Odoo answers.', 'start');
export const stopWorkspace = lifecycle('stop_workspace', 'Stop a workspace', 'Stops a workspace; its database and filestore are kept.', 'stop');
export const restartWorkspace = lifecycle(
  'restart_workspace',
  'Restart a workspace',
  'Restarts the Odoo container and waits until Odoo answers again.',
  'restart',
);

export const deleteWorkspace = defineTool({
  name: 'delete_workspace',
  title: 'Delete a workspace',
  description: 'Deletes the workspace for good: its container, volumes, database and database role. Cannot be undone.',
  permission: 'workspaces.use',
  effect: 'delete',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: { name: workspaceNameSchema.describe('The workspace to delete') },
  async run(context, args) {
    if (context.caller.workspace) throw new ToolFailure('FORBIDDEN', 'A workspace-scoped endpoint cannot delete workspaces.');
    await services(context).delete(toWorkspaceCaller(context.caller), args.name);
    return { deleted: args.name };
  },
});

export const workspaceLogs = defineTool({
  name: 'workspace_logs',
  title: 'Read workspace logs',
  description: "The last lines of the workspace's Odoo log, optionally only lines containing `grep` (plain text, case-sensitive).",
  permission: 'workspaces.read',
  effect: 'read',
  annotations: READ,
  input: {
    name: nameArg,
    tail: z.number().int().min(1).max(5000).default(200).describe('How many of the last lines to read (default 200)'),
    grep: z.string().max(200).optional().describe('Keep only lines containing this text'),
  },
  async run(context, args) {
    return {
      ...(await services(context).logs(toWorkspaceCaller(context.caller), targetName(context.caller, args.name), { tail: args.tail, grep: args.grep })),
    };
  },
});

export const workspaceExec = defineTool({
  name: 'workspace_exec',
  title: 'Run a command in a workspace',
  description: 'Runs a command (argv list, no shell) in the Odoo container and returns its exit code and output (bounded).',
  permission: 'workspaces.exec',
  effect: 'execute',
  annotations: { ...CHANGE, openWorldHint: true },
  input: {
    name: nameArg,
    command: z.array(z.string().max(4096)).min(1).max(64).describe('The command and its arguments, e.g. ["ls", "-la", "/mnt/extra-addons"]'),
    timeoutSeconds: z.number().int().min(1).max(600).default(60),
  },
  async run(context, args) {
    return {
      ...(await services(context).exec(toWorkspaceCaller(context.caller), targetName(context.caller, args.name), {
        command: args.command,
        timeoutSeconds: args.timeoutSeconds,
      })),
    };
  },
});

export const workspaceOdooShell = defineTool({
  name: 'workspace_odoo_shell',
  title: 'Run Python in the Odoo shell',
  description: 'Runs a Python snippet in `odoo shell` against the workspace database (env is available), and returns the output.',
  permission: 'workspaces.exec',
  effect: 'execute',
  annotations: { ...CHANGE, openWorldHint: true },
  input: {
    name: nameArg,
    code: z
      .string()
      .min(1)
      .max(64 * 1024)
      .describe("Python code, e.g. print(env['res.partner'].search_count([]))"),
    timeoutSeconds: z.number().int().min(1).max(600).default(60),
  },
  async run(context, args) {
    return {
      ...(await services(context).shell(toWorkspaceCaller(context.caller), targetName(context.caller, args.name), {
        code: args.code,
        timeoutSeconds: args.timeoutSeconds,
      })),
    };
  },
});

function moduleTool(
  name: 'install_modules' | 'upgrade_modules' | 'run_module_tests',
  title: string,
  description: string,
  action: 'install' | 'upgrade' | 'test',
) {
  return defineTool({
    name,
    title,
    description,
    permission: 'workspaces.use',
    effect: 'write',
    annotations: CHANGE,
    input: { name: nameArg, modules: modulesArg },
    async run(context, args) {
      return { ...(await services(context)[action](toWorkspaceCaller(context.caller), targetName(context.caller, args.name), args.modules)) };
    },
  });
}

export const installModules = moduleTool(
  'install_modules',
  'Install modules',
  'Installs Odoo modules in the workspace database (odoo -i … --stop-after-init), then restarts Odoo.',
  'install',
);
export const upgradeModules = moduleTool(
  'upgrade_modules',
  'Upgrade modules',
  'Upgrades Odoo modules in the workspace database (odoo -u … --stop-after-init), then restarts Odoo.',
  'upgrade',
);
export const runModuleTests = moduleTool(
  'run_module_tests',
  'Run module tests',
  "Runs the modules' tests (--test-enable) and returns the exit code and output.",
  'test',
);

export const pullAndApply = defineTool({
  name: 'pull_and_apply',
  title: 'Pull the branch and apply it',
  description:
    'Fetches the branch and resets the checkout to it, maps the changed files to modules (nearest __manifest__.py), then does what is needed: ' +
    'install new modules, else upgrade changed ones, else restart for Python changes, else nothing. Reports what changed and what was done.',
  permission: 'workspaces.use',
  effect: 'write',
  annotations: CHANGE,
  input: { name: nameArg },
  async run(context, args) {
    return { ...(await services(context).pullAndApply(toWorkspaceCaller(context.caller), targetName(context.caller, args.name))) };
  },
});

export const WORKSPACE_TOOLS: readonly ToolDefinition[] = [
  listWorkspaces,
  getWorkspace,
  createWorkspace,
  startWorkspace,
  stopWorkspace,
  restartWorkspace,
  deleteWorkspace,
  workspaceLogs,
  workspaceExec,
  workspaceOdooShell,
  installModules,
  upgradeModules,
  runModuleTests,
  pullAndApply,
] as unknown as ToolDefinition[];

/** Offered on /mcp/workspaces/<id>: everything that acts on the one bound workspace. */
export const BOUND_WORKSPACE_TOOLS = new Set([
  'list_workspaces',
  'get_workspace',
  'start_workspace',
  'stop_workspace',
  'restart_workspace',
  'workspace_logs',
  'workspace_exec',
  'workspace_odoo_shell',
  'install_modules',
  'upgrade_modules',
  'run_module_tests',
  'pull_and_apply',
]);
