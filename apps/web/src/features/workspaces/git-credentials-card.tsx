'use client';

import { gitCredentialInputSchema, gitRepoUrlSchema, type GitCredential, type GitCredentialInput, type GitCredentialValidation } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { createColumnHelper } from '@tanstack/react-table';
import { GitBranch, Plus, ShieldCheck, Trash2 } from 'lucide-react';
import { useMemo } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { actionsColumn, DataTable, useDataTable, type DataTableFeatures } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
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
import type { CurrentTeam } from '@/features/teams/teams-api';
import { formatDate, formatDateTime } from '@/lib/format';
import { ActionButtons, NoValue, WorkspacesLoadError } from './workspace-parts';
import { inWords, useCreateGitCredential, useDeleteGitCredential, useGitCredentials, useValidateGitCredential, workspaceErrorMessage } from './workspaces-api';

const STATUS_LABELS: Record<GitCredential['status'], string> = { untested: 'Not checked', valid: 'Valid', invalid: 'Invalid' };

export function GitCredentialsCard({ current }: { current: CurrentTeam }) {
  const { team, can } = current;
  const manage = can('workspaces.manage');
  const credentials = useGitCredentials(team.id);
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Git credentials</CardTitle>
          <CardDescription>
            Tokens Gantry uses to clone private repositories for workspaces. They go in once and are only ever shown masked.{' '}
            {!manage && 'Owners and admins add and remove them.'}
          </CardDescription>
        </div>
        {manage && <AddGitCredentialDialog teamId={team.id} />}
      </CardHeader>
      <CardContent>
        {credentials.isPending ? (
          <Spinner label="Loading git credentials" />
        ) : credentials.isError ? (
          <WorkspacesLoadError error={credentials.error} />
        ) : credentials.data.length === 0 ? (
          <EmptyState
            icon={GitBranch}
            title="No git credentials"
            description="Public repositories need none. For a private one, add a token that can read it (a GitHub fine-grained token, a GitLab deploy token…)."
          />
        ) : (
          <GitCredentialsTable teamId={team.id} teamName={team.name} manage={manage} credentials={credentials.data} />
        )}
      </CardContent>
    </Card>
  );
}

const credentialName = (credential: GitCredential) => `${credential.username}@${credential.host}`;

const column = createColumnHelper<DataTableFeatures, GitCredential>();
const mono = 'font-mono text-xs';

function columns(teamId: string, manage: boolean) {
  return column.columns([
    column.accessor('host', { header: 'Host', sortFn: 'text', meta: { cellClassName: mono } }),
    column.accessor('username', { header: 'User', sortFn: 'text' }),
    column.accessor('tokenMasked', { header: 'Token', meta: { cellClassName: mono } }),
    column.accessor('label', { header: 'Label', sortFn: 'text', cell: (info) => info.getValue() ?? <NoValue /> }),
    column.accessor('status', {
      header: 'Status',
      sortFn: 'text',
      cell: ({ row }) => (
        <span className="grid gap-0.5">
          <Badge variant={row.original.status === 'valid' ? 'success' : row.original.status === 'invalid' ? 'destructive' : 'secondary'}>
            {STATUS_LABELS[row.original.status]}
          </Badge>
          {row.original.lastValidatedAt && <span className="text-xs text-muted-foreground">checked {formatDateTime(row.original.lastValidatedAt)}</span>}
        </span>
      ),
    }),
    column.accessor('createdAt', {
      header: 'Added',
      sortFn: 'basic',
      cell: (info) => formatDate(info.getValue()),
      meta: { cellClassName: 'whitespace-nowrap text-muted-foreground' },
    }),
    ...(manage
      ? [
          actionsColumn<GitCredential>((credential) => (
            <ActionButtons>
              <ValidateGitCredentialDialog teamId={teamId} credential={credential} />
              <DeleteGitCredentialButton teamId={teamId} credential={credential} />
            </ActionButtons>
          )),
        ]
      : []),
  ]);
}

