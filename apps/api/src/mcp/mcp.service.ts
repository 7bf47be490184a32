import { Inject, Injectable, Logger } from '@nestjs/common';
import { MCP_SCOPES, PERMISSIONS } from '@gantry/contracts';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, CallToolResult, ErrorCode, McpError, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { authorize } from '../authorization/authorize';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { McpAuthenticator } from './mcp-authenticator.service';
import { CONFIRMATION_ID_PREFIX, ConfirmationOutcome, McpConfirmations } from './mcp-confirmations.service';
import { McpCaller } from './mcp-caller';
import { McpServerPool } from './mcp-server-pool';
import { McpToolSets, TOOLS_BY_NAME, toolTarget, ToolSet } from './mcp-tool-sets';
import { CallMeta, McpToolRunner } from './mcp-tool-runner.service';
import { OdooGatewayService } from './odoo-gateway.service';
import { getFields, getRecord } from './tools/read-tools';
import { ToolDefinition } from './tools/tool-definition';

const SERVER_INFO = { name: 'gantry', title: 'Gantry — Odoo for AI assistants', version: '0.1.0' };
const INSTRUCTIONS =
  "Tools to work in this team's Odoo through Gantry. Start with list_models and get_fields to learn the data model, " +
  'then search_records / get_record / count_records / aggregate_records. Writes need the matching scope and may be disabled by the team. ' +
  'A team may hold destructive calls until a person approves them: such a call answers APPROVAL_PENDING with an approval id; ' +
  'do not repeat it, check back with get_approval. ' +
  'Records and model fields can also be read as resources: odoo://res.partner/7, odoo://res.partner/fields.';

type JsonRpcMessage = { method?: string; params?: { name?: string } };

/** Asks the user a yes/no question through the client (MCP elicitation); only where the response can carry it. */
type Ask = (message: string, title: string) => Promise<ConfirmationOutcome>;

/** Compiled once per tool: building a zod object on every call showed up in the CPU profile. */
const strictInputs = new WeakMap<ToolDefinition, z.ZodType>();
function strictInputOf(tool: ToolDefinition): z.ZodType {
  let schema = strictInputs.get(tool);
  if (!schema) {
    schema = z.object(tool.input).strict();
    strictInputs.set(tool, schema);
  }
  return schema;
}

/** The /mcp endpoint: stateless Streamable HTTP with JSON responses, one pooled McpServer per tool set. */
@Injectable()
export class McpService {
  readonly pool: McpServerPool;
  private readonly allowedOrigins: Set<string>;
  private readonly allowedHostnames: Set<string>;
  readonly resourceMetadataUrl: string;

  private readonly confirmationTimeoutMs: number;
  private readonly toolSets = new McpToolSets();

  constructor(
    private readonly authenticator: McpAuthenticator,
    private readonly runner: McpToolRunner,
    private readonly confirmations: McpConfirmations,
    private readonly gateway: OdooGatewayService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.confirmationTimeoutMs = config.MCP_CONFIRMATION_TIMEOUT_SECONDS * 1000;
    this.pool = new McpServerPool((toolSet) => this.buildServer(toolSet));
    const publicUrl = new URL(config.PUBLIC_URL);
    this.allowedOrigins = new Set([publicUrl.origin, ...config.MCP_ALLOWED_ORIGINS]);
    this.allowedHostnames = new Set([publicUrl.hostname, 'localhost', '127.0.0.1', '[::1]', ...config.MCP_ALLOWED_HOSTS]);
    this.resourceMetadataUrl = `${config.PUBLIC_URL}/.well-known/oauth-protected-resource/mcp`;
  }

