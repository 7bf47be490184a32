import { setupStatusSchema } from '@gantry/contracts';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { HomeRedirect } from '@/features/shell/home-redirect';
import { request } from '@/lib/api-client';

export default async function HomePage() {
  await connection();
  // If the API cannot answer, the client-side redirect below reports it in words.
  const setup = await request('/api/setup', { schema: setupStatusSchema }).catch(() => null);
  if (setup?.needsSetup) redirect('/setup');
  return <HomeRedirect />;
}
