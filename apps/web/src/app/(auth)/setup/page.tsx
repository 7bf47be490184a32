import { setupStatusSchema } from '@gantry/contracts';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { AuthCard } from '@/features/auth/auth-card';
import { SetupForm } from '@/features/auth/setup-form';
import { request } from '@/lib/api-client';

export const metadata: Metadata = { title: 'Set up Gantry' };

export default async function SetupPage() {
  await connection();
  const { needsSetup } = await request('/api/setup', { schema: setupStatusSchema });
  if (!needsSetup) redirect('/login');
  return (
    <AuthCard title="Set up Gantry" description="Create the first owner account and its team. This page is available only once.">
      <SetupForm />
    </AuthCard>
  );
}
