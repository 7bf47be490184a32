'use client';

import {
  createApiKeyRequestSchema,
  DEFAULT_API_KEY_SCOPES,
  ROLE_SCOPES,
  SCOPE_DESCRIPTIONS,
  SCOPES,
  type CreatedApiKey,
  type Role,
  type Scope,
} from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { KeyRound, Plus, TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { useId } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { CopyField } from '@/components/copy';
import { Field } from '@/components/forms/field';
import { DoneDialogFooter, FormDialogFooter } from '@/components/forms/form-dialog-footer';
import { FormError } from '@/components/forms/form-error';
import { useFormDialog } from '@/components/forms/use-form-dialog';
import { useFormError } from '@/components/forms/use-form-error';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { formatDate } from '@/lib/format';
import { useCreateApiKey } from './api-keys-api';

export function CreateApiKeyDialog({ teamId, role }: { teamId: string; role: Role }) {
  // Closing forgets the secret: it is shown this once and never again.
  const dialog = useFormDialog<CreatedApiKey>();
  const created = dialog.result;
  return (
    <Dialog {...dialog.props}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          Create API key
        </Button>
      </DialogTrigger>
      <DialogContent>
        {created ? <ApiKeyCreated apiKey={created} teamId={teamId} /> : <CreateApiKeyForm teamId={teamId} role={role} onCreated={dialog.setResult} />}
      </DialogContent>
    </Dialog>
  );
}

/** A date input gives a day; the key works until the end of that day (UTC, like every date shown). */
function endOfDayIso(day: string): string | null {
  if (!day) return null;
  const end = new Date(`${day}T23:59:59.999Z`);
  return Number.isNaN(end.getTime()) ? day : end.toISOString();
}

function CreateApiKeyForm({ teamId, role, onCreated }: { teamId: string; role: Role; onCreated: (key: CreatedApiKey) => void }) {
  const scopesLegendId = useId();
  const form = useForm({
    resolver: zodResolver(createApiKeyRequestSchema),
    defaultValues: { name: '', scopes: [...DEFAULT_API_KEY_SCOPES], expiresAt: null },
  });
  const formError = useFormError(form.setError, ['name', 'scopes', 'expiresAt']);
  const { errors } = form.formState;
  const createKey = useCreateApiKey(teamId);
  const today = new Date().toISOString().slice(0, 10);

  return (
    <>
      <DialogHeader>
        <DialogTitle>Create an API key</DialogTitle>
        <DialogDescription>
          An AI client or script uses the key to reach this team&apos;s Odoo through Gantry, as you and with the scopes you pick.
        </DialogDescription>
      </DialogHeader>
      <form
        noValidate
        className="grid gap-5"
        onSubmit={form.handleSubmit((values) => {
          formError.clear();
          createKey.mutate(values, { onSuccess: onCreated, onError: formError.onError });
        })}
      >
        <FormError message={formError.message} />
        <Field label="Name" error={errors.name?.message} hint="Say where it is used, e.g. “Claude Code on my laptop”.">
          {(control) => <Input {...control} autoComplete="off" autoFocus {...form.register('name')} />}
        </Field>
        <fieldset className="grid gap-3" aria-describedby={errors.scopes ? `${scopesLegendId}-error` : undefined}>
          <legend id={scopesLegendId} className="mb-3 text-sm leading-none font-medium">
            Scopes
          </legend>
          <Controller
            control={form.control}
            name="scopes"
            render={({ field }) => (
              <div className="grid gap-2.5 sm:grid-cols-2">
                {SCOPES.map((scope) => (
                  <ScopeCheckbox
                    key={scope}
                    scope={scope}
                    checked={field.value?.includes(scope) ?? false}
                    allowed={ROLE_SCOPES[role].includes(scope)}
                    onCheckedChange={(checked) => {
                      const others = (field.value ?? []).filter((value) => value !== scope);
                      // Keep the contract's order, so the list reads the same everywhere.
                      field.onChange(SCOPES.filter((s) => (s === scope ? checked : others.includes(s))));
                    }}
                  />
                ))}
              </div>
            )}
          />
          {errors.scopes?.message && (
            <p id={`${scopesLegendId}-error`} className="text-sm text-destructive">
              {capitalise(errors.scopes.message)}
            </p>
          )}
        </fieldset>
        <Field
          label="Expiry date (optional)"
          error={errors.expiresAt?.message}
          hint="The key stops working at the end of this day (UTC). Leave empty for a key that does not expire."
        >
          {(control) => <Input {...control} type="date" min={today} className="w-48" {...form.register('expiresAt', { setValueAs: endOfDayIso })} />}
        </Field>
        <FormDialogFooter pending={createKey.isPending} submitLabel="Create key" pendingLabel="Creating…" />
      </form>
    </>
  );
}

function ScopeCheckbox({
  scope,
  checked,
  allowed,
  onCheckedChange,
}: {
  scope: Scope;
  checked: boolean;
  /** Whether the caller's role may give a key this scope (ROLE_SCOPES); the API refuses it otherwise. */
  allowed: boolean;
  onCheckedChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2.5">
      <Checkbox id={id} checked={checked} disabled={!allowed} onCheckedChange={(value) => onCheckedChange(value === true)} className="mt-0.5" />
      <Label htmlFor={id} className="grid gap-1 leading-snug font-normal">
        <span className="font-mono text-xs font-medium">{scope}</span>
        <span className="text-xs text-muted-foreground">
          {capitalise(SCOPE_DESCRIPTIONS[scope])}
          {!allowed && ' (not for your role)'}
        </span>
      </Label>
    </div>
  );
}

function ApiKeyCreated({ apiKey, teamId }: { apiKey: CreatedApiKey; teamId: string }) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>API key created</DialogTitle>
        <DialogDescription>
          “{apiKey.name}”, {apiKey.expiresAt ? `valid until ${formatDate(apiKey.expiresAt)}` : 'with no expiry date'}.
        </DialogDescription>
      </DialogHeader>
      <Alert variant="warning">
        <TriangleAlert aria-hidden />
        <AlertTitle>Copy the key now: it is shown only once</AlertTitle>
        <AlertDescription>Gantry keeps only a hash of it and cannot show it again. If you lose it, revoke it and create a new one.</AlertDescription>
      </Alert>
      <CopyField label="API key" value={apiKey.secret} copyLabel="Copy key" what="key" />
      <div className="flex flex-wrap items-center gap-1.5 text-sm text-muted-foreground">
        <KeyRound aria-hidden className="size-4" />
        Scopes:
        {apiKey.scopes.map((scope) => (
          <Badge key={scope} variant="outline" className="font-mono">
            {scope}
          </Badge>
        ))}
      </div>
      <p className="text-sm text-muted-foreground">
        Send it as <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">Authorization: Bearer …</code>; the{' '}
        <Link href={`/teams/${teamId}/connectors`} className="font-medium text-foreground underline underline-offset-4">
          connectors page
        </Link>{' '}
        has the set-up for each client.
      </p>
      <DoneDialogFooter />
    </>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
