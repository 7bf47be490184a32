'use client';

import type { InvitationPreview } from '@gantry/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { FormError } from '@/components/forms/form-error';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/form-errors';
import { useSession } from '@/lib/session';
import { AcceptInvitationForm } from './accept-invitation-form';
import { logout } from './auth-api';
import { JoinInvitation } from './join-invitation';

/**
 * The preview does not say whether the invited email has an account (that would let anyone with
 * a link probe addresses), so the page offers both ways: sign in and join, or create the account.
 */
export function InvitationResponse({ token, preview }: { token: string; preview: InvitationPreview }) {
  const session = useSession();
  const signInPath = `/login?next=${encodeURIComponent(`/invitations/${token}`)}`;

  if (session.status === 'loading') return <Spinner />;
  if (session.status === 'authenticated') {
    const { user } = session.session;
    if (user.email.toLowerCase() === preview.email.toLowerCase()) return <JoinInvitation token={token} preview={preview} user={user} />;
    return <SignedInAsAnother signedInAs={user.email} invited={preview.email} signInPath={signInPath} />;
  }
  return (
    <div className="grid gap-6">
      <AcceptInvitationForm token={token} preview={preview} />
      <p className="text-center text-sm text-muted-foreground">
        Already have a Gantry account?{' '}
        <Link href={signInPath} className="font-medium text-foreground underline underline-offset-4">
          Sign in to join
        </Link>
      </p>
    </div>
  );
}

function SignedInAsAnother({ signedInAs, invited, signInPath }: { signedInAs: string; invited: string; signInPath: string }) {
  const [problem, setProblem] = useState('');
  const [signingOut, setSigningOut] = useState(false);

  async function switchAccount() {
    setSigningOut(true);
    try {
      await logout();
      // A full load drops the in-memory token; the sign-in page then comes back here.
      window.location.replace(signInPath);
    } catch (error) {
      setSigningOut(false);
      setProblem(errorMessage(error));
    }
  }

  return (
    <div className="grid gap-4">
      <FormError message={problem} />
      <p className="text-sm text-muted-foreground">
        This invitation is for <strong className="font-medium text-foreground">{invited}</strong>, and you are signed in as{' '}
        <strong className="font-medium text-foreground">{signedInAs}</strong>. Sign out, then sign in as {invited} or create that account.
      </p>
      <Button variant="outline" disabled={signingOut} onClick={() => void switchAccount()}>
        {signingOut ? 'Signing out…' : 'Sign out and continue'}
      </Button>
    </div>
  );
}