  /** Express middleware for POST /mcp and POST /mcp/workspaces/<id>; other requests pass on. */
  middleware() {
    const logger = new Logger('Mcp');
    return (request: Request, response: Response, next: NextFunction): void => {
      if (request.method !== 'POST') return next();
      const path = request.path;
      const bound = path === '/mcp' ? undefined : /^\/mcp\/workspaces\/([^/]+)$/.exec(path);
      if (path !== '/mcp' && !bound) return next();
      this.handle(request, response, bound ? { workspaceId: decodeURIComponent(bound[1]!) } : undefined).catch((error: unknown) => {
        logger.error(`/mcp failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        if (!response.headersSent) response.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
      });
    };
  }

  /** `bound`: /mcp/workspaces/<id>, authenticated by that workspace's own token. */
  async handle(request: Request, response: Response, bound?: { workspaceId: string }): Promise<void> {
    // The name the client used: behind a proxy TRUST_PROXY trusts (the dashboard on :3000, which
    // sends the API its own Host) that is X-Forwarded-Host; from anyone else, the Host header.
    const hostname = (request.hostname ?? '').toLowerCase();
    if (!this.allowedHostnames.has(hostname)) return this.reject(response, 403, 'FORBIDDEN', `Host ${hostname || '(none)'} is not served here`);
    const origin = request.headers.origin;
    if (origin && !this.allowedOrigins.has(origin))
      return this.reject(response, 403, 'FORBIDDEN', `Origin ${origin} may not call this MCP server from a browser`);

    const caller = await this.authenticator.authenticate(request, response, Boolean(bound));
    if (!caller && bound) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="gantry-workspace"');
      return this.reject(
        response,
        401,
        'UNAUTHENTICATED',
        'Send this workspace\'s MCP token (gws_…) as "Authorization: Bearer <token>"; create one on the workspace\'s page',
      );
    }
    if (!caller) {
      response.setHeader('WWW-Authenticate', `Bearer realm="gantry", resource_metadata="${this.resourceMetadataUrl}"`);
      return this.reject(response, 401, 'UNAUTHENTICATED', 'Send a Gantry API key (gnt_live_…) or an OAuth access token as "Authorization: Bearer <token>"');
    }

    const toolSet = this.toolSets.forCaller(caller, await this.gateway.policyFor(caller.team.id));
    const missing = this.missingScope(request.body, caller, toolSet);
    if (missing) {
      await this.runner.run(missing.tool, (missing.args ?? {}) as Record<string, unknown>, caller, this.meta(request));
      const scope = missing.scopes.join(' ');
      response.setHeader('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${scope}", resource_metadata="${this.resourceMetadataUrl}"`);
      return this.reject(response, 403, 'INSUFFICIENT_SCOPE', `${missing.tool.name} needs the "${scope}" scope`);
    }

    if (this.isPlainToolCall(request)) return this.answerToolCall(request, response, caller, toolSet);
    const message = request.body as { jsonrpc?: unknown; method?: unknown; id?: unknown; params?: unknown; result?: unknown; error?: unknown } | undefined;
    if (message && !Array.isArray(message) && typeof message === 'object') {
      // A stateless server learns what a client can do only here, so it is kept per credential.
      if (message.method === 'initialize') await this.confirmations.rememberClient(caller, message.params);
      // The client's answer to a confirmation question, possibly asked by another replica.
      if (message.method === undefined && typeof message.id === 'string' && message.id.startsWith(CONFIRMATION_ID_PREFIX)) {
        const taken = await this.confirmations.answer(caller, { id: message.id, result: message.result, error: message.error });
        if (taken) {
          response.status(202).end();
          return;
        }
        return this.reject(response, 404, 'NOT_FOUND', 'No pending confirmation of this credential has that id (answered already, expired, or never asked)');
      }
    }

    const { server, release } = this.pool.acquire(toolSet);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    response.on('close', () => {
      void transport.close().finally(release);
    });
    await server.connect(transport);
    const authenticated = Object.assign(request, {
      auth: { token: '', clientId: caller.credential.id, scopes: [...caller.scopes], extra: { caller, toolSet, meta: this.meta(request) } },
    });
    await transport.handleRequest(authenticated, response, request.body);
  }

  /**
   * The hot path: a single, well-formed `tools/call` whose headers the SDK transport would accept
   * as they are (JSON body, both media types accepted, a supported protocol version) is answered
   * here with the same JSON-RPC response, without converting the request to a Web Request and back.
   * Anything else — initialize, tools/list, batches, notifications, odd headers — goes through the
   * SDK's transport and gets its exact behaviour and errors.
   */
  private isPlainToolCall(request: Request): boolean {
    const body = request.body as { jsonrpc?: unknown; method?: unknown; id?: unknown; params?: { name?: unknown; arguments?: unknown } } | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
    if (body.jsonrpc !== '2.0' || body.method !== 'tools/call') return false;
    if (!(typeof body.id === 'string' || (typeof body.id === 'number' && Number.isInteger(body.id)))) return false;
    const params = body.params;
    if (!params || typeof params !== 'object' || typeof params.name !== 'string') return false;
    if (params.arguments !== undefined && (typeof params.arguments !== 'object' || params.arguments === null || Array.isArray(params.arguments))) return false;
    const accept = request.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) return false;
    if (!(request.headers['content-type'] ?? '').includes('application/json')) return false;
    const version = request.headers['mcp-protocol-version'];
    return version === undefined || (typeof version === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(version));
  }

  private async answerToolCall(request: Request, response: Response, caller: McpCaller, toolSet: ToolSet): Promise<void> {
    const body = request.body as { id: string | number; params: { name: string; arguments?: Record<string, unknown>; _meta?: unknown } };
    // The answer is JSON, unless a confirmation has to be asked first: then it becomes an SSE
    // stream carrying the question (a JSON-RPC request), and later the tool's result.
    let streaming = false;
    const event = (message: unknown) => response.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    const answer = (message: unknown) => {
      if (!streaming) return void response.status(200).json(message);
      event(message);
      response.end();
    };
    const ask: Ask = (message, title) => {
      // Set up only when a question is asked: the hot path stays as it was.
      const closed = new AbortController();
      if (response.closed) closed.abort();
      else response.once('close', () => closed.abort());
      return this.confirmations.ask(
        caller,
        (id) => {
          if (!streaming) {
            response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
            streaming = true;
          }
          event({
            jsonrpc: '2.0',
            id,
            method: 'elicitation/create',
            params: {
              mode: 'form',
              message,
              requestedSchema: {
                type: 'object',
                properties: { confirm: { type: 'boolean', title, description: 'Allow this call to run', default: false } },
                required: ['confirm'],
              },
            },
          });
        },
        this.confirmationTimeoutMs,
        closed.signal,
      );
    };
    try {
      const result = await this.callTool(
        { name: body.params.name, arguments: body.params.arguments },
        { caller, toolSet, meta: this.meta(request) },
        body.id,
        ask,
      );
      answer({ result, jsonrpc: '2.0', id: body.id });
    } catch {
      // As the SDK answers a handler that throws: a JSON-RPC error, never a stack trace.
      answer({ jsonrpc: '2.0', id: body.id, error: { code: -32603, message: 'Internal error' } });
    }
  }

  /**
   * A tools/call of a tool that the decision point refuses for want of a scope gets the RFC 6750
   * challenge (403, `insufficient_scope` and the scope to ask for) instead of a tool error.
   */
  private missingScope(body: unknown, caller: McpCaller, toolSet: ToolSet) {
    const messages = (Array.isArray(body) ? body : [body]) as JsonRpcMessage[];
    for (const message of messages) {
      const name = message?.method === 'tools/call' ? message.params?.name : undefined;
      if (typeof name !== 'string' || toolSet.byName.has(name)) continue;
      const tool = TOOLS_BY_NAME.get(name);
      if (!tool) continue;
      const decision = authorize({ credential: caller.credential, role: caller.role }, tool.permission, { team: caller.team, tool: toolTarget(tool) });
      if (decision.outcome === 'deny' && decision.code === 'INSUFFICIENT_SCOPE') {
        const grantedBy = PERMISSIONS[tool.permission].grantedBy;
        return { tool, scopes: grantedBy === 'session' ? [] : grantedBy, args: (message.params as { arguments?: unknown }).arguments };
      }
    }
    return null;
  }

  private meta(request: Request) {
    const sessionId = request.headers['mcp-session-id'];
    const body = request.body as { id?: unknown } | undefined;
    return { mcpSessionId: typeof sessionId === 'string' ? sessionId.slice(0, 200) : null, requestId: body?.id !== undefined ? String(body.id) : null };
  }

  private reject(response: Response, status: number, code: string, message: string): void {
    response.status(status).json({ jsonrpc: '2.0', error: { code: status === 401 ? -32001 : -32003, message, data: { code } }, id: null });
  }

  private buildServer(toolSet: ToolSet): McpServer {
    const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS, capabilities: { tools: { listChanged: false } } });
    for (const tool of toolSet.tools) {
      server.registerTool(
        tool.name,
        { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: { title: tool.title, ...tool.annotations } },
        () => {
          throw new Error('tools/call is answered by McpService.callTool');
        },
      );
    }
    // Our own tools/call handler (tools/list stays the SDK's): invalid arguments are answered and
    // audited like every other call, instead of being refused before any of our code runs.
    server.server.setRequestHandler(CallToolRequestSchema, (request, extra) => this.callTool(request.params, extra.authInfo?.extra, extra.requestId));
    this.registerOdooResources(server, toolSet);
    return server;
  }

  /**
   * Resources for clients that attach context by URI: `odoo://{model}/{id}` (a record, scope read)
   * and `odoo://{model}/fields` (its fields, scope schema). Each read runs the matching tool, so
   * policy, rate limits and the audit log apply exactly as for tools/call.
   */
  private registerOdooResources(server: McpServer, toolSet: ToolSet): void {
    const read = async (
      tool: ToolDefinition,
      args: Record<string, unknown>,
      uri: URL,
      extra: { authInfo?: { extra?: unknown }; requestId: string | number },
    ) => {
      const { caller, meta } = extra.authInfo?.extra as { caller: McpCaller; meta: { mcpSessionId: string | null } };
      const result = await this.runner.run(tool, args, caller, { mcpSessionId: meta.mcpSessionId, requestId: String(extra.requestId) });
      if (result.isError) {
        const error = (result.structuredContent as { error?: { code?: string; message?: string } } | undefined)?.error;
        throw new McpError(ErrorCode.InvalidParams, error?.message ?? 'The resource could not be read', { code: error?.code });
      }
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(result.structuredContent) }] };
    };
    const modelOf = (value: string | string[]) => String(Array.isArray(value) ? value[0] : value);
    if (toolSet.byName.has(getFields.name)) {
      server.registerResource(
        'odoo-model-fields',
        new ResourceTemplate('odoo://{model}/fields', { list: undefined }),
        {
          title: 'Fields of an Odoo model',
          description: 'The readable fields of a model (name, type, label, relation), as get_fields returns them.',
          mimeType: 'application/json',
        },
        (uri, variables, extra) => read(getFields, { model: modelOf(variables.model) }, uri, extra),
      );
    }
    if (toolSet.byName.has(getRecord.name)) {
      server.registerResource(
        'odoo-record',
        new ResourceTemplate('odoo://{model}/{id}', { list: undefined }),
        {
          title: 'An Odoo record',
          description: 'One record with its main fields, as get_record returns it, e.g. odoo://res.partner/7.',
          mimeType: 'application/json',
        },
        (uri, variables, extra) => {
          const id = Number(modelOf(variables.id));
          if (!Number.isInteger(id) || id <= 0) throw new McpError(ErrorCode.InvalidParams, `${uri.href}: the id must be a positive integer (or "fields")`);
          return read(getRecord, { model: modelOf(variables.model), id }, uri, extra);
        },
      );
    }
  }

  private async callTool(
    params: { name: string; arguments?: Record<string, unknown> },
    context: unknown,
    requestId: string | number,
    ask?: Ask,
  ): Promise<CallToolResult> {
    const { caller, toolSet, meta } = context as { caller: McpCaller; toolSet: ToolSet; meta: { mcpSessionId: string | null } };
    const callMeta = { mcpSessionId: meta.mcpSessionId, requestId: String(requestId) };
    // A gateway tool this caller is not offered still goes to the runner, so that the refusal carries
    // the decision point's reason (role, tool list, read-only…); a workspace-bound caller knows only its own tools.
    const tool = toolSet.byName.get(params.name) ?? (caller.workspace ? undefined : TOOLS_BY_NAME.get(params.name));
    const args = params.arguments ?? {};
    if (!tool)
      return this.runner.refuse(
        params.name,
        args,
        caller,
        callMeta,
        'UNKNOWN_TOOL',
        `There is no tool named ${params.name}; call tools/list to see the available tools.`,
      );
    // A tool the caller is not offered is refused for its reason before its arguments are looked at.
    if (!toolSet.byName.has(tool.name)) {
      const refused = await this.runner.refusal(tool, args, caller, callMeta);
      if (refused) return refused;
    }
    const parsed = strictInputOf(tool).safeParse(args);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ');
      return this.runner.refuse(tool.name, args, caller, callMeta, 'INVALID_ARGUMENTS', `Invalid arguments for ${tool.name}: ${problems}`);
    }
    if (tool.annotations.destructiveHint) {
      const refused = await this.confirm(tool, parsed.data as Record<string, unknown>, caller, callMeta, ask);
      if (refused) return refused;
    }
    return this.runner.run(tool, parsed.data as Record<string, unknown>, caller, callMeta);
  }

  /**
   * The team's `destructiveConfirmation` policy for a destructive tool: null to go ahead, or the
   * refused (and audited) result. The question names the tool and its arguments as the user
   * would need them to decide. Where the team also holds destructive calls for approval, the
   * approval takes the question's place: an owner or admin decides, whatever the client supports.
   */
  private async confirm(tool: ToolDefinition, args: Record<string, unknown>, caller: McpCaller, meta: CallMeta, ask?: Ask): Promise<CallToolResult | null> {
    const { policy } = await this.gateway.policyFor(caller.team.id);
    const mode = policy.destructiveConfirmation;
    if (mode === 'off' || policy.approvals === 'destructive') return null;
    if (!ask || !(await this.confirmations.canAsk(caller))) {
      if (mode === 'when_supported') return null;
      return this.runner.refuse(
        tool.name,
        args,
        caller,
        meta,
        'CONFIRMATION_UNAVAILABLE',
        `This team requires the user to confirm ${tool.name}, and this client cannot be asked: it declared no MCP elicitation support in its initialize request. Nothing was done.`,
      );
    }
    const started = performance.now();
    const summary = JSON.stringify(args);
    const question = `${caller.credential.label ?? 'An AI client'} wants to run ${tool.name} in ${caller.workspace ? `workspace ${caller.workspace.name}` : `the Odoo of team ${caller.team.slug}`}: ${summary.length > 600 ? `${summary.slice(0, 600)}…` : summary}. ${tool.description}`;
    const outcome = await ask(question, `Allow ${tool.title.toLowerCase()}?`);
    if ('answered' in outcome && outcome.answered.action === 'accept' && outcome.answered.content?.confirm === true) return null;
    if ('timedOut' in outcome) {
      return this.runner.refuse(
        tool.name,
        args,
        caller,
        meta,
        'CONFIRMATION_TIMEOUT',
        `The user did not answer the confirmation for ${tool.name} in time. Nothing was done.`,
        'timeout',
        started,
      );
    }
    if ('closed' in outcome) {
      return this.runner.refuse(
        tool.name,
        args,
        caller,
        meta,
        'CONFIRMATION_ABORTED',
        `The client went away before the user confirmed ${tool.name}. Nothing was done.`,
        'error',
        started,
      );
    }
    return this.runner.refuse(
      tool.name,
      args,
      caller,
      meta,
      'CONFIRMATION_DECLINED',
      `The user did not allow ${tool.name}. Nothing was done; do not retry it unless the user asks.`,
      'error',
      started,
    );
  }

  get scopesSupported(): readonly string[] {
    return MCP_SCOPES;
  }
}
