'use client';

import {
  gitBranchSchema,
  gitRepoUrlSchema,
  imageRefSchema,
  odooModuleNameSchema,
  workspaceCreateSchema,
  workspaceEnvSchema,
  type WorkspaceCreateInput,
} from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '@/components/forms/field';
import { FormDialogFooter } from '@/components/forms/form-dialog-footer';
import { FormError } from '@/components/forms/form-error';
import { useFormError } from '@/components/forms/use-form-error';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { toast } from '@/components/ui/toast';
import { nameFieldSchema } from './workspace-name-dialog';
import { parseModules } from './workspace-parts';
import { useCreateWorkspace, useGitCredentials, useWorkspaceTemplates, workspaceErrorMessage } from './workspaces-api';

export const textareaClassName =
  'min-h-20 w-full rounded-md border border-input bg-card px-3 py-2 font-mono text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive';

/** Radix Select items cannot have an empty value: these stand for "none chosen". */
const AUTOMATIC = 'automatic';
const FRESH = 'fresh';

/** `KEY=value` lines; blank lines and `#` comments are skipped. */
function parseEnv(text: string): Record<string, string> | string {
  const env: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) return `line ${index + 1} is not KEY=value`;
    env[line.slice(0, equals).trim()] = line.slice(equals + 1);
  }
  return env;
}

const optional = <T extends z.ZodType<string>>(schema: T) => z.union([z.literal(''), schema]);

/** The form's own shape (text inputs), checked with the contract's rules for each field. */
const formSchema = z
  .object({
    name: nameFieldSchema,
    repoUrl: optional(gitRepoUrlSchema),
    branch: optional(gitBranchSchema),
    gitCredentialId: z.string(),
    template: z.string(),
    image: optional(imageRefSchema),
    modules: z.string().superRefine((text, ctx) => {
      const modules = parseModules(text);
      const bad = modules.find((module) => !odooModuleNameSchema.safeParse(module).success);
      if (bad) ctx.addIssue({ code: 'custom', message: `“${bad}” is not an Odoo module name (lower-case letters, digits, underscores)` });
      else if (modules.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 modules' });
    }),
    env: z.string().superRefine((text, ctx) => {
      const env = parseEnv(text);
      if (typeof env === 'string') return void ctx.addIssue({ code: 'custom', message: env });
      const parsed = workspaceEnvSchema.safeParse(env);
      if (!parsed.success) ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'is not valid' });
    }),
  })
  .superRefine((values, ctx) => {
    if (values.repoUrl) return;
    if (values.branch) ctx.addIssue({ code: 'custom', path: ['branch'], message: 'needs a repository URL' });
    if (values.gitCredentialId !== AUTOMATIC) ctx.addIssue({ code: 'custom', path: ['gitCredentialId'], message: 'needs a repository URL' });
  });
type FormValues = z.infer<typeof formSchema>;

const DEFAULTS: FormValues = { name: '', repoUrl: '', branch: '', gitCredentialId: AUTOMATIC, template: FRESH, image: '', modules: '', env: '' };

function toCreateInput(values: FormValues): WorkspaceCreateInput {
  const modules = parseModules(values.modules);
  const env = parseEnv(values.env);
  return workspaceCreateSchema.parse({
    name: values.name,
    ...(values.repoUrl ? { repoUrl: values.repoUrl } : {}),
    ...(values.repoUrl && values.branch ? { branch: values.branch } : {}),
    ...(values.repoUrl && values.gitCredentialId !== AUTOMATIC ? { gitCredentialId: values.gitCredentialId } : {}),
    ...(values.template !== FRESH ? { template: values.template } : {}),
    ...(values.image ? { image: values.image } : {}),
    ...(modules.length > 0 ? { modules } : {}),
    ...(typeof env === 'object' && Object.keys(env).length > 0 ? { env } : {}),
  });
}

