'use client';

import { ChevronsUpDown, Plus } from 'lucide-react';
import { useParams, usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { CreateTeamDialog } from '@/features/teams/create-team-dialog';
import { useTeams } from '@/features/teams/teams-api';

/** Same page, other team: /teams/A/members → /teams/B/members. */
function pathForTeam(pathname: string, teamId: string): string {
  return /^\/teams\/[^/]+/.test(pathname) ? pathname.replace(/^\/teams\/[^/]+/, `/teams/${teamId}`) : `/teams/${teamId}/members`;
}

export function TeamSwitcher() {
  const router = useRouter();
  const pathname = usePathname();
  const { teamId } = useParams<{ teamId?: string }>();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  const current = teams.data?.find((team) => team.id === teamId);
  const label = current?.name ?? (teams.isPending ? 'Loading teams…' : 'Select a team');

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" className="max-w-64 justify-between gap-2" aria-label={`Switch team, current: ${label}`}>
            <span className="truncate">{label}</span>
            <ChevronsUpDown aria-hidden className="opacity-60" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-64">
          <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">Your teams</DropdownMenuLabel>
          {teams.isError && <p className="px-2 py-1.5 text-sm text-destructive">{teams.error.message}</p>}
          <DropdownMenuRadioGroup
            value={teamId}
            onValueChange={(id) => {
              if (id !== teamId) router.push(pathForTeam(pathname, id));
            }}
          >
            {teams.data?.map((team) => (
              <DropdownMenuRadioItem key={team.id} value={team.id}>
                <span className="truncate">{team.name}</span>
                <span className="ml-auto text-xs text-muted-foreground">{team.role}</span>
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus aria-hidden />
            Create team
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateTeamDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
