import type { Metadata } from 'next';
import { WorkspacesView } from '@/features/workspaces/workspaces-view';

export const metadata: Metadata = { title: 'Workspaces' };

export default async function WorkspacesPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return <WorkspacesView teamId={teamId} />;
}