export function CreateWorkspaceDialog({ teamId, label = 'Create workspace' }: { teamId: string; label?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-2xl">
        {open && <CreateWorkspaceForm teamId={teamId} onDone={() => setOpen(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function CreateWorkspaceForm({ teamId, onDone }: { teamId: string; onDone: () => void }) {
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: DEFAULTS });
  const formError = useFormError(form.setError, ['name', 'repoUrl', 'branch', 'gitCredentialId', 'template', 'image', 'modules', 'env'], workspaceErrorMessage);
  const { errors } = form.formState;
  const create = useCreateWorkspace(teamId);
  const templates = useWorkspaceTemplates(teamId);
  const credentials = useGitCredentials(teamId);

  return (
    <>
      <DialogHeader>
        <DialogTitle>Create a workspace</DialogTitle>
        <DialogDescription>
          A running Odoo with its own database and filestore: fresh, or copied from a template. Sources are cloned from the branch you name.
        </DialogDescription>
      </DialogHeader>
      <form
        noValidate
        className="grid gap-5"
        onSubmit={form.handleSubmit((values) => {
          formError.clear();
          create.mutate(toCreateInput(values), {
            onSuccess: (workspace) => {
              if (workspace.status === 'creating')
                toast(`Workspace “${workspace.name}” is still being created`, { description: 'The list shows it running when it is.' });
              else toast(`Workspace “${workspace.name}” is ${workspace.status}`, { description: workspace.url ?? undefined });
              onDone();
            },
            onError: formError.onError,
          });
        })}
      >
        <FormError message={formError.message} />
        <Field label="Name" error={errors.name?.message} hint="Lower-case letters, digits and hyphens, e.g. “feature-invoices”.">
          {(control) => <Input {...control} autoComplete="off" autoFocus {...form.register('name')} />}
        </Field>
        <div className="grid gap-5 sm:grid-cols-[2fr_1fr]">
          <Field label="Repository URL (optional)" error={errors.repoUrl?.message} hint="https, without credentials.">
            {(control) => <Input {...control} autoComplete="off" placeholder="https://github.com/acme/odoo-addons" {...form.register('repoUrl')} />}
          </Field>
          <Field label="Branch (optional)" error={errors.branch?.message} hint="The default branch when empty.">
            {(control) => <Input {...control} autoComplete="off" placeholder="main" {...form.register('branch')} />}
          </Field>
        </div>
        <div className="grid gap-5 sm:grid-cols-2">
          <Controller
            control={form.control}
            name="gitCredentialId"
            render={({ field }) => (
              <Field label="Git credential" error={errors.gitCredentialId?.message} hint="For a private repository.">
                {(control) => (
                  <Select value={field.value} onValueChange={field.onChange} disabled={credentials.isPending}>
                    <SelectTrigger {...control} className="w-full">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value={AUTOMATIC}>Automatic (matched by host)</SelectItem>
                      {credentials.data?.map((credential) => (
                        <SelectItem key={credential.id} value={credential.id}>
                          {credential.label ? `${credential.label} — ` : ''}
                          {credential.username}@{credential.host}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              </Field>
            )}
          />
          <Controller
            control={form.control}
            name="template"
            render={({ field }) => (
              <Field label="Start from" error={errors.template?.message} hint="A template copies its database and filestore.">
                {(control) => (
                  <Select value={field.value} onValueChange={field.onChange} disabled={templates.isPending}>
                    <SelectTrigger {...control} className="w-full">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value={FRESH}>A fresh database</SelectItem>
                      {templates.data?.map((template) => (
                        <SelectItem key={template.id} value={template.name}>
                          Template {template.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              </Field>
            )}
          />
        </div>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Image (optional)" error={errors.image?.message} hint="The server’s default Odoo image when empty.">
            {(control) => <Input {...control} autoComplete="off" placeholder="odoo:18" {...form.register('image')} />}
          </Field>
          <Field label="Modules to install (optional)" error={errors.modules?.message} hint="Separated by commas or spaces.">
            {(control) => <Input {...control} autoComplete="off" placeholder="sale, stock" {...form.register('modules')} />}
          </Field>
        </div>
        <Field label="Environment variables (optional)" error={errors.env?.message} hint="One KEY=value per line.">
          {(control) => <textarea {...control} rows={3} className={textareaClassName} spellCheck={false} {...form.register('env')} />}
        </Field>
        <FormDialogFooter pending={create.isPending} submitLabel="Create workspace" pendingLabel="Creating… (this can take a while)" lockWhilePending />
      </form>
    </>
  );
}
