'use client';

import { loginRequestSchema } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-error';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { applyApiError } from '@/lib/form-errors';
import { useSession } from '@/lib/session';
import { login } from './auth-api';

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const session = useSession();
  const [formError, setFormError] = useState('');
  const form = useForm({ resolver: zodResolver(loginRequestSchema), defaultValues: { email: '', password: '' } });
  const { errors } = form.formState;
  const mutation = useMutation({
    mutationFn: login,
    onError: (error) => setFormError(applyApiError(error, form.setError, ['email', 'password'])),
  });

  // Both a fresh sign-in and a session restored from the cookie end up here.
  useEffect(() => {
    if (session.status === 'authenticated') router.replace(next);
  }, [session.status, next, router]);

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => {
        setFormError('');
        mutation.mutate(values);
      })}
    >
      <FormError message={formError} />
      <Field label="Email" error={errors.email?.message}>
        {(control) => <Input {...control} type="email" autoComplete="username" autoFocus {...form.register('email')} />}
      </Field>
      <Field label="Password" error={errors.password?.message}>
        {(control) => <Input {...control} type="password" autoComplete="current-password" {...form.register('password')} />}
      </Field>
      <Button type="submit" disabled={mutation.isPending || mutation.isSuccess}>
        {mutation.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
