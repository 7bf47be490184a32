import type { Metadata } from 'next';
import { MembersView } from '@/features/members/members-view';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return <MembersView teamId={teamId} />;
}
