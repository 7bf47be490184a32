import type { Metadata } from 'next';
import { ConsentView } from '@/features/oauth/consent-view';

export const metadata: Metadata = { title: 'Connect an AI client' };

/** Where the authorization server sends the browser: sign in if needed, then allow or deny. */
export default async function AuthorizePage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  return <ConsentView uid={uid} />;
}
