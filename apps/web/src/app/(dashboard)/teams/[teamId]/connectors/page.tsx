import type { Metadata } from 'next';
import { ConnectorsView } from '@/features/connectors/connectors-view';

export const metadata: Metadata = { title: 'Connectors' };

export default async function ConnectorsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return <ConnectorsView teamId={teamId} />;
}
