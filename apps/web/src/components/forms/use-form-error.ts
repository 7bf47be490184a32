'use client';

import { useState } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { applyApiError } from '@/lib/form-errors';

/**
 * The message above a form: `onError` puts the API's per-field errors next to their inputs (see
 * applyApiError) and keeps the rest, said with `inWords` when the feature has its own phrasing.
 */
export function useFormError<TValues extends FieldValues>(
  setError: UseFormSetError<TValues>,
  fieldNames: readonly Path<TValues>[],
  inWords?: (error: unknown) => string,
) {
  const [message, setMessage] = useState('');
  return {
    message,
    clear: () => setMessage(''),
    onError: (error: unknown) => {
      const placed = applyApiError(error, setError, fieldNames);
      setMessage(placed && inWords ? inWords(error) : placed);
    },
  };
}
