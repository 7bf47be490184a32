import type { Metadata } from 'next';
import { UsageView } from '@/features/usage/usage-view';

export const metadata: Metadata = { title: 'Usage' };

export default async function UsagePage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return <UsageView teamId={teamId} />;
}
