'use client';

import { imageRefSchema, type Workspace, type WorkspaceMcpToken, type WorkspacePullResult } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { ArrowLeft, Bot, Download, LayoutTemplate, RefreshCw, Repeat, TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { CodeBlock, CopyField } from '@/components/copy';
import { Field } from '@/components/forms/field';
import { FormDialogFooter } from '@/components/forms/form-dialog-footer';
import { FormError } from '@/components/forms/form-error';
import { useFormDialog } from '@/components/forms/use-form-dialog';
import { useFormError } from '@/components/forms/use-form-error';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { toast } from '@/components/ui/toast';
import { TeamScope } from '@/features/teams/team-scope';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { ApiError } from '@/lib/api-client';
import { applyApiError } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { textareaClassName } from './create-workspace-dialog';
import { WorkspaceNameDialog } from './workspace-name-dialog';
import { ExecResultView, parseModules, splitCommand, WorkspacesUnavailable, WorkspaceStatusBadge } from './workspace-parts';
import {
  inWords,
  isWorkspacesUnavailable,
  useIssueMcpToken,
  usePullWorkspace,
  useRecreateWorkspace,
  useRevokeMcpToken,
  useSaveTemplate,
  useWorkspace,
  useWorkspaceCommand,
  useWorkspaceLogs,
  workspaceErrorMessage,
  type WorkspaceCommand,
} from './workspaces-api';
import { WorkspaceActions, WorkspaceLink, WorkspaceSource } from './workspaces-table';
import { useOrigin } from '@/lib/use-origin';

export function WorkspaceDetailView({ teamId, name }: { teamId: string; name: string }) {
  return <TeamScope teamId={teamId}>{(current) => <WorkspaceDetail current={current} name={name} />}</TeamScope>;
}

function WorkspaceDetail({ current, name }: { current: CurrentTeam; name: string }) {
  const { team } = current;
  const router = useRouter();
  const workspace = useWorkspace(team.id, name);
  const listHref = `/teams/${team.id}/workspaces`;

  const back = (
    <Link
      href={listHref}
      className="inline-flex w-fit items-center gap-1 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
    >
      <ArrowLeft aria-hidden className="size-4" />
      All workspaces
    </Link>
  );

  if (workspace.isPending) return <Spinner label="Loading workspace" />;
  if (workspace.isError) {
    const error = workspace.error;
    return (
      <div className="grid gap-6">
        {back}
        {isWorkspacesUnavailable(error) ? (
          <WorkspacesUnavailable error={error} />
        ) : error instanceof ApiError && error.status === 404 ? (
          <div className="grid gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">Workspace not found</h1>
            <p className="text-muted-foreground">This team has no workspace named “{name}”. It may have been deleted.</p>
          </div>
        ) : (
          <FormError message={workspaceErrorMessage(error)} />
        )}
      </div>
    );
  }

  const ws = workspace.data;
  return (
    <div className="grid gap-8">
      <div className="grid gap-3">
        {back}
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div className="grid gap-1">
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-2xl font-semibold tracking-tight">{ws.name}</h1>
              <WorkspaceStatusBadge status={ws.status} />
            </div>
            <div className="text-sm">
              <WorkspaceLink url={ws.url} />
            </div>
          </div>
          <WorkspaceActions teamId={team.id} workspace={ws} onDeleted={() => router.push(listHref)} />
        </div>
      </div>
      <OverviewCard workspace={ws} />
      <LogsCard teamId={team.id} workspace={ws} />
      <CommandsCard teamId={team.id} workspace={ws} />
      {ws.repoUrl && <PullCard teamId={team.id} workspace={ws} />}
      <MaintenanceCard current={current} workspace={ws} />
      {current.can('workspaces.manage') && <McpTokenCard teamId={team.id} workspace={ws} />}
    </div>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid content-start gap-1">
      <dt className="text-xs font-medium tracking-wide text-muted-foreground uppercase">{label}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

function OverviewCard({ workspace }: { workspace: Workspace }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Overview</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
          <Detail label="Source">
            <WorkspaceSource workspace={workspace} />
          </Detail>
          <Detail label="Commit">
            <span className="font-mono text-xs">{workspace.commit ? workspace.commit.slice(0, 12) : '—'}</span>
          </Detail>
          <Detail label="Template">{workspace.template ?? 'Fresh database'}</Detail>
          <Detail label="Image">
            <span className="font-mono text-xs">{workspace.image}</span>
          </Detail>
          <Detail label="Database">
            <span className="font-mono text-xs">{workspace.database}</span>
          </Detail>
          <Detail label="Container">
            <span className="font-mono text-xs">{workspace.containerName}</span>
          </Detail>
          <Detail label="Port">{workspace.port ?? '—'}</Detail>
          <Detail label="Environment">
            {workspace.envKeys.length === 0 ? (
              <span className="text-muted-foreground">None</span>
            ) : (
              <span className="flex flex-wrap gap-1">
                {workspace.envKeys.map((key) => (
                  <Badge key={key} variant="outline" className="font-mono">
                    {key}
                  </Badge>
                ))}
              </span>
            )}
          </Detail>
          <Detail label="Created">{formatDateTime(workspace.createdAt)}</Detail>
          <Detail label="Last activity">{formatDateTime(workspace.lastActivityAt)}</Detail>
        </dl>
      </CardContent>
    </Card>
  );
}

const logsSchema = z.object({
  tail: z.coerce.number<string>().int().min(1, 'must be at least 1').max(5000, 'must be at most 5000'),
  grep: z.string().max(200),
});

function LogsCard({ teamId, workspace }: { teamId: string; workspace: Workspace }) {
  const [query, setQuery] = useState({ tail: 200, grep: '' });
  const logs = useWorkspaceLogs(teamId, workspace.name, query, true);
  const form = useForm({ resolver: zodResolver(logsSchema), defaultValues: { tail: '200', grep: '' } });
  const { errors } = form.formState;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Logs</CardTitle>
          <CardDescription>The container’s last lines, optionally only those containing a text.</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form
          noValidate
          aria-label="Log filters"
          className="flex flex-wrap items-end gap-3"
          onSubmit={form.handleSubmit((values) => {
            const next = { tail: values.tail, grep: values.grep.trim() };
            if (next.tail === query.tail && next.grep === query.grep) void logs.refetch();
            else setQuery(next);
          })}
        >
          <Field label="Lines" error={errors.tail?.message} className="w-28">
            {(control) => <Input {...control} type="number" min={1} max={5000} inputMode="numeric" {...form.register('tail')} />}
          </Field>
          <Field label="Containing" error={errors.grep?.message} className="min-w-48 flex-1">
            {(control) => <Input {...control} autoComplete="off" placeholder="ERROR" {...form.register('grep')} />}
          </Field>
          <Button type="submit" variant="outline" disabled={logs.isFetching}>
            <RefreshCw aria-hidden className={logs.isFetching ? 'animate-spin' : undefined} />
            {logs.isFetching ? 'Loading…' : 'Refresh'}
          </Button>
        </form>
        {logs.isPending ? (
          <Spinner label="Loading logs" />
        ) : logs.isError ? (
          <FormError message={workspaceErrorMessage(logs.error)} />
        ) : (
          <>
            <CodeBlock code={logs.data.lines.length > 0 ? logs.data.lines.join('\n') : '(no lines)'} label="Workspace logs" />
            <p className="text-xs text-muted-foreground">
              {logs.data.lines.length} line{logs.data.lines.length === 1 ? '' : 's'}
              {logs.data.truncated && ', truncated'} · fetched {formatDateTime(new Date(logs.dataUpdatedAt).toISOString())}
            </p>
          </>
        )}
      </CardContent>
    </Card>
  );
}

const SHELL_EXAMPLE = "print(env['res.users'].search_count([]))";

/** Commands need a running container: a stopped one answers WORKSPACE_NOT_RUNNING, so they are not offered. */
function CommandsCard({ teamId, workspace }: { teamId: string; workspace: Workspace }) {
  const running = workspace.status === 'running';
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Run in the workspace</CardTitle>
          <CardDescription>
            A command (no shell: arguments split on spaces, quotes keep them together), a Python snippet in Odoo’s shell, or modules to install, upgrade or
            test.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {running ? (
          <Tabs defaultValue="exec">
            <TabsList aria-label="What to run">
              <TabsTrigger value="exec">Command</TabsTrigger>
              <TabsTrigger value="shell">Odoo shell</TabsTrigger>
              <TabsTrigger value="modules">Modules</TabsTrigger>
            </TabsList>
            <TabsContent value="exec">
              <ExecForm teamId={teamId} name={workspace.name} />
            </TabsContent>
            <TabsContent value="shell">
              <ShellForm teamId={teamId} name={workspace.name} />
            </TabsContent>
            <TabsContent value="modules">
              <ModulesForm teamId={teamId} name={workspace.name} />
            </TabsContent>
          </Tabs>
        ) : (
          <p className="text-sm text-muted-foreground">Start the workspace to run commands in it.</p>
        )}
      </CardContent>
    </Card>
  );
}

