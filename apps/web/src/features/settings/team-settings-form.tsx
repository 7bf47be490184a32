'use client';

import {
  BUILT_IN_DENIED_FIELDS,
  DESTRUCTIVE_CONFIRMATION,
  mcpPolicySchema,
  updateTeamRequestSchema,
  type DestructiveConfirmation,
  type Team,
} from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState, type ReactNode } from 'react';
import { Controller, useForm, type FieldError, type Merge } from 'react-hook-form';
import type { z } from 'zod';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-error';
import { TagInput } from '@/components/forms/tag-input';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import { toast } from '@/components/ui/toast';
import { useUpdateTeam } from '@/features/teams/teams-api';
import { applyApiError } from '@/lib/form-errors';

type ListName = 'allowedModels' | 'deniedModels' | 'deniedFields';
type NumberPath = 'settings.auditRetentionDays' | 'settings.mcpPolicy.rateLimits.callsPerMinute' | 'settings.mcpPolicy.rateLimits.writesPerMinute';

/** Each tag is checked with the contract's own rule for one entry of its list. */
const TAG_SCHEMAS: Record<ListName, z.ZodType<string>> = {
  allowedModels: mcpPolicySchema.shape.allowedModels.unwrap().element,
  deniedModels: mcpPolicySchema.shape.deniedModels.unwrap().element,
  deniedFields: mcpPolicySchema.shape.deniedFields.unwrap().element,
};

const FIELD_NAMES = [
  'name',
  'settings.auditRetentionDays',
  'settings.mcpPolicy.readOnly',
  'settings.mcpPolicy.allowedModels',
  'settings.mcpPolicy.deniedModels',
  'settings.mcpPolicy.deniedFields',
  'settings.mcpPolicy.rateLimits.callsPerMinute',
  'settings.mcpPolicy.rateLimits.writesPerMinute',
  'settings.mcpPolicy.destructiveConfirmation',
] as const;

const CONFIRMATION_LABELS: Record<DestructiveConfirmation, string> = {
  off: 'Never ask',
  when_supported: 'Ask when the client can',
  required: 'Always ask; refuse clients that cannot',
};

function valuesOf(team: Team): z.input<typeof updateTeamRequestSchema> {
  return { name: team.name, settings: { auditRetentionDays: team.settings.auditRetentionDays, mcpPolicy: team.settings.mcpPolicy } };
}

/** One setting of the policy card: its label and what it does on the left, its control on the right. */
function PolicyRow({ label, description, children }: { label: ReactNode; description: string; children: ReactNode }) {
  return (
    <div className="flex items-start justify-between gap-4 rounded-lg border p-4">
      <div className="grid gap-1">
        {label}
        <p className="text-sm text-muted-foreground">{description}</p>
      </div>
      {children}
    </div>
  );
}

/** A list's error is on the list (too many) or on one of its entries. */
function listError(error: Merge<FieldError, (FieldError | undefined)[]> | undefined): string | undefined {
  if (!error) return undefined;
  if (error.message) return error.message;
  return Array.isArray(error) ? error.find((entry) => entry?.message)?.message : undefined;
}

