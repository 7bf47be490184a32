import { invitationPreviewSchema, type InvitationPreview } from '@gantry/contracts';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { AuthCard } from '@/features/auth/auth-card';
import { InvitationResponse } from '@/features/auth/invitation-response';
import { ApiError, request } from '@/lib/api-client';
import { formatDate } from '@/lib/format';

export const metadata: Metadata = { title: 'Invitation' };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const result = await loadPreview(token);
  if ('problem' in result) {
    return (
      <AuthCard title="This invitation cannot be used" description={result.problem}>
        <Button asChild variant="outline" className="w-full">
          <Link href="/login">Go to sign in</Link>
        </Button>
      </AuthCard>
    );
  }
  const { preview } = result;
  return (
    <AuthCard
      title={`Join ${preview.team.name}`}
      description={
        <>
          You are invited as <strong className="font-medium text-foreground">{preview.role}</strong>. The invitation expires on {formatDate(preview.expiresAt)}.
        </>
      }
    >
      <InvitationResponse token={token} preview={preview} />
    </AuthCard>
  );
}

async function loadPreview(token: string): Promise<{ preview: InvitationPreview } | { problem: string }> {
  try {
    return { preview: await request(`/api/invitations/${encodeURIComponent(token)}`, { schema: invitationPreviewSchema }) };
  } catch (error) {
    if (error instanceof ApiError && error.status < 500 && error.status !== 0) {
      return { problem: `${error.message.replace(/\.$/, '')}. Ask the person who invited you for a new link.` };
    }
    return { problem: 'Gantry could not check this invitation right now. Please try again in a moment.' };
  }
}
