import type { Metadata } from 'next';
import { AuditView } from '@/features/audit/audit-view';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return <AuditView teamId={teamId} />;
}
