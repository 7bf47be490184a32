import { z } from 'zod';

export const objectIdSchema = z.string().regex(/^[a-f0-9]{24}$/, 'must be a 24-character hex id');

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .email('must be a valid email address')
  .transform((value) => value.toLowerCase());

/** Length limits keep KDF cost bounded; no composition rules (NIST 800-63B). */
export const newPasswordSchema = z.string().min(10, 'must be at least 10 characters').max(256, 'must be at most 256 characters');

export const personNameSchema = z.string().trim().min(1, 'is required').max(100);

export const teamSlugSchema = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single dashes');

export const teamNameSchema = z.string().trim().min(1, 'is required').max(80);

export const isoDateSchema = z.string().datetime();
