import { Inject, Injectable } from '@nestjs/common';
import { ODOO_ADDRESS_REFUSED, OdooClient, OdooClientOptions } from '@gantry/odoo';
import type { LookupFunction } from 'node:net';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { assertOutboundUrl, guardedLookup, OutboundPolicy } from '../common/outbound-url-guard';

/**
 * The one way Gantry opens a client to an Odoo URL a user entered (a team's connection, a draft
 * being tested): under the SSRF guard with ODOO_ALLOWED_HOSTS. Plain http is accepted (self-hosted
 * Odoo often has no TLS inside its network). Workspaces' own Odoo, whose address Gantry chose,
 * does not come through here.
 */
@Injectable()
export class OdooClientFactory {
  private readonly policy: OutboundPolicy;
  private readonly lookup: LookupFunction;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.policy = { setting: 'ODOO_ALLOWED_HOSTS', allowedHosts: config.ODOO_ALLOWED_HOSTS, plainHttp: 'any-host' };
    this.lookup = guardedLookup(this.policy, ODOO_ADDRESS_REFUSED);
  }

  /** Checks the URL (resolving its name) and opens a client whose every socket connects only to approved addresses. */
  async open(options: Omit<OdooClientOptions, 'lookup' | 'transport'>): Promise<OdooClient> {
    await assertOutboundUrl(options.url, this.policy);
    return new OdooClient({ ...options, lookup: this.lookup });
  }

  /** The check for storing a URL, without resolving it (a name may point elsewhere later: every use checks again). */
  async assertStorable(url: string): Promise<void> {
    try {
      await assertOutboundUrl(url, this.policy, { resolve: false });
    } catch (error) {
      if (error instanceof DomainError) throw new DomainError(error.code, error.message, { fields: [{ path: 'url', message: error.message }] });
      throw error;
    }
  }
}
