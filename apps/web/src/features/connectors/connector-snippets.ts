/** What stands for the secret in every snippet; it reads as a blank to fill in and is safe in a shell. */
export const API_KEY_PLACEHOLDER = 'YOUR_API_KEY';

export type ConnectorGuide = {
  id: string;
  name: string;
  steps: ReadonlyArray<{ text: string; code?: string; codeLabel?: string }>;
};

/** The set-up of each client, as in the README's "Connecting MCP clients", with this server's URL filled in. */
export function connectorGuides({ mcpUrl, origin, teamId, email }: { mcpUrl: string; origin: string; teamId: string; email: string }): ConnectorGuide[] {
  const bearer = `Bearer ${API_KEY_PLACEHOLDER}`;
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const countPartners = json({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'count_records', arguments: { model: 'res.partner' } },
  });
  return [
    {
      id: 'claude-code',
      name: 'Claude Code',
      steps: [
        {
          text: 'Add Gantry as an HTTP MCP server (add --scope user to have it in every project):',
          code: `claude mcp add --transport http gantry ${mcpUrl} \\\n  --header "Authorization: ${bearer}"`,
          codeLabel: 'Claude Code command',
        },
        {
          text: 'Check that it connects; then ask Claude, for example, how many contacts your Odoo has.',
          code: 'claude mcp list',
          codeLabel: 'Claude Code check',
        },
      ],
    },
    {
      id: 'cursor',
      name: 'Cursor',
      steps: [
        {
          text: 'Add Gantry to ~/.cursor/mcp.json (every project) or .cursor/mcp.json (one project):',
          code: json({ mcpServers: { gantry: { url: mcpUrl, headers: { Authorization: bearer } } } }),
          codeLabel: 'Cursor configuration',
        },
        { text: 'Open Cursor Settings › MCP: “gantry” should be listed with its tools. Use it from the agent chat.' },
      ],
    },
    {
      id: 'vscode',
      name: 'VS Code',
      steps: [
        {
          text: 'Add Gantry to .vscode/mcp.json in your workspace:',
          code: json({ servers: { gantry: { type: 'http', url: mcpUrl, headers: { Authorization: bearer } } } }),
          codeLabel: 'VS Code configuration',
        },
        {
          text: 'Start the server from the “Start” link above it in mcp.json, or with the command “MCP: List Servers”. Copilot Chat in agent mode then offers its tools.',
        },
      ],
    },
    {
      id: 'inspector',
      name: 'MCP Inspector',
      steps: [
        { text: 'Start the Inspector; it opens in your browser:', code: 'npx @modelcontextprotocol/inspector', codeLabel: 'MCP Inspector command' },
        { text: `Choose the transport “Streamable HTTP” and enter the URL ${mcpUrl}.` },
        {
          text: 'Under Authentication, add the header below, then Connect and List Tools:',
          code: `Authorization: ${bearer}`,
          codeLabel: 'MCP Inspector header',
        },
      ],
    },
    {
      id: 'scripts',
      name: 'Scripts',
      steps: [
        {
          text: 'Call a tool over MCP with any HTTP client, here curl:',
          code: [
            `curl ${mcpUrl} \\`,
            `  -H "Authorization: ${bearer}" \\`,
            '  -H "Content-Type: application/json" \\',
            '  -H "Accept: application/json, text/event-stream" \\',
            `  -d '${countPartners.replace(/\n\s*/g, ' ')}'`,
          ].join('\n'),
          codeLabel: 'curl MCP call',
        },
        {
          text: 'The same key works on the REST API as the password of HTTP Basic, with your email as the user name:',
          code: `curl -u "${email}:${API_KEY_PLACEHOLDER}" ${origin}/api/teams/${teamId}/members`,
          codeLabel: 'curl REST call',
        },
      ],
    },
  ];
}

/**
 * Clients that sign in by OAuth: only the URL is pasted; the client registers itself, opens the
 * browser on Gantry's consent page (team and scopes are chosen there), and refreshes its tokens.
 */
export function oauthConnectorGuides({ mcpUrl }: { mcpUrl: string }): ConnectorGuide[] {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const consent = 'Your browser opens Gantry: sign in if asked, choose the team and the scopes, and click Allow.';
  return [
    {
      id: 'claude-ai',
      name: 'Claude.ai',
      steps: [
        { text: 'In Claude.ai (or Claude Desktop), open Settings › Connectors and click “Add custom connector”.' },
        { text: 'Name it “Gantry” and paste the MCP server URL:', code: mcpUrl, codeLabel: 'Claude.ai connector URL' },
        { text: `Click Add, then Connect. ${consent}` },
        { text: 'In a chat, enable Gantry from the tools menu and ask, for example, how many contacts your Odoo has.' },
      ],
    },
    {
      id: 'chatgpt',
      name: 'ChatGPT',
      steps: [
        { text: 'In ChatGPT, open Settings › Apps & Connectors › Advanced settings and turn on Developer mode (a workspace admin may have to allow it).' },
        {
          text: 'Back in Apps & Connectors, click Create. Name it “Gantry”, choose OAuth as the authentication, and paste the MCP server URL:',
          code: mcpUrl,
          codeLabel: 'ChatGPT connector URL',
        },
        { text: `Tick “I trust this application”, click Create, then Connect. ${consent}` },
      ],
    },
    {
      id: 'claude-code-oauth',
      name: 'Claude Code',
      steps: [
        {
          text: 'Add Gantry as an HTTP MCP server, without any header:',
          code: `claude mcp add --transport http gantry ${mcpUrl}`,
          codeLabel: 'Claude Code OAuth command',
        },
        { text: `In Claude Code, run /mcp, pick “gantry” and choose Authenticate. ${consent}`, code: '/mcp', codeLabel: 'Claude Code slash command' },
      ],
    },
    {
      id: 'cursor-oauth',
      name: 'Cursor',
      steps: [
        {
          text: 'Add Gantry to ~/.cursor/mcp.json with only its URL:',
          code: json({ mcpServers: { gantry: { url: mcpUrl } } }),
          codeLabel: 'Cursor OAuth configuration',
        },
        { text: `In Cursor Settings › MCP, click “Needs login” next to gantry. ${consent}` },
      ],
    },
    {
      id: 'vscode-oauth',
      name: 'VS Code',
      steps: [
        {
          text: 'Add Gantry to .vscode/mcp.json with only its URL:',
          code: json({ servers: { gantry: { type: 'http', url: mcpUrl } } }),
          codeLabel: 'VS Code OAuth configuration',
        },
        { text: `Click Start above the server; VS Code asks to allow authentication with this server. ${consent}` },
      ],
    },
    {
      id: 'inspector-oauth',
      name: 'MCP Inspector',
      steps: [
        { text: 'Start the Inspector:', code: 'npx @modelcontextprotocol/inspector', codeLabel: 'MCP Inspector OAuth command' },
        { text: `Choose “Streamable HTTP”, enter ${mcpUrl}, open the Auth Settings and run the Quick OAuth Flow. ${consent}` },
      ],
    },
  ];
}