/** One runner per form: its own pending state, error and last result. */
function useRunner(teamId: string, name: string) {
  const command = useWorkspaceCommand(teamId, name);
  const [error, setError] = useState('');
  const run = (input: WorkspaceCommand, onError?: (error: unknown) => string) => {
    setError('');
    command.reset();
    command.mutate(input, { onError: (failure) => setError(onError ? onError(failure) : workspaceErrorMessage(failure)) });
  };
  return { run, error, result: command.data, pending: command.isPending, kind: command.variables?.kind };
}

const execSchema = z.object({
  command: z
    .string()
    .refine((line) => splitCommand(line).length > 0, 'is required')
    .refine((line) => splitCommand(line).length <= 64, 'has more than 64 arguments'),
});

function ExecForm({ teamId, name }: { teamId: string; name: string }) {
  const runner = useRunner(teamId, name);
  const form = useForm({ resolver: zodResolver(execSchema), defaultValues: { command: '' } });
  const { errors } = form.formState;
  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={form.handleSubmit(({ command }) =>
        runner.run({ kind: 'exec', command: splitCommand(command) }, (error) => applyApiError(error, form.setError, []) && workspaceErrorMessage(error)),
      )}
    >
      <FormError message={runner.error} />
      <div className="flex flex-wrap items-start gap-3">
        <Field label="Command" error={errors.command?.message} hint="e.g. ls /mnt/extra-addons" className="min-w-64 flex-1">
          {(control) => <Input {...control} autoComplete="off" spellCheck={false} className="font-mono" {...form.register('command')} />}
        </Field>
        <Button type="submit" className="mt-[1.375rem]" disabled={runner.pending}>
          {runner.pending ? 'Running…' : 'Run'}
        </Button>
      </div>
      {runner.result && <ExecResultView result={runner.result} label="Command" />}
    </form>
  );
}

