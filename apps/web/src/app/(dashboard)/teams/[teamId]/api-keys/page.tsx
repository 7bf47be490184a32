import type { Metadata } from 'next';
import { ApiKeysView } from '@/features/api-keys/api-keys-view';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return <ApiKeysView teamId={teamId} />;
}
