'use client';

import { createTeamRequestSchema, type Team } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-error';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { applyApiError } from '@/lib/form-errors';
import { useCreateTeam } from './teams-api';

export function CreateTeamForm({ onCreated }: { onCreated: (team: Team) => void }) {
  const [formError, setFormError] = useState('');
  const form = useForm({ resolver: zodResolver(createTeamRequestSchema), defaultValues: { name: '' } });
  const createTeam = useCreateTeam();
  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => {
        setFormError('');
        createTeam.mutate(values, {
          onSuccess: onCreated,
          onError: (error) => setFormError(applyApiError(error, form.setError, ['name'])),
        });
      })}
    >
      <FormError message={formError} />
      <Field label="Team name" error={form.formState.errors.name?.message}>
        {(control) => <Input {...control} autoFocus {...form.register('name')} />}
      </Field>
      <Button type="submit" disabled={createTeam.isPending}>
        {createTeam.isPending ? 'Creating…' : 'Create team'}
      </Button>
    </form>
  );
}
