import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection, mongo } from 'mongoose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CredentialCache } from './credential-cache';

const WATCHED = ['api_keys', 'memberships', 'teams', 'oauth_grant'];

/** The process-wide credential cache and, in change-stream mode, the watchers that keep replicas honest. */
@Injectable()
export class CredentialCacheService<T = unknown> extends CredentialCache<T> implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CredentialCache');
  private streams: mongo.ChangeStream[] = [];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectConnection() private readonly connection: Connection,
  ) {
    super(config.CREDENTIAL_CACHE);
  }

  async onModuleInit(): Promise<void> {
    if (this.mode !== 'change-stream') return;
    for (const name of WATCHED) {
      const stream = this.connection.collection(name).watch([], { fullDocument: 'default' });
      stream.on('change', () => this.clear());
      stream.on('error', (error) => {
        // Without the stream another replica's revocation could go unseen: stop caching rather than serve stale credentials.
        this.logger.error(`change stream on ${name} failed (${error.message}); credential cache disabled`);
        this.disable();
      });
      this.streams.push(stream);
    }
    try {
      // Fails at once where change streams are unsupported (a standalone server, or a non-MongoDB server).
      await this.connection.db!.command({ aggregate: WATCHED[0], pipeline: [{ $changeStream: {} }], cursor: {} });
    } catch (error) {
      throw new Error(
        `CREDENTIAL_CACHE=change-stream needs MongoDB change streams (a replica set): ${error instanceof Error ? error.message : String(error)}. ` +
          'Use CREDENTIAL_CACHE=local with a single API process, or off.',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.streams.map((stream) => stream.close().catch(() => undefined)));
  }
}
