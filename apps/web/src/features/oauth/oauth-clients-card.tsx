'use client';

import { createOAuthClientRequestSchema, type CreatedOAuthClient, type OAuthClient } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { createColumnHelper } from '@tanstack/react-table';
import { AppWindow, Plus, TriangleAlert } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { CopyField } from '@/components/copy';
import { DataTable, useDataTable, type DataTableFeatures } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { Field } from '@/components/forms/field';
import { DoneDialogFooter, FormDialogFooter } from '@/components/forms/form-dialog-footer';
import { FormError } from '@/components/forms/form-error';
import { useFormDialog } from '@/components/forms/use-form-dialog';
import { useFormError } from '@/components/forms/use-form-error';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/form-errors';
import { useCreateOAuthClient, useDeleteOAuthClient, useOAuthClients } from './oauth-api';

/** For clients that want a client ID and secret instead of registering themselves: created per team, secret shown once. */
export function OAuthClientsCard({ teamId, origin }: { teamId: string; origin: string }) {
  const clients = useOAuthClients(teamId, true);
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Pre-registered OAuth clients</CardTitle>
          <CardDescription>
            For clients that ask for a client ID and secret. They can only be connected to this team. Authorization server:{' '}
            <span className="font-mono">{origin}</span>.
          </CardDescription>
        </div>
        <CreateOAuthClientDialog teamId={teamId} origin={origin} />
      </CardHeader>
      <CardContent>
        {clients.isPending ? (
          <Spinner label="Loading OAuth clients" />
        ) : clients.isError ? (
          <FormError message={errorMessage(clients.error)} />
        ) : clients.data.length === 0 ? (
          <EmptyState
            icon={AppWindow}
            title="No pre-registered clients"
            description="Most clients register themselves; create one only when a client asks for an ID and secret."
          />
        ) : (
          <OAuthClientsTable teamId={teamId} clients={clients.data} />
        )}
      </CardContent>
    </Card>
  );
}

const column = createColumnHelper<DataTableFeatures, OAuthClient>();

function columns(teamId: string) {
  return column.columns([
    column.accessor('name', { header: 'Name', sortFn: 'text', meta: { cellClassName: 'font-medium' } }),
    column.accessor('clientId', { header: 'Client ID', sortFn: 'text', meta: { cellClassName: 'font-mono text-xs' } }),
    column.display({
      id: 'redirectUris',
      header: 'Redirect URIs',
      cell: ({ row }) => row.original.redirectUris.join(', '),
      meta: { cellClassName: 'font-mono text-xs' },
    }),
    column.display({
      id: 'actions',
      header: 'Actions',
      cell: ({ row }) => <DeleteOAuthClientButton teamId={teamId} client={row.original} />,
      meta: { headerClassName: 'sr-only', cellClassName: 'text-right' },
    }),
  ]);
}

/** Unsorted until a header is clicked: the API lists the newest client first. */
function OAuthClientsTable({ teamId, clients }: { teamId: string; clients: OAuthClient[] }) {
  const tableColumns = useMemo(() => columns(teamId), [teamId]);
  const table = useDataTable({ columns: tableColumns, data: clients, getRowId: (client) => client.clientId });
  return <DataTable table={table} aria-label="Pre-registered OAuth clients" />;
}

function DeleteOAuthClientButton({ teamId, client }: { teamId: string; client: OAuthClient }) {
  const remove = useDeleteOAuthClient(teamId);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm" aria-label={`Delete ${client.name}`}>
          Delete
        </Button>
      }
      title={`Delete ${client.name}?`}
      description="Every connection made with this client ends at once, and its secret stops working."
      confirmLabel="Delete client"
      pendingLabel="Deleting…"
      onConfirm={() => remove.mutateAsync(client.clientId)}
    />
  );
}

function CreateOAuthClientDialog({ teamId, origin }: { teamId: string; origin: string }) {
  const [redirectText, setRedirectText] = useState('');
  const create = useCreateOAuthClient(teamId);
  const form = useForm({ resolver: zodResolver(createOAuthClientRequestSchema), defaultValues: { name: '', redirectUris: [] as string[] } });
  const formError = useFormError(form.setError, ['name', 'redirectUris']);
  // Closing forgets the secret: it is shown this once.
  const dialog = useFormDialog<CreatedOAuthClient>({
    onClose: () => {
      formError.clear();
      setRedirectText('');
      form.reset();
    },
  });
  const created = dialog.result;
  const { errors } = form.formState;
  return (
    <Dialog {...dialog.props}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Plus aria-hidden />
          New OAuth client
        </Button>
      </DialogTrigger>
      <DialogContent>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>OAuth client created</DialogTitle>
              <DialogDescription>Paste these into the client. The secret is shown only now.</DialogDescription>
            </DialogHeader>
            <Alert>
              <TriangleAlert aria-hidden />
              <AlertTitle>Copy the secret now</AlertTitle>
              <AlertDescription>Gantry stores it encrypted and cannot show it again.</AlertDescription>
            </Alert>
            <div className="grid gap-4">
              <CopyField label="Client ID" value={created.clientId} copyLabel="Copy client ID" what="client ID" />
              <CopyField label="Client secret" value={created.clientSecret} copyLabel="Copy client secret" what="client secret" />
              <CopyField label="MCP server URL" value={`${origin}/mcp`} copyLabel="Copy MCP URL" what="URL" />
              <CopyField label="Authorization URL" value={`${origin}/oauth/authorize`} copyLabel="Copy authorization URL" what="URL" />
              <CopyField label="Token URL" value={`${origin}/oauth/token`} copyLabel="Copy token URL" what="URL" />
            </div>
            <DoneDialogFooter />
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>New OAuth client</DialogTitle>
              <DialogDescription>A confidential client (client_secret_basic) that can only be connected to this team.</DialogDescription>
            </DialogHeader>
            <form
              noValidate
              className="grid gap-5"
              onSubmit={form.handleSubmit((values) => {
                formError.clear();
                create.mutate(values, { onSuccess: dialog.setResult, onError: formError.onError });
              })}
            >
              <FormError message={formError.message} />
              <Field label="Name" error={errors.name?.message} hint="Shown on the consent page, e.g. “Support agent”.">
                {(control) => <Input {...control} autoComplete="off" autoFocus {...form.register('name')} />}
              </Field>
              <Controller
                control={form.control}
                name="redirectUris"
                render={({ field }) => (
                  <Field
                    label="Redirect URIs"
                    error={errors.redirectUris?.message ?? errors.redirectUris?.[0]?.message}
                    hint="One per line: https, a loopback http address, or an app scheme."
                  >
                    {(control) => (
                      <textarea
                        {...control}
                        rows={3}
                        className="min-h-20 w-full rounded-md border border-input bg-transparent px-3 py-2 font-mono text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50"
                        value={redirectText}
                        onChange={(event) => {
                          setRedirectText(event.target.value);
                          field.onChange(
                            event.target.value
                              .split('\n')
                              .map((line) => line.trim())
                              .filter(Boolean),
                          );
                        }}
                        onBlur={field.onBlur}
                      />
                    )}
                  </Field>
                )}
              />
              <FormDialogFooter pending={create.isPending} submitLabel="Create client" pendingLabel="Creating…" />
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
