'use client';

import type { OdooConnection, OdooConnectionTestResult, OdooConnectionUpdate } from '@gantry/contracts';
import { odooConnectionInputSchema, odooConnectionUpdateSchema } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-error';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { applyApiError } from '@/lib/form-errors';
import { useSaveOdooConnection, useTestOdooConnection, type SaveOdooConnection } from './odoo-connection-api';
import { OdooTestResult } from './odoo-test-result';

const FIELD_NAMES = ['name', 'url', 'database', 'login', 'secret'] as const;
const emptyToUndefined = (value: string) => (value === '' ? undefined : value);

type OdooConnectionFormProps = {
  teamId: string;
  /** null: the first save, where every field is required. */
  connection: OdooConnection | null;
  onCancel?: () => void;
};

export function OdooConnectionForm({ teamId, connection, onCancel }: OdooConnectionFormProps) {
  const creating = connection === null;
  const details = connection?.details;
  const [formError, setFormError] = useState('');
  const [draftResult, setDraftResult] = useState<OdooConnectionTestResult | null>(null);
  const form = useForm({
    // On update an empty secret means "keep the stored one": it becomes undefined, which the
    // partial update schema accepts, and is left out of the request.
    resolver: zodResolver(creating ? odooConnectionInputSchema : odooConnectionUpdateSchema),
    defaultValues: {
      name: connection?.name ?? '',
      url: details?.url ?? '',
      database: details?.database ?? '',
      login: details?.login ?? '',
      secret: creating ? '' : undefined,
    },
  });
  const { errors, dirtyFields } = form.formState;
  const save = useSaveOdooConnection(teamId);
  const test = useTestOdooConnection(teamId);

  const testDraft = form.handleSubmit(async (values) => {
    setFormError('');
    setDraftResult(null);
    const draft = odooConnectionInputSchema.safeParse(values);
    if (!draft.success) {
      // Only the secret can be missing here: the stored one is never sent back to the browser.
      form.setError('secret', { type: 'manual', message: 'is needed to test settings that are not saved yet' });
      return;
    }
    try {
      setDraftResult(await test.mutateAsync(draft.data));
    } catch (error) {
      setFormError(applyApiError(error, form.setError, FIELD_NAMES));
    }
  });

  // mutateAsync, not mutate callbacks: the first save replaces this form (the page switches to
  // the saved connection), and callbacks of an unmounted mutate call never run.
  const submit = form.handleSubmit(async (values) => {
    setFormError('');
    let request: SaveOdooConnection;
    if (creating) {
      request = { create: true, body: odooConnectionInputSchema.parse(values) };
    } else {
      const changes: OdooConnectionUpdate = {};
      for (const name of FIELD_NAMES) if (dirtyFields[name] && values[name] !== undefined) changes[name] = values[name];
      if (Object.keys(changes).length === 0) {
        toast('Nothing to save', { description: 'The connection already has these settings.' });
        return;
      }
      request = { create: false, body: changes };
    }
    try {
      await save.mutateAsync(request);
    } catch (error) {
      setFormError(applyApiError(error, form.setError, FIELD_NAMES));
      return;
    }
    toast(creating ? 'Odoo connection saved' : 'Odoo connection updated', {
      description: 'Test it to check that Gantry can sign in to Odoo.',
    });
    setDraftResult(null);
    form.reset({ ...values, secret: undefined });
  });

  return (
    <form noValidate className="grid gap-4" onSubmit={(event) => void submit(event)}>
      <FormError message={formError} />
      <Field label="Name" error={errors.name?.message} hint="Shown to every member of the team, e.g. “Production”.">
        {(control) => <Input {...control} autoComplete="off" {...form.register('name')} />}
      </Field>
      <Field label="URL" error={errors.url?.message} hint="The address of your Odoo, e.g. https://mycompany.odoo.com">
        {(control) => <Input {...control} type="url" inputMode="url" autoComplete="off" {...form.register('url')} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Database" error={errors.database?.message}>
          {(control) => <Input {...control} autoComplete="off" {...form.register('database')} />}
        </Field>
        <Field label="Login" error={errors.login?.message} hint="The Odoo user Gantry acts as.">
          {(control) => <Input {...control} autoComplete="off" {...form.register('login')} />}
        </Field>
      </div>
      <Field
        label="Secret"
        error={errors.secret?.message}
        hint={
          creating
            ? 'The user’s password or, better, an Odoo API key. Gantry stores it encrypted and never shows it again.'
            : `A secret is stored (${details?.secretMasked ?? '••••••••'}). Leave this empty to keep it, or type a new one to replace it. A new URL or database needs it again.`
        }
      >
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete="new-password"
            placeholder={creating ? undefined : 'Keep the stored secret'}
            {...form.register('secret', creating ? {} : { setValueAs: emptyToUndefined })}
          />
        )}
      </Field>
      {draftResult && <OdooTestResult result={draftResult} />}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button variant="outline" disabled={test.isPending} onClick={() => void testDraft()}>
          {test.isPending ? 'Testing…' : 'Test these settings'}
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : creating ? 'Save connection' : 'Save changes'}
        </Button>
      </div>
    </form>
  );
}
