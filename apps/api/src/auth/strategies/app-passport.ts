import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import passport, { Strategy } from 'passport';

/**
 * @nestjs/passport's PassportStrategy registers every strategy on the process-wide Passport, where
 * the last application created wins. Two Gantry applications in one process (the e2e suites start
 * several) would then authenticate each other's requests against the wrong database. So each
 * strategy registers on its own application's instance, and this is what the guards consult.
 */
export const PROCESS_WIDE_REGISTRATIONS_IGNORED = new passport.Authenticator();

@Injectable()
export class AppPassport {
  private readonly authenticator = new passport.Authenticator();

  use(name: string, strategy: Strategy): void {
    this.authenticator.use(name, strategy);
  }

  /**
   * Tries `strategies` in turn: the first that yields an actor wins, one that errs ends the attempt
   * (a key that looks like ours but is revoked), and false means none recognised the credential.
   */
  authenticate<TActor>(strategies: readonly string[], request: IncomingMessage, response: ServerResponse): Promise<TActor | false> {
    return new Promise((resolve, reject) => {
      this.authenticator.authenticate([...strategies], { session: false }, (error: unknown, actor: TActor | false) => (error ? reject(error) : resolve(actor)))(
        request,
        response,
        reject,
      );
    });
  }
}