function GitCredentialsTable({ teamId, teamName, manage, credentials }: { teamId: string; teamName: string; manage: boolean; credentials: GitCredential[] }) {
  const tableColumns = useMemo(() => columns(teamId, manage), [teamId, manage]);
  const table = useDataTable({ columns: tableColumns, data: credentials, getRowId: (credential) => credential.id });
  return <DataTable table={table} aria-label={`Git credentials of ${teamName}`} />;
}

function DeleteGitCredentialButton({ teamId, credential }: { teamId: string; credential: GitCredential }) {
  const remove = useDeleteGitCredential(teamId);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="icon-sm" aria-label={`Delete credential ${credentialName(credential)}`} title="Delete credential">
          <Trash2 aria-hidden />
        </Button>
      }
      title={`Delete the credential ${credentialName(credential)}?`}
      description="Workspaces already cloned keep their sources; pulling a private branch from this host fails until another credential is added."
      confirmLabel="Delete credential"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        await remove.mutateAsync(credential.id).catch((error: unknown) => {
          throw inWords(error);
        });
        toast(`Git credential ${credentialName(credential)} deleted`);
      }}
    />
  );
}

const host = gitCredentialInputSchema.shape.host.unwrap();
const username = gitCredentialInputSchema.shape.username.unwrap();
const token = gitCredentialInputSchema.shape.token.unwrap();

/** The two ways in: one URL (as git prints it), or the three fields. The API checks the rest. */
const addSchema = z
  .object({
    mode: z.enum(['url', 'fields']),
    url: z.string().max(1000),
    host: z.string(),
    username: z.string(),
    token: z.string(),
    label: z.string().max(100),
  })
  .superRefine((values, ctx) => {
    const check = (path: 'host' | 'username' | 'token', schema: z.ZodType<string>, value: string) => {
      if (!value) return ctx.addIssue({ code: 'custom', path: [path], message: 'is required' });
      const parsed = schema.safeParse(value);
      if (!parsed.success) ctx.addIssue({ code: 'custom', path: [path], message: parsed.error.issues[0]?.message ?? 'is not valid' });
    };
    if (values.mode === 'url') {
      let url: URL | null = null;
      try {
        url = new URL(values.url);
      } catch {
        // reported below
      }
      if (!url || !/^https?:$/.test(url.protocol) || !url.username || !url.password) {
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'must look like https://user:token@host/owner/repo' });
      }
    } else {
      check('host', host, values.host);
      check('username', username, values.username);
      check('token', token, values.token);
    }
  });
type AddValues = z.infer<typeof addSchema>;

function toInput(values: AddValues): GitCredentialInput {
  const label = values.label.trim() ? { label: values.label.trim() } : {};
  return values.mode === 'url' ? { url: values.url.trim(), ...label } : { host: values.host.trim(), username: values.username, token: values.token, ...label };
}

