import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from './api-client';

/**
 * Puts the API's per-field errors next to their inputs and returns the message that belongs
 * above the form (the API's own words, or a sentence for a non-API failure).
 */
export function applyApiError<TValues extends FieldValues>(error: unknown, setError: UseFormSetError<TValues>, fieldNames: readonly Path<TValues>[]): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (error.code === 'RATE_LIMITED') return rateLimitMessage(error);

  let unplaced = false;
  for (const field of error.fields) {
    const name = field.path.replace(/^body\./, '') as Path<TValues>;
    if (fieldNames.includes(name)) setError(name, { type: 'server', message: field.message });
    else unplaced = true;
  }
  if (error.fields.length > 0 && !unplaced) return '';
  return error.message;
}

export function rateLimitMessage(error: ApiError): string {
  return error.retryAfterSeconds ? `Too many attempts, try again in ${Math.ceil(error.retryAfterSeconds)} s` : 'Too many attempts, try again in a moment';
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.code === 'RATE_LIMITED' ? rateLimitMessage(error) : error.message;
  return 'Something went wrong. Please try again.';
}
