'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { FullPageMessage, FullPageSpinner } from '@/components/full-page-status';
import { Button } from '@/components/ui/button';
import { AuthCard } from '@/features/auth/auth-card';
import { CreateTeamForm } from '@/features/teams/create-team-form';
import { useTeams } from '@/features/teams/teams-api';
import { useSession } from '@/lib/session';

/** `/` has no page of its own: it sends you to your first team, or to sign in. */
export function HomeRedirect() {
  const router = useRouter();
  const session = useSession();
  const teams = useTeams({ enabled: session.status === 'authenticated' });
  const firstTeam = teams.data?.[0];

  useEffect(() => {
    if (session.status === 'anonymous') router.replace('/login');
    else if (firstTeam) router.replace(`/teams/${firstTeam.id}/members`);
  }, [session.status, firstTeam, router]);

  if (session.status === 'error' || teams.isError) {
    const error = session.status === 'error' ? session.error : teams.error;
    return (
      <FullPageMessage title="Gantry is not reachable">
        <p className="text-sm text-muted-foreground">{error?.message}</p>
        <Button onClick={() => window.location.reload()}>Try again</Button>
      </FullPageMessage>
    );
  }
  if (teams.data?.length === 0) {
    return (
      <main className="flex min-h-dvh items-center justify-center px-4">
        <AuthCard title="You are not in a team yet" description="Create one, or ask a team owner for an invitation link.">
          <CreateTeamForm onCreated={(team) => router.replace(`/teams/${team.id}/members`)} />
        </AuthCard>
      </main>
    );
  }
  return <FullPageSpinner />;
}
