/** A tool call that fails for a reason the AI client should read (bad model, policy, Odoo error…). */
export class ToolFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 'error' | 'timeout' = 'error',
  ) {
    super(message);
    this.name = 'ToolFailure';
  }
}
