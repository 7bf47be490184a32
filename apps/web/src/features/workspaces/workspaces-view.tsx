'use client';

import type { WorkspaceList } from '@gantry/contracts';
import { Boxes, TriangleAlert } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { EmptyState } from '@/components/empty-state';
import { FormError } from '@/components/forms/form-error';
import { PageHeader } from '@/components/page-header';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { TeamScope } from '@/features/teams/team-scope';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { CreateWorkspaceDialog } from './create-workspace-dialog';
import { GitCredentialsCard } from './git-credentials-card';
import { TemplatesCard } from './templates-card';
import { WorkspacesUnavailable } from './workspace-parts';
import { isWorkspacesUnavailable, useWorkspaces, workspaceErrorMessage } from './workspaces-api';
import { WorkspacesTable } from './workspaces-table';

const TABS = ['workspaces', 'templates', 'git-credentials'] as const;
type Tab = (typeof TABS)[number];

export function WorkspacesView({ teamId }: { teamId: string }) {
  return <TeamScope teamId={teamId}>{(current) => <TeamWorkspaces current={current} />}</TeamScope>;
}

/** The tab lives in the URL (?tab=templates) so it survives a reload and can be linked to. */
function useTab(): [Tab, (tab: string) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const asked = params.get('tab');
  const tab = TABS.find((one) => one === asked) ?? 'workspaces';
  return [tab, (next) => router.replace(next === 'workspaces' ? pathname : `${pathname}?tab=${next}`, { scroll: false })];
}

function TeamWorkspaces({ current }: { current: CurrentTeam }) {
  const { team, can } = current;
  const [tab, setTab] = useTab();
  const workspaces = useWorkspaces(team.id);
  const unavailable = workspaces.isError && isWorkspacesUnavailable(workspaces.error);
  const canCreate = can('workspaces.use') && !unavailable;

  return (
    <div className="grid gap-8">
      <PageHeader
        title="Workspaces"
        description="Odoo instances for a branch of your addons, each with its own database and filestore, for development, review and AI agents."
        actions={canCreate && tab === 'workspaces' && <CreateWorkspaceDialog teamId={team.id} />}
      />
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList aria-label="Workspace sections">
          <TabsTrigger value="workspaces">Workspaces</TabsTrigger>
          <TabsTrigger value="templates">Templates</TabsTrigger>
          <TabsTrigger value="git-credentials">Git credentials</TabsTrigger>
        </TabsList>
        <TabsContent value="workspaces">
          <Card>
            <CardHeader>
              <div>
                <CardTitle>Workspaces of the team</CardTitle>
                <CardDescription>Every member can create, start, stop and delete workspaces; each operation is in the audit log.</CardDescription>
              </div>
            </CardHeader>
            <CardContent>
              {workspaces.isPending ? (
                <Spinner label="Loading workspaces" />
              ) : workspaces.isError ? (
                isWorkspacesUnavailable(workspaces.error) ? (
                  <WorkspacesUnavailable error={workspaces.error} />
                ) : (
                  <FormError message={workspaceErrorMessage(workspaces.error)} />
                )
              ) : workspaces.data.workspaces.length === 0 ? (
                <EmptyState
                  icon={Boxes}
                  title="No workspaces yet"
                  description="Create one to get a running Odoo for a branch in seconds, fresh or from a template."
                  action={canCreate && <CreateWorkspaceDialog teamId={team.id} />}
                />
              ) : (
                <WorkspacesTable teamId={team.id} teamName={team.name} workspaces={workspaces.data.workspaces} />
              )}
            </CardContent>
          </Card>
          {workspaces.data && workspaces.data.orphans.length > 0 && <Orphans orphans={workspaces.data.orphans} />}
        </TabsContent>
        <TabsContent value="templates">
          <TemplatesCard current={current} />
        </TabsContent>
        <TabsContent value="git-credentials">
          <GitCredentialsCard current={current} />
        </TabsContent>
      </Tabs>
    </div>
  );
}

function Orphans({ orphans }: { orphans: WorkspaceList['orphans'] }) {
  return (
    <Alert variant="warning" className="mt-4">
      <TriangleAlert aria-hidden />
      <AlertTitle>Containers without a workspace</AlertTitle>
      <AlertDescription>
        <p>These containers carry this team’s labels but no workspace claims them. Gantry never deletes them; ask your administrator.</p>
        <ul className="mt-2 list-disc pl-5 font-mono text-xs">
          {orphans.map((orphan) => (
            <li key={orphan.containerName}>
              {orphan.containerName} ({orphan.state})
            </li>
          ))}
        </ul>
      </AlertDescription>
    </Alert>
  );
}
