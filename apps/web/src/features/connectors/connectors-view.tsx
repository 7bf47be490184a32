'use client';

import { KeyRound } from 'lucide-react';
import Link from 'next/link';
import { CodeBlock, CopyField } from '@/components/copy';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { TeamScope } from '@/features/teams/team-scope';
import { useSession } from '@/lib/session';
import { OAuthClientsCard } from '@/features/oauth/oauth-clients-card';
import { OAuthGrantsCard } from '@/features/oauth/oauth-grants-card';
import { API_KEY_PLACEHOLDER, connectorGuides, oauthConnectorGuides, type ConnectorGuide } from './connector-snippets';
import { useOrigin } from '@/lib/use-origin';

export function ConnectorsView({ teamId }: { teamId: string }) {
  const origin = useOrigin();
  const session = useSession();
  if (!origin || session.status !== 'authenticated') return <Spinner label="Loading" />;
  const email = session.session.user.email;

  return (
    <TeamScope teamId={teamId}>
      {({ team, can }) => {
        const mcpUrl = `${origin}/mcp`;
        const keysHref = `/teams/${team.id}/api-keys`;
        const guides = connectorGuides({ mcpUrl, origin, teamId: team.id, email });
        return (
          <div className="grid gap-8">
            <PageHeader
              title="Connectors"
              description={
                <>
                  Connect an AI client to <span className="font-medium text-foreground">{team.name}</span>’s Odoo through Gantry’s MCP server.
                </>
              }
            />
            <Card>
              <CardHeader className="block">
                <CardTitle>Sign in with OAuth (recommended)</CardTitle>
                <CardDescription>
                  Paste only this URL into your client. It opens Gantry in your browser, where you choose the team and what the client may do. Nothing secret is
                  pasted, and you can disconnect it below at any time.
                </CardDescription>
              </CardHeader>
              <CardContent className="grid min-w-0 gap-6">
                <CopyField label="MCP server URL" value={mcpUrl} copyLabel="Copy URL" what="URL" />
                <GuideTabs label="OAuth clients" guides={oauthConnectorGuides({ mcpUrl })} />
              </CardContent>
            </Card>
            <OAuthGrantsCard teamId={team.id} canManage={can('oauth.grants.manage')} />
            {can('oauth.clients.manage') && <OAuthClientsCard teamId={team.id} origin={origin} />}
            <Card>
              <CardHeader>
                <div>
                  <CardTitle>Or use an API key</CardTitle>
                  <CardDescription>
                    For scripts and clients configured with a header. Snippets below use{' '}
                    <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">{API_KEY_PLACEHOLDER}</code>: replace it with your key (it starts with
                    gnt_live_). The tools a client sees follow the key’s scopes.
                  </CardDescription>
                </div>
                <Button asChild variant="outline">
                  <Link href={keysHref}>
                    <KeyRound aria-hidden />
                    Create an API key
                  </Link>
                </Button>
              </CardHeader>
              <CardContent className="grid min-w-0 gap-6">
                <GuideTabs label="API key clients" guides={guides} />
              </CardContent>
            </Card>
          </div>
        );
      }}
    </TeamScope>
  );
}

function GuideTabs({ label, guides }: { label: string; guides: ConnectorGuide[] }) {
  return (
    <Tabs defaultValue={guides[0].id} className="min-w-0">
      <TabsList aria-label={label}>
        {guides.map((guide) => (
          <TabsTrigger key={guide.id} value={guide.id}>
            {guide.name}
          </TabsTrigger>
        ))}
      </TabsList>
      {guides.map((guide) => (
        <TabsContent key={guide.id} value={guide.id}>
          <ol className="grid min-w-0 list-decimal gap-4 pl-5 text-sm marker:text-muted-foreground">
            {guide.steps.map((step) => (
              <li key={step.text} className="grid min-w-0 gap-2 pl-1">
                <p>{step.text}</p>
                {step.code && <CodeBlock code={step.code} label={step.codeLabel ?? `${guide.name} snippet`} />}
              </li>
            ))}
          </ol>
        </TabsContent>
      ))}
    </Tabs>
  );
}