const shellSchema = z.object({
  code: z
    .string()
    .min(1, 'is required')
    .max(64 * 1024, 'is longer than 64 KB'),
});

function ShellForm({ teamId, name }: { teamId: string; name: string }) {
  const runner = useRunner(teamId, name);
  const form = useForm({ resolver: zodResolver(shellSchema), defaultValues: { code: '' } });
  const { errors } = form.formState;
  return (
    <form noValidate className="grid gap-4" onSubmit={form.handleSubmit(({ code }) => runner.run({ kind: 'shell', code }))}>
      <FormError message={runner.error} />
      <Field label="Python snippet" error={errors.code?.message} hint={`Runs with env bound to the workspace database, e.g. ${SHELL_EXAMPLE}`}>
        {(control) => <textarea {...control} rows={5} spellCheck={false} className={textareaClassName} {...form.register('code')} />}
      </Field>
      <div>
        <Button type="submit" disabled={runner.pending}>
          {runner.pending ? 'Running…' : 'Run snippet'}
        </Button>
      </div>
      {runner.result && <ExecResultView result={runner.result} label="Odoo shell" />}
    </form>
  );
}

const modulesSchema = z.object({
  modules: z.string().superRefine((text, ctx) => {
    const modules = parseModules(text);
    if (modules.length === 0) return void ctx.addIssue({ code: 'custom', message: 'is required' });
    const bad = modules.find((module) => !/^[a-z0-9_]{1,64}$/.test(module));
    if (bad) ctx.addIssue({ code: 'custom', message: `“${bad}” is not an Odoo module name (lower-case letters, digits, underscores)` });
    else if (modules.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 modules' });
  }),
});

const MODULE_ACTIONS = [
  { kind: 'install', label: 'Install', pending: 'Installing…', result: 'Install' },
  { kind: 'upgrade', label: 'Upgrade', pending: 'Upgrading…', result: 'Upgrade' },
  { kind: 'test', label: 'Run tests', pending: 'Testing…', result: 'Tests' },
] as const;

function ModulesForm({ teamId, name }: { teamId: string; name: string }) {
  const runner = useRunner(teamId, name);
  const form = useForm({ resolver: zodResolver(modulesSchema), defaultValues: { modules: '' } });
  const { errors } = form.formState;
  const submit = (kind: 'install' | 'upgrade' | 'test') => form.handleSubmit(({ modules }) => runner.run({ kind, modules: parseModules(modules) }));
  const resultLabel = MODULE_ACTIONS.find((action) => action.kind === runner.kind)?.result ?? 'Modules';
  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void submit('install')(event)}>
      <FormError message={runner.error} />
      <Field label="Modules" error={errors.modules?.message} hint="Separated by commas or spaces. Install and upgrade restart the server afterwards.">
        {(control) => (
          <Input
            {...control}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            placeholder="sale_management, my_module"
            {...form.register('modules')}
          />
        )}
      </Field>
      <div className="flex flex-wrap gap-2">
        {MODULE_ACTIONS.map((action) => (
          <Button
            key={action.kind}
            type={action.kind === 'install' ? 'submit' : 'button'}
            variant={action.kind === 'install' ? 'default' : 'outline'}
            disabled={runner.pending}
            onClick={action.kind === 'install' ? undefined : (event) => void submit(action.kind)(event)}
          >
            {runner.pending && runner.kind === action.kind ? action.pending : action.label}
          </Button>
        ))}
      </div>
      {runner.result && <ExecResultView result={runner.result} label={resultLabel} />}
    </form>
  );
}

