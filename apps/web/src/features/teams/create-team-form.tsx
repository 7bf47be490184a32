'use client';

import { createTeamRequestSchema, type Team } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-error';
import { useFormError } from '@/components/forms/use-form-error';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { useCreateTeam } from './teams-api';

export function CreateTeamForm({ onCreated }: { onCreated: (team: Team) => void }) {
  const form = useForm({ resolver: zodResolver(createTeamRequestSchema), defaultValues: { name: '' } });
  const formError = useFormError(form.setError, ['name']);
  const createTeam = useCreateTeam();
  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => {
        formError.clear();
        createTeam.mutate(values, { onSuccess: onCreated, onError: formError.onError });
      })}
    >
      <FormError message={formError.message} />
      <Field label="Team name" error={form.formState.errors.name?.message}>
        {(control) => <Input {...control} autoFocus {...form.register('name')} />}
      </Field>
      <Button type="submit" disabled={createTeam.isPending}>
        {createTeam.isPending ? 'Creating…' : 'Create team'}
      </Button>
    </form>
  );
}
