'use client';

import { Lock } from 'lucide-react';
import { PageHeader } from '@/components/page-header';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { TeamScope } from '@/features/teams/team-scope';
import { TeamSettingsForm } from './team-settings-form';

export function TeamSettingsView({ teamId }: { teamId: string }) {
  return (
    <TeamScope teamId={teamId}>
      {({ team, can }) => {
        const canManage = can('team.settings.write');
        return (
          <div className="grid gap-8">
            <PageHeader
              title="Team settings"
              description={
                <>
                  How <span className="font-medium text-foreground">{team.name}</span> works: its name, audit retention and the rules for AI clients.
                </>
              }
            />
            {!canManage && (
              <Alert>
                <Lock aria-hidden />
                <AlertDescription>Only the team’s owner can change these settings. You can read them.</AlertDescription>
              </Alert>
            )}
            <TeamSettingsForm key={team.id} team={team} canManage={canManage} />
          </div>
        );
      }}
    </TeamScope>
  );
}
