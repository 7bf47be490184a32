import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ElicitResult, ElicitResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Collection, Connection } from 'mongoose';
import { McpCaller } from './mcp-caller';

/** Ids of the confirmations Gantry asks for; a JSON-RPC response with such an id answers one. */
export const CONFIRMATION_ID_PREFIX = 'gantry-confirm-';

const CLIENTS = 'mcp_clients';
const CONFIRMATIONS = 'mcp_confirmations';
const CLIENT_CACHE_MS = 30_000;
const POLL_MS = 250;

interface ClientRecord {
  _id: string;
  elicitation: boolean;
  clientName: string | null;
  updatedAt: Date;
}

interface ConfirmationRecord {
  _id: string;
  credential: string;
  status: 'pending' | 'answered';
  answer: ElicitResult | null;
  expiresAt: Date;
}

export type ConfirmationOutcome = { answered: ElicitResult } | { timedOut: true } | { closed: true };

const credentialKey = (caller: McpCaller) => `${caller.credential.type}:${caller.credential.id}`;

/**
 * MCP elicitation on a stateless server. Two things a session would otherwise hold live in MongoDB,
 * so any replica can serve any request:
 * - what the credential's client declared in its last `initialize` (whether it can be asked);
 * - each pending question. The replica that asked keeps the tool call's response open as an SSE
 *   stream and waits; the client's answer, a separate POST that may reach another replica, is
 *   stored against the question's id and credential. The waiting replica is woken at once when
 *   the answer lands on it, and polls otherwise.
 */
@Injectable()
export class McpConfirmations implements OnModuleInit {
  private readonly clients: Collection<ClientRecord>;
  private readonly confirmations: Collection<ConfirmationRecord>;
  private readonly clientCache = new Map<string, { elicitation: boolean; at: number }>();
  private readonly answered = new EventEmitter();

  constructor(@InjectConnection() connection: Connection) {
    this.clients = connection.collection<ClientRecord>(CLIENTS);
    this.confirmations = connection.collection<ConfirmationRecord>(CONFIRMATIONS);
    this.answered.setMaxListeners(0);
  }

  async onModuleInit(): Promise<void> {
    await this.confirmations.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  }

  /** From an `initialize` request: whether this credential's client can be asked (form-mode elicitation). */
  async rememberClient(caller: McpCaller, params: unknown): Promise<void> {
    const { capabilities, clientInfo } = (params ?? {}) as {
      capabilities?: { elicitation?: { form?: unknown; url?: unknown } };
      clientInfo?: { name?: unknown };
    };
    const declared = capabilities?.elicitation;
    // An empty elicitation object means form mode (the spec's backwards-compatible reading).
    const elicitation = Boolean(declared && typeof declared === 'object' && (declared.form !== undefined || declared.url === undefined));
    const clientName = typeof clientInfo?.name === 'string' ? clientInfo.name.slice(0, 100) : null;
    const key = credentialKey(caller);
    await this.clients.updateOne({ _id: key }, { $set: { elicitation, clientName, updatedAt: new Date() } }, { upsert: true });
    this.clientCache.set(key, { elicitation, at: Date.now() });
  }

  async canAsk(caller: McpCaller): Promise<boolean> {
    const key = credentialKey(caller);
    const cached = this.clientCache.get(key);
    if (cached && Date.now() - cached.at < CLIENT_CACHE_MS) return cached.elicitation;
    const record = await this.clients.findOne({ _id: key });
    const elicitation = record?.elicitation ?? false;
    this.clientCache.set(key, { elicitation, at: Date.now() });
    return elicitation;
  }

  /** A new pending question; `send` delivers the elicitation/create request to the client. */
  async ask(caller: McpCaller, send: (id: string) => void, timeoutMs: number, closed: AbortSignal): Promise<ConfirmationOutcome> {
    const id = `${CONFIRMATION_ID_PREFIX}${randomUUID()}`;
    await this.confirmations.insertOne({
      _id: id,
      credential: credentialKey(caller),
      status: 'pending',
      answer: null,
      expiresAt: new Date(Date.now() + timeoutMs + 60_000),
    });
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.answered.once(id, wake);
    closed.addEventListener('abort', wake, { once: true });
    try {
      send(id);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const record = await this.confirmations.findOne({ _id: id, status: 'answered' });
        if (record?.answer) return { answered: record.answer };
        if (closed.aborted) return { closed: true };
        const left = deadline - Date.now();
        if (left <= 0) return { timedOut: true };
        await Promise.race([woken, new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)))]);
      }
    } finally {
      this.answered.removeListener(id, wake);
      closed.removeEventListener('abort', wake);
      await this.confirmations.deleteOne({ _id: id });
    }
  }

  /**
   * A JSON-RPC response from the client. Accepted only for a pending question of the same
   * credential and only once; a malformed result counts as the user cancelling.
   */
  async answer(caller: McpCaller, message: { id: string; result?: unknown; error?: unknown }): Promise<boolean> {
    const parsed = message.result === undefined ? null : ElicitResultSchema.safeParse(message.result);
    const answer: ElicitResult = parsed?.success ? parsed.data : { action: 'cancel' };
    const updated = await this.confirmations.updateOne(
      { _id: message.id, credential: credentialKey(caller), status: 'pending' },
      { $set: { status: 'answered', answer } },
    );
    if (updated.matchedCount === 0) return false;
    this.answered.emit(message.id);
    return true;
  }
}
