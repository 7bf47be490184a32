import type { Metadata } from 'next';
import { AuthCard } from '@/features/auth/auth-card';
import { LoginForm } from '@/features/auth/login-form';
import { safeNextPath } from '@/lib/next-path';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  return (
    <AuthCard title="Sign in" description="Use the email and password of your Gantry account.">
      <LoginForm next={safeNextPath(next)} />
    </AuthCard>
  );
}
