'use client';

import { AUDIT_STATUSES, auditQuerySchema, type Member } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { Search, X } from 'lucide-react';
import { useId } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '@/components/forms/field';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import type { AuditFilters } from './audit-api';
import { AUDIT_STATUS_LABELS, KNOWN_MCP_TOOLS } from './audit-labels';

const ANY = 'any';
const contract = auditQuerySchema.shape;

/**
 * The inputs hold what was typed ('' when empty, a day for dates); the contract's rules then
 * check what the API will get: no empty filters, and dates as whole UTC days (the range includes
 * both of its days, and times are shown in UTC everywhere).
 */
const blankToUndefined = (value: unknown) => (typeof value === 'string' ? value.trim() || undefined : value);
const startOfDay = (value: unknown) => (typeof value === 'string' && value ? `${value}T00:00:00.000Z` : undefined);
const endOfDay = (value: unknown) => (typeof value === 'string' && value ? `${value}T23:59:59.999Z` : undefined);

const filterSchema = z.object({
  tool: z.preprocess(blankToUndefined, contract.tool),
  status: contract.status,
  userId: contract.userId,
  q: z.preprocess(blankToUndefined, contract.q),
  from: z.preprocess(startOfDay, contract.from),
  to: z.preprocess(endOfDay, contract.to),
});

const NO_FILTERS = { tool: '', status: undefined, userId: undefined, q: '', from: '', to: '' };

type AuditFiltersFormProps = {
  /** Present for roles that see everyone's calls: the user filter lists them. */
  members?: Member[];
  onApply: (filters: AuditFilters) => void;
};

export function AuditFiltersForm({ members, onApply }: AuditFiltersFormProps) {
  const toolListId = useId();
  const form = useForm({ resolver: zodResolver(filterSchema), defaultValues: NO_FILTERS });
  const { errors } = form.formState;

  /** A select whose first choice, `anyLabel`, leaves the filter out. */
  function optionalSelect(
    name: 'status' | 'userId',
    label: string,
    error: string | undefined,
    anyLabel: string,
    options: Array<{ value: string; label: string }>,
  ) {
    return (
      <Field label={label} error={error}>
        {(control) => (
          <Controller
            control={form.control}
            name={name}
            render={({ field }) => (
              <Select value={field.value ?? ANY} onValueChange={(value) => field.onChange(value === ANY ? undefined : value)}>
                <SelectTrigger {...control} className="w-full" onBlur={field.onBlur}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={ANY}>{anyLabel}</SelectItem>
                  {options.map((option) => (
                    <SelectItem key={option.value} value={option.value}>
                      {option.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          />
        )}
      </Field>
    );
  }

  return (
    <form noValidate role="search" aria-label="Filter the audit log" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" onSubmit={form.handleSubmit(onApply)}>
      <Field label="Tool" error={errors.tool?.message}>
        {(control) => (
          <>
            <Input {...control} list={toolListId} autoComplete="off" placeholder="Any tool" {...form.register('tool')} />
            <datalist id={toolListId}>
              {KNOWN_MCP_TOOLS.map((tool) => (
                <option key={tool} value={tool} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      {optionalSelect(
        'status',
        'Status',
        errors.status?.message,
        'Any status',
        AUDIT_STATUSES.map((status) => ({ value: status, label: AUDIT_STATUS_LABELS[status] })),
      )}
      {members &&
        optionalSelect(
          'userId',
          'User',
          errors.userId?.message,
          'Anyone',
          members.map((member) => ({ value: member.userId, label: member.name })),
        )}
      <Field label="Model" error={errors.q?.message}>
        {(control) => <Input {...control} type="search" autoComplete="off" placeholder="e.g. res.partner" {...form.register('q')} />}
      </Field>
      <Field label="From" error={errors.from?.message}>
        {(control) => <Input {...control} type="date" {...form.register('from')} />}
      </Field>
      <Field label="To" error={errors.to?.message}>
        {(control) => <Input {...control} type="date" {...form.register('to')} />}
      </Field>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-2 lg:justify-end">
        <Button
          variant="ghost"
          onClick={() => {
            form.reset(NO_FILTERS);
            onApply({});
          }}
        >
          <X aria-hidden />
          Clear
        </Button>
        <Button type="submit" variant="secondary">
          <Search aria-hidden />
          Apply filters
        </Button>
      </div>
    </form>
  );
}