const PULL_ACTION_WORDS: Record<WorkspacePullResult['action'], string> = {
  install: 'New modules were installed',
  upgrade: 'Changed modules were upgraded',
  restart: 'Only code changed: the server was restarted',
  nothing: 'Nothing to apply',
};

function PullCard({ teamId, workspace }: { teamId: string; workspace: Workspace }) {
  const pull = usePullWorkspace(teamId, workspace.name);
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Pull and apply</CardTitle>
          <CardDescription>
            Fetches <span className="font-mono">{workspace.branch ?? 'the default branch'}</span> and applies what changed: install new modules, upgrade changed
            ones, restart for code-only changes.
          </CardDescription>
        </div>
        <Button variant="outline" disabled={pull.isPending} onClick={() => pull.mutate()}>
          <Download aria-hidden />
          {pull.isPending ? 'Pulling…' : 'Pull and apply'}
        </Button>
      </CardHeader>
      {(pull.isError || pull.data) && (
        <CardContent className="grid gap-4">
          {pull.isError && <FormError message={workspaceErrorMessage(pull.error)} />}
          {pull.data && <PullReport report={pull.data} />}
        </CardContent>
      )}
    </Card>
  );
}

function PullReport({ report }: { report: WorkspacePullResult }) {
  return (
    <div className="grid gap-4" role="status" aria-label="Pull report">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant="outline">{report.action}</Badge>
        <span className="font-medium">{PULL_ACTION_WORDS[report.action]}</span>
        <span className="font-mono text-xs text-muted-foreground">
          {report.from ? report.from.slice(0, 12) : '(none)'} → {report.to.slice(0, 12)}
        </span>
      </div>
      <dl className="grid gap-4 sm:grid-cols-3">
        <Detail label="Changed files">{report.changedFiles.length}</Detail>
        <Detail label="Installed">{report.installed.length > 0 ? report.installed.join(', ') : '—'}</Detail>
        <Detail label="Upgraded">{report.upgraded.length > 0 ? report.upgraded.join(', ') : '—'}</Detail>
      </dl>
      {report.changedFiles.length > 0 && <CodeBlock code={report.changedFiles.join('\n')} label="Changed files" />}
      {report.result && <ExecResultView result={report.result} label="Apply" />}
    </div>
  );
}

/** Recreate (every member) and save as template (owners and admins). */
function MaintenanceCard({ current, workspace }: { current: CurrentTeam; workspace: Workspace }) {
  const { team, can } = current;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Maintenance</CardTitle>
          <CardDescription>
            Recreate the container (optionally on another image) keeping its database, filestore and sources
            {can('workspaces.manage') ? ', or save its database and filestore as a template for new workspaces.' : '.'}
          </CardDescription>
        </div>
        <div className="flex flex-wrap gap-2">
          <RecreateDialog teamId={team.id} workspace={workspace} />
          {can('workspaces.manage') && <SaveTemplateDialog teamId={team.id} workspace={workspace} />}
        </div>
      </CardHeader>
    </Card>
  );
}

const recreateSchema = z.object({ image: z.union([z.literal(''), imageRefSchema]) });

function RecreateDialog({ teamId, workspace }: { teamId: string; workspace: Workspace }) {
  const recreate = useRecreateWorkspace(teamId, workspace.name);
  const form = useForm({ resolver: zodResolver(recreateSchema), defaultValues: { image: '' } });
  const formError = useFormError(form.setError, ['image'], workspaceErrorMessage);
  const dialog = useFormDialog({
    locked: recreate.isPending,
    onClose: () => {
      formError.clear();
      form.reset();
    },
  });
  const { errors } = form.formState;
  return (
    <Dialog {...dialog.props}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Repeat aria-hidden />
          Recreate
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Recreate “{workspace.name}”</DialogTitle>
          <DialogDescription>A new container replaces the current one. The database, filestore and sources are kept.</DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="grid gap-5"
          onSubmit={form.handleSubmit(({ image }) => {
            formError.clear();
            recreate.mutate(image || undefined, {
              onSuccess: (updated) => {
                toast(`Workspace “${updated.name}” recreated`);
                dialog.close();
              },
              onError: formError.onError,
            });
          })}
        >
          <FormError message={formError.message} />
          <Field label="Image (optional)" error={errors.image?.message} hint={`Currently ${workspace.image}. Leave empty to keep it.`}>
            {(control) => <Input {...control} autoComplete="off" {...form.register('image')} />}
          </Field>
          <FormDialogFooter pending={recreate.isPending} submitLabel="Recreate" pendingLabel="Recreating…" lockWhilePending />
        </form>
      </DialogContent>
    </Dialog>
  );
}

