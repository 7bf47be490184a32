'use client';

import { Boxes, Cable, ChartColumn, KeyRound, LayoutDashboard, PlugZap, ScrollText, Settings, Users } from 'lucide-react';
import Link from 'next/link';
import { useParams, usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { FullPageMessage, FullPageSpinner } from '@/components/full-page-status';
import { GantryMark } from '@/components/gantry-mark';
import { Button } from '@/components/ui/button';
import { useSession } from '@/lib/session';
import { cn } from '@/lib/utils';
import { TeamSwitcher } from './team-switcher';
import { UserMenu } from './user-menu';

const NAV_ITEMS = [
  { segment: 'overview', label: 'Overview', icon: LayoutDashboard },
  { segment: 'members', label: 'Members', icon: Users },
  { segment: 'api-keys', label: 'API keys', icon: KeyRound },
  { segment: 'odoo', label: 'Odoo connection', icon: PlugZap },
  { segment: 'workspaces', label: 'Workspaces', icon: Boxes },
  { segment: 'audit', label: 'Audit log', icon: ScrollText },
  { segment: 'usage', label: 'Usage', icon: ChartColumn },
  { segment: 'connectors', label: 'Connectors', icon: Cable },
  { segment: 'settings', label: 'Settings', icon: Settings },
] as const;

export function DashboardShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const router = useRouter();
  const pathname = usePathname();

  // Also reached when a refresh fails mid-session: the API client ends the session.
  useEffect(() => {
    if (session.status === 'anonymous') router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [session.status, pathname, router]);

  if (session.status === 'error') {
    return (
      <FullPageMessage title="Gantry is not reachable">
        <p className="text-sm text-muted-foreground">{session.error.message}</p>
        <Button onClick={session.retry}>Try again</Button>
      </FullPageMessage>
    );
  }
  if (session.status !== 'authenticated') return <FullPageSpinner label="Checking your session" />;

  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <aside className="flex shrink-0 flex-row items-center gap-4 border-b bg-card px-4 py-3 md:w-60 md:flex-col md:items-stretch md:border-r md:border-b-0 md:py-5">
        <Link href="/" className="rounded-md px-2 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
          <GantryMark />
        </Link>
        <SidebarNav />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between gap-4 border-b bg-card/60 px-4 md:px-8">
          <TeamSwitcher />
          <UserMenu user={session.session.user} />
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 md:px-8">{children}</main>
      </div>
    </div>
  );
}

function SidebarNav() {
  const pathname = usePathname();
  const { teamId } = useParams<{ teamId?: string }>();
  if (!teamId) return null;
  return (
    <nav aria-label="Team" className="flex min-w-0 gap-1 overflow-x-auto md:flex-col md:overflow-visible">
      {NAV_ITEMS.map(({ segment, label, icon: Icon }) => {
        const href = `/teams/${teamId}/${segment}`;
        const active = pathname.startsWith(href);
        return (
          <Link
            key={segment}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'flex shrink-0 items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground outline-none transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50',
              active && 'bg-accent text-accent-foreground',
            )}
          >
            <Icon aria-hidden className="size-4 shrink-0" />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
