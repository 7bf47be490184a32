'use client';

import { useId, type ReactNode } from 'react';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/utils';

export type FieldControlProps = { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string };

type FieldProps = {
  label: string;
  error?: string;
  hint?: string;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
};

/** Label, control and message wired together, so every input has a name and announces its error. */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const message = error ? fieldMessage(label, error) : hint;
  return (
    <div className={cn('grid content-start gap-2', className)}>
      <Label htmlFor={id}>{label}</Label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': message ? messageId : undefined })}
      {message && (
        <p id={messageId} className={cn('text-sm', error ? 'text-destructive' : 'text-muted-foreground')}>
          {message}
        </p>
      )}
    </div>
  );
}

/** The contracts phrase rules as predicates ("must be …", "is required"); give them a subject. */
function fieldMessage(label: string, error: string): string {
  return /^[a-z]/.test(error) ? `${label} ${error}` : error;
}