export function TeamSettingsForm({ team, canManage }: { team: Team; canManage: boolean }) {
  const [formError, setFormError] = useState('');
  const readOnlyId = useId();
  const confirmationId = useId();
  const form = useForm({ resolver: zodResolver(updateTeamRequestSchema), defaultValues: valuesOf(team) });
  const { errors } = form.formState;
  const policyErrors = errors.settings?.mcpPolicy;
  const update = useUpdateTeam(team.id);

  function numberField(path: NumberPath, label: string, hint: string, error: string | undefined, max?: number) {
    return (
      <Field label={label} error={error} hint={hint}>
        {(control) => <Input {...control} type="number" min={1} max={max} className="w-32" {...form.register(path, { valueAsNumber: true })} />}
      </Field>
    );
  }

  function tagList(name: ListName, label: string, hint: string, placeholder: string) {
    const path = `settings.mcpPolicy.${name}` as const;
    return (
      <Field label={label} error={listError(policyErrors?.[name])} hint={hint}>
        {(control) => (
          <Controller
            control={form.control}
            name={path}
            render={({ field }) => (
              <TagInput
                {...control}
                value={field.value ?? []}
                onChange={field.onChange}
                disabled={!canManage}
                placeholder={placeholder}
                validate={(tag) => {
                  const parsed = TAG_SCHEMAS[name].safeParse(tag);
                  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not allowed');
                }}
                onReject={(message) => (message ? form.setError(path, { type: 'tag', message }) : form.clearErrors(path))}
              />
            )}
          />
        )}
      </Field>
    );
  }

  return (
    <form
      noValidate
      className="grid gap-8"
      onSubmit={form.handleSubmit((values) => {
        setFormError('');
        update.mutate(values, {
          onSuccess: (updated) => {
            form.reset(valuesOf(updated));
            toast('Team settings saved');
          },
          onError: (error) => setFormError(applyApiError(error, form.setError, FIELD_NAMES)),
        });
      })}
    >
      <FormError message={formError} />
      {/* A disabled fieldset makes every control read-only for roles that may not change settings. */}
      <fieldset disabled={!canManage} className="grid gap-8">
        <Card>
          <CardHeader className="block">
            <CardTitle>General</CardTitle>
            <CardDescription>The team’s name and how long Gantry keeps its audit log.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label="Team name" error={errors.name?.message}>
              {(control) => <Input {...control} autoComplete="off" {...form.register('name')} />}
            </Field>
            {numberField(
              'settings.auditRetentionDays',
              'Audit retention (days)',
              'Calls older than this are deleted from the audit log.',
              errors.settings?.auditRetentionDays?.message,
              3650,
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader className="block">
            <CardTitle>MCP policy</CardTitle>
            <CardDescription>What AI clients of the team may touch in its Odoo. Gantry applies it before calling Odoo and to what comes back.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-6">
            <PolicyRow
              label={<Label htmlFor={readOnlyId}>Read-only</Label>}
              description="Refuse every create, update, delete and method call, whatever the scopes of a key."
            >
              <Controller
                control={form.control}
                name="settings.mcpPolicy.readOnly"
                render={({ field }) => <Switch id={readOnlyId} checked={field.value ?? false} onCheckedChange={field.onChange} onBlur={field.onBlur} />}
              />
            </PolicyRow>
            <PolicyRow
              label={<Label id={confirmationId}>Confirm destructive calls</Label>}
              description="Before delete_record, call_method or delete_workspace runs, the AI client asks the user (MCP elicitation). Clients that declare no elicitation support cannot be asked."
            >
              <Controller
                control={form.control}
                name="settings.mcpPolicy.destructiveConfirmation"
                render={({ field }) => (
                  <Select value={field.value ?? 'off'} onValueChange={field.onChange}>
                    <SelectTrigger aria-labelledby={confirmationId} className="w-72 shrink-0" onBlur={field.onBlur}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {DESTRUCTIVE_CONFIRMATION.map((mode) => (
                        <SelectItem key={mode} value={mode}>
                          {CONFIRMATION_LABELS[mode]}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
            </PolicyRow>
            {tagList('allowedModels', 'Allowed models', 'Leave empty to allow every model that is not denied.', 'e.g. res.partner')}
            {tagList('deniedModels', 'Denied models', 'Never readable or writable, even when allowed above.', 'e.g. hr.employee')}
            {tagList(
              'deniedFields',
              'Denied fields',
              'model.field, or *.field for every model. Added to the fields Gantry always hides.',
              'e.g. res.partner.vat',
            )}
            <details className="text-sm text-muted-foreground">
              <summary className="cursor-pointer select-none">
                Fields always hidden ({BUILT_IN_DENIED_FIELDS.length}, plus any field named like a password, token or key)
              </summary>
              <p className="mt-2 font-mono text-xs leading-relaxed">{BUILT_IN_DENIED_FIELDS.join(', ')}</p>
            </details>
            <div className="grid gap-4 sm:grid-cols-2">
              {numberField(
                'settings.mcpPolicy.rateLimits.callsPerMinute',
                'Calls per minute',
                'Per API key, every tool.',
                policyErrors?.rateLimits?.callsPerMinute?.message,
              )}
              {numberField(
                'settings.mcpPolicy.rateLimits.writesPerMinute',
                'Writes per minute',
                'Per API key, tools that change records.',
                policyErrors?.rateLimits?.writesPerMinute?.message,
              )}
            </div>
          </CardContent>
          {canManage && (
            <CardFooter className="justify-end gap-2 border-t pt-6">
              <Button variant="ghost" disabled={!form.formState.isDirty || update.isPending} onClick={() => form.reset(valuesOf(team))}>
                Discard changes
              </Button>
              <Button type="submit" disabled={update.isPending}>
                {update.isPending ? 'Saving…' : 'Save settings'}
              </Button>
            </CardFooter>
          )}
        </Card>
      </fieldset>
    </form>
  );
}
