import { ErrorResponse } from '@gantry/contracts';
import { CliError } from './cli-error';

/** The REST API with a bearer credential (an API key, or the access token of `keys create`'s sign-in). */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    const text = await response.text();
    if (!response.ok) throw apiFailure(response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The raw answer, for streams (audit export); failures are still mapped to CliError. */
  async stream(path: string): Promise<Response> {
    const response = await this.send('GET', path);
    if (!response.ok) throw apiFailure(response.status, await response.text());
    return response;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : 'network error');
      throw new CliError(`cannot reach Gantry at ${this.baseUrl} (${cause}); set GANTRY_URL`, 'UNREACHABLE');
    }
  }
}

/** The API's error body ({ error: { code, message } }) as a CliError; anything else by its status only. */
function apiFailure(status: number, text: string): CliError {
  try {
    const { error } = JSON.parse(text) as ErrorResponse;
    const fields = error.fields?.map((field) => `${field.path}: ${field.message}`).join('; ');
    return new CliError(`${error.message}${fields ? ` (${fields})` : ''} [${error.code}, HTTP ${status}]`, error.code);
  } catch {
    return new CliError(`Gantry answered HTTP ${status}`, `HTTP_${status}`);
  }
}
