'use client';

import { KeyRound, ShieldCheck } from 'lucide-react';
import Link from 'next/link';
import { useSyncExternalStore } from 'react';
import { CodeBlock, CopyField } from '@/components/copy';
import { PageHeader } from '@/components/page-header';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { TeamScope } from '@/features/teams/team-scope';
import { useSession } from '@/lib/session';
import { API_KEY_PLACEHOLDER, connectorGuides } from './connector-snippets';

const subscribeToNothing = () => () => undefined;

/** The address this dashboard is served from is the public one, and /mcp is forwarded to the API. */
function useOrigin(): string | null {
  return useSyncExternalStore(
    subscribeToNothing,
    () => window.location.origin,
    () => null,
  );
}

export function ConnectorsView({ teamId }: { teamId: string }) {
  const origin = useOrigin();
  const session = useSession();
  if (!origin || session.status !== 'authenticated') return <Spinner label="Loading" />;
  const email = session.session.user.email;

  return (
    <TeamScope teamId={teamId}>
      {({ team }) => {
        const mcpUrl = `${origin}/mcp`;
        const keysHref = `/teams/${team.id}/api-keys`;
        const guides = connectorGuides({ mcpUrl, origin, teamId: team.id, email });
        return (
          <div className="grid gap-8">
            <PageHeader
              title="Connectors"
              description={
                <>
                  Connect an AI client to <span className="font-medium text-foreground">{team.name}</span>’s Odoo through Gantry’s MCP
                  server.
                </>
              }
            />
            <Card>
              <CardHeader>
                <div>
                  <CardTitle>1. Create an API key</CardTitle>
                  <CardDescription>
                    Clients sign in with a key of yours. Give it only the scopes the assistant needs. Snippets below use{' '}
                    <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">{API_KEY_PLACEHOLDER}</code>: replace it with your key
                    (it starts with gnt_live_).
                  </CardDescription>
                </div>
                <Button asChild variant="outline">
                  <Link href={keysHref}>
                    <KeyRound aria-hidden />
                    Create an API key
                  </Link>
                </Button>
              </CardHeader>
            </Card>
            <Card>
              <CardHeader className="block">
                <CardTitle>2. Point your client at the MCP server</CardTitle>
                <CardDescription>Streamable HTTP; the tools a client sees follow its key’s scopes.</CardDescription>
              </CardHeader>
              <CardContent className="grid min-w-0 gap-6">
                <CopyField label="MCP server URL" value={mcpUrl} copyLabel="Copy URL" what="URL" />
                <Tabs defaultValue={guides[0].id} className="min-w-0">
                  <TabsList aria-label="MCP clients">
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
              </CardContent>
            </Card>
            <Alert>
              <ShieldCheck aria-hidden />
              <AlertTitle>Claude.ai and ChatGPT: coming soon</AlertTitle>
              <AlertDescription>
                These connect through OAuth: you will add Gantry as a connector and sign in, without pasting a key. Until then, use
                one of the clients above.
              </AlertDescription>
            </Alert>
          </div>
        );
      }}
    </TeamScope>
  );
}