function AddGitCredentialDialog({ teamId }: { teamId: string }) {
  const create = useCreateGitCredential(teamId);
  const defaults: AddValues = { mode: 'url', url: '', host: '', username: '', token: '', label: '' };
  const form = useForm<AddValues>({ resolver: zodResolver(addSchema), defaultValues: defaults });
  const formError = useFormError(form.setError, ['url', 'host', 'username', 'token', 'label'], workspaceErrorMessage);
  const dialog = useFormDialog({
    onClose: () => {
      // The token must not linger in the form once the dialog is gone.
      formError.clear();
      form.reset(defaults);
    },
  });
  const { errors } = form.formState;
  const mode = useWatch({ control: form.control, name: 'mode' });

  return (
    <Dialog {...dialog.props}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Plus aria-hidden />
          Add git credential
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a git credential</DialogTitle>
          <DialogDescription>The token is encrypted at rest, never enters a workspace container, and is only shown masked.</DialogDescription>
        </DialogHeader>
        <form
          noValidate
          autoComplete="off"
          className="grid gap-5"
          onSubmit={form.handleSubmit((values) => {
            formError.clear();
            create.mutate(toInput(values), {
              onSuccess: (credential) => {
                toast(`Git credential ${credentialName(credential)} added`);
                dialog.close();
                form.reset(defaults);
              },
              onError: formError.onError,
            });
          })}
        >
          <FormError message={formError.message} />
          <Tabs value={mode} onValueChange={(value) => form.setValue('mode', value === 'fields' ? 'fields' : 'url')}>
            <TabsList aria-label="How to enter the credential">
              <TabsTrigger value="url">Paste a URL</TabsTrigger>
              <TabsTrigger value="fields">Enter the fields</TabsTrigger>
            </TabsList>
            <TabsContent value="url">
              <Field label="Credential URL" error={errors.url?.message} hint="https://user:token@host/owner/repo — the repository is used to check the token.">
                {(control) => <Input {...control} type="password" spellCheck={false} {...form.register('url')} />}
              </Field>
            </TabsContent>
            <TabsContent value="fields" className="grid gap-5">
              <Field label="Host" error={errors.host?.message} hint="e.g. github.com, or git.example.com:8443">
                {(control) => <Input {...control} spellCheck={false} {...form.register('host')} />}
              </Field>
              <Field label="Username" error={errors.username?.message}>
                {(control) => <Input {...control} spellCheck={false} {...form.register('username')} />}
              </Field>
              <Field label="Token" error={errors.token?.message}>
                {(control) => <Input {...control} type="password" spellCheck={false} {...form.register('token')} />}
              </Field>
            </TabsContent>
          </Tabs>
          <Field label="Label (optional)" error={errors.label?.message} hint="Say what it is for, e.g. “CI bot, read-only”.">
            {(control) => <Input {...control} {...form.register('label')} />}
          </Field>
          <FormDialogFooter pending={create.isPending} submitLabel="Add credential" pendingLabel="Adding…" />
        </form>
      </DialogContent>
    </Dialog>
  );
}

const validateSchema = z.object({ repoUrl: z.union([z.literal(''), gitRepoUrlSchema]) });

function ValidateGitCredentialDialog({ teamId, credential }: { teamId: string; credential: GitCredential }) {
  const validate = useValidateGitCredential(teamId);
  const form = useForm({ resolver: zodResolver(validateSchema), defaultValues: { repoUrl: '' } });
  const formError = useFormError(form.setError, ['repoUrl'], workspaceErrorMessage);
  const dialog = useFormDialog<GitCredentialValidation>({
    onClose: () => {
      formError.clear();
      form.reset();
    },
  });
  const { result } = dialog;
  const { errors } = form.formState;
  return (
    <Dialog {...dialog.props}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Validate credential ${credentialName(credential)}`}>
          <ShieldCheck aria-hidden />
          Validate
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Validate {credentialName(credential)}</DialogTitle>
          <DialogDescription>
            GitHub, GitLab and Bitbucket are asked who the token belongs to; other hosts are checked with git ls-remote against a repository.
          </DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="grid gap-5"
          onSubmit={form.handleSubmit(({ repoUrl }) => {
            formError.clear();
            dialog.setResult(null);
            validate.mutate({ id: credential.id, repoUrl: repoUrl || undefined }, { onSuccess: dialog.setResult, onError: formError.onError });
          })}
        >
          <FormError message={formError.message} />
          <Field label="Repository URL (optional)" error={errors.repoUrl?.message} hint="Defaults to the repository given with the credential.">
            {(control) => <Input {...control} autoComplete="off" placeholder={`https://${credential.host}/owner/repo`} {...form.register('repoUrl')} />}
          </Field>
          {result && (
            <Alert variant={result.ok ? 'default' : 'destructive'}>
              <ShieldCheck aria-hidden />
              <AlertTitle>{result.ok ? 'The credential works' : 'The credential was refused'}</AlertTitle>
              <AlertDescription>
                {result.message} <span className="text-muted-foreground">({result.method})</span>
              </AlertDescription>
            </Alert>
          )}
          <FormDialogFooter pending={validate.isPending} submitLabel="Validate" pendingLabel="Checking…" cancelLabel="Close" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
