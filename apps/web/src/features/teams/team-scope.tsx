'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { FormError } from '@/components/forms/form-error';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/form-errors';
import { useCurrentTeam, type CurrentTeam } from './teams-api';

/** Every team page starts the same way: wait for the caller's teams, then find the one in the URL. */
export function TeamScope({ teamId, children }: { teamId: string; children: (current: CurrentTeam) => ReactNode }) {
  const teams = useCurrentTeam(teamId);
  if (teams.isPending) return <Spinner label="Loading team" />;
  if (teams.isError) return <FormError message={errorMessage(teams.error)} />;
  if (!teams.current) {
    return (
      <div className="grid justify-items-start gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Team not found</h1>
        <p className="text-muted-foreground">This team does not exist, or you are not one of its members.</p>
        <Button asChild variant="outline">
          <Link href="/">Go to your teams</Link>
        </Button>
      </div>
    );
  }
  return children(teams.current);
}