function SaveTemplateDialog({ teamId, workspace }: { teamId: string; workspace: Workspace }) {
  const save = useSaveTemplate(teamId);
  return (
    <WorkspaceNameDialog
      trigger={
        <Button variant="outline">
          <LayoutTemplate aria-hidden />
          Save as template
        </Button>
      }
      title={`Save “${workspace.name}” as a template`}
      description="The workspace is stopped while its database is copied, then started again."
      label="Template name"
      defaultName={`${workspace.name}-tpl`.slice(0, 30)}
      submitLabel="Save template"
      pendingLabel="Saving…"
      pending={save.isPending}
      lockWhilePending
      resetOnClose={false}
      onSubmit={async (name) => {
        const template = await save.mutateAsync({ name, fromWorkspace: workspace.name });
        toast(`Template “${template.name}” saved`);
      }}
    />
  );
}

/** Owners and admins only (workspaces.manage): a token that reaches this one workspace's MCP endpoint. */
function McpTokenCard({ teamId, workspace }: { teamId: string; workspace: Workspace }) {
  const origin = useOrigin();
  const issue = useIssueMcpToken(teamId, workspace.name);
  const revoke = useRevokeMcpToken(teamId, workspace.name);
  const [issued, setIssued] = useState<WorkspaceMcpToken | null>(null);
  const [error, setError] = useState('');
  const endpoint = `${origin ?? ''}/mcp/workspaces/${workspace.id}`;
  const create = () => {
    setError('');
    issue.mutate(undefined, { onSuccess: setIssued, onError: (failure) => setError(workspaceErrorMessage(failure)) });
  };

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Workspace MCP token</CardTitle>
          <CardDescription>
            Lets an AI agent drive only this workspace through its own MCP endpoint. {workspace.mcpTokenSet ? 'A token is set.' : 'No token is set.'}
          </CardDescription>
        </div>
        <div className="flex flex-wrap gap-2">
          {workspace.mcpTokenSet ? (
            <>
              <ConfirmDialog
                trigger={
                  <Button variant="outline">
                    <RefreshCw aria-hidden />
                    Rotate token
                  </Button>
                }
                title="Rotate the workspace token?"
                description="A new token replaces the current one, which stops working at once."
                confirmLabel="Rotate token"
                pendingLabel="Rotating…"
                destructive={false}
                onConfirm={async () => setIssued(await issue.mutateAsync().catch((failure: unknown) => Promise.reject(inWords(failure))))}
              />
              <ConfirmDialog
                trigger={<Button variant="outline">Revoke token</Button>}
                title="Revoke the workspace token?"
                description="Agents using it lose access to this workspace on their next request."
                confirmLabel="Revoke token"
                pendingLabel="Revoking…"
                onConfirm={async () => {
                  await revoke.mutateAsync().catch((failure: unknown) => Promise.reject(inWords(failure)));
                  setIssued(null);
                  toast('Workspace MCP token revoked');
                }}
              />
            </>
          ) : (
            <Button variant="outline" disabled={issue.isPending} onClick={create}>
              <Bot aria-hidden />
              {issue.isPending ? 'Creating…' : 'Create token'}
            </Button>
          )}
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        <FormError message={error} />
        <CopyField label="MCP endpoint" value={endpoint} copyLabel="Copy endpoint" what="URL" />
        {issued && (
          <div className="grid gap-4">
            <Alert variant="warning">
              <TriangleAlert aria-hidden />
              <AlertTitle>Copy the token now: it is shown only once</AlertTitle>
              <AlertDescription>Gantry keeps only a hash of it. Send it as Authorization: Bearer … to the endpoint above.</AlertDescription>
            </Alert>
            <CopyField label="Workspace token" value={issued.token} copyLabel="Copy token" what="token" />
            <Button variant="outline" className="w-fit" onClick={() => setIssued(null)}>
              I have copied it
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
