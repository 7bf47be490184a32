import type { Metadata } from 'next';
import { TeamSettingsView } from '@/features/settings/team-settings-view';

export const metadata: Metadata = { title: 'Team settings' };

export default async function TeamSettingsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return <TeamSettingsView teamId={teamId} />;
}
