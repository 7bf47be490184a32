import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's own start-up chatter (one line per module, controller and route: about 100 lines) is
 * written at debug level, so the default log shows what an operator needs; LOG_LEVEL=debug shows it all.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

export class GantryLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) this.debug(message, ...rest);
    else super.log(message, ...rest);
  }
}
