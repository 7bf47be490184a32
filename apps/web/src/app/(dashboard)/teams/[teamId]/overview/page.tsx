import type { Metadata } from 'next';
import { OverviewView } from '@/features/overview/overview-view';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return <OverviewView teamId={teamId} />;
}
