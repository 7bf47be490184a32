import type { Metadata } from 'next';
import { OdooConnectionView } from '@/features/odoo/odoo-connection-view';

export const metadata: Metadata = { title: 'Odoo connection' };

export default async function OdooConnectionPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return <OdooConnectionView teamId={teamId} />;
}
