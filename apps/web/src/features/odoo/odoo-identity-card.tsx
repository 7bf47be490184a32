'use client';

import { odooIdentityInputSchema, type OdooIdentity } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link2, Unlink } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-error';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import { toast } from '@/components/ui/toast';
import { applyApiError, errorMessage } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { useLinkOdooIdentity, useOdooIdentity, useUnlinkOdooIdentity } from './odoo-identity-api';

const FIELD_NAMES = ['login', 'secret'] as const;

/** Every member links (or unlinks) their own Odoo login here; nobody sees anyone else's. */
export function OdooIdentityCard({ teamId }: { teamId: string }) {
  const identity = useOdooIdentity(teamId);
  const [editing, setEditing] = useState(false);
  const linked = identity.data?.linked ?? false;

  return (
    <Card aria-label="My Odoo login">
      <CardHeader>
        <div>
          <CardTitle className="flex items-center gap-2">
            My Odoo login
            {identity.data && (linked ? <Badge variant="success">Linked</Badge> : <Badge variant="secondary">Not linked</Badge>)}
          </CardTitle>
          <CardDescription>
            Once you link your own Odoo login, your AI calls in this team run as that Odoo user, under its own access rights, instead of the team connection.
          </CardDescription>
        </div>
        {identity.data && !editing && (
          <Button variant={linked ? 'outline' : 'default'} onClick={() => setEditing(true)}>
            <Link2 aria-hidden />
            {linked ? 'Change login' : 'Link my Odoo login'}
          </Button>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {identity.isPending ? (
          <Spinner label="Loading your Odoo login" />
        ) : identity.isError ? (
          <FormError message={errorMessage(identity.error)} />
        ) : (
          <>
            {linked ? (
              <LinkedIdentity teamId={teamId} identity={identity.data} />
            ) : (
              !editing && <p className="text-sm text-muted-foreground">Your AI calls run as the team connection’s Odoo user.</p>
            )}
            {editing && <OdooIdentityForm teamId={teamId} defaultLogin={identity.data.login ?? ''} onDone={() => setEditing(false)} />}
          </>
        )}
      </CardContent>
    </Card>
  );
}

function LinkedIdentity({ teamId, identity }: { teamId: string; identity: OdooIdentity }) {
  const unlink = useUnlinkOdooIdentity(teamId);
  return (
    <div className="flex flex-wrap items-center justify-between gap-4 rounded-lg border p-4">
      <dl className="grid gap-1 text-sm">
        <div className="flex gap-2">
          <dt className="text-muted-foreground">Login</dt>
          <dd className="font-mono">{identity.login}</dd>
        </div>
        {identity.odooUser && (
          <div className="flex gap-2">
            <dt className="text-muted-foreground">Odoo user</dt>
            <dd>
              {identity.odooUser.name} (uid {identity.odooUser.uid})
            </dd>
          </div>
        )}
        <div className="flex gap-2">
          <dt className="text-muted-foreground">API key</dt>
          <dd className="font-mono">{identity.secretMasked ?? '••••••••'}</dd>
        </div>
        {identity.updatedAt && (
          <div className="flex gap-2">
            <dt className="text-muted-foreground">Linked on</dt>
            <dd>{formatDateTime(identity.updatedAt)}</dd>
          </div>
        )}
      </dl>
      <ConfirmDialog
        trigger={
          <Button variant="outline" className="text-destructive">
            <Unlink aria-hidden />
            Unlink
          </Button>
        }
        title="Unlink your Odoo login?"
        description="Gantry deletes your stored login and API key. Your AI calls then run as the team connection’s Odoo user again."
        confirmLabel="Unlink login"
        pendingLabel="Unlinking…"
        onConfirm={async () => {
          await unlink.mutateAsync();
          toast('Odoo login unlinked');
        }}
      />
    </div>
  );
}

function OdooIdentityForm({ teamId, defaultLogin, onDone }: { teamId: string; defaultLogin: string; onDone: () => void }) {
  const [formError, setFormError] = useState('');
  const form = useForm({ resolver: zodResolver(odooIdentityInputSchema), defaultValues: { login: defaultLogin, secret: '' } });
  const { errors } = form.formState;
  const link = useLinkOdooIdentity(teamId);

  const submit = form.handleSubmit(async (values) => {
    setFormError('');
    try {
      await link.mutateAsync(values);
    } catch (error) {
      // ODOO_CREDENTIALS_REJECTED carries Odoo's own reason in the message.
      setFormError(applyApiError(error, form.setError, FIELD_NAMES));
      return;
    }
    toast('Odoo login linked', { description: 'Your AI calls now run as this Odoo user.' });
    onDone();
  });

  return (
    <form noValidate aria-label="Link my Odoo login" className="grid gap-4" onSubmit={(event) => void submit(event)}>
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Your Odoo login" error={errors.login?.message} hint="The login you sign in to Odoo with.">
          {(control) => <Input {...control} autoComplete="username" {...form.register('login')} />}
        </Field>
        <Field label="Odoo API key" error={errors.secret?.message} hint="Create one in Odoo under My Profile › Account Security. Gantry stores it encrypted.">
          {(control) => <Input {...control} type="password" autoComplete="new-password" {...form.register('secret')} />}
        </Field>
      </div>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={link.isPending}>
          {link.isPending ? 'Checking with Odoo…' : 'Link login'}
        </Button>
      </div>
    </form>
  );
}
