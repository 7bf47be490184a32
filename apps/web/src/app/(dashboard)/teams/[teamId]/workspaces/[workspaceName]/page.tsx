import type { Metadata } from 'next';
import { WorkspaceDetailView } from '@/features/workspaces/workspace-detail-view';

type Params = { teamId: string; workspaceName: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { workspaceName } = await params;
  return { title: `Workspace ${decodeURIComponent(workspaceName)}` };
}

/** Workspaces are addressed by name, as in the API (`/workspaces/:name`): names are unique per team. */
export default async function WorkspacePage({ params }: { params: Promise<Params> }) {
  const { teamId, workspaceName } = await params;
  return <WorkspaceDetailView teamId={teamId} name={decodeURIComponent(workspaceName)} />;
}
