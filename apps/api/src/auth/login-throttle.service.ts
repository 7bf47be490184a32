import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';

/**
 * Login attempts are limited per client IP (every attempt counts) and per account (failures
 * count, a success clears them). Counters live in MongoDB so every API replica sees the same ones.
 */
@Injectable()
export class LoginThrottleService implements OnModuleInit {
  private readonly perIp: RateLimiterMongo;
  private readonly perAccount: RateLimiterMongo;

  constructor(@InjectConnection() connection: Connection, @Inject(APP_CONFIG) config: AppConfig) {
    const common = {
      storeClient: connection.getClient(),
      dbName: connection.db?.databaseName ?? connection.name,
      duration: config.LOGIN_RATE_WINDOW_SECONDS,
      tableName: 'login_rate_limits',
      // created in onModuleInit, awaited, instead of fire-and-forget from the constructor
      disableIndexesCreation: true,
    };
    this.perIp = new RateLimiterMongo({ ...common, keyPrefix: 'ip', points: config.LOGIN_MAX_ATTEMPTS_PER_IP });
    this.perAccount = new RateLimiterMongo({ ...common, keyPrefix: 'account', points: config.LOGIN_MAX_FAILURES_PER_ACCOUNT });
  }

  async onModuleInit(): Promise<void> {
    await this.perIp.createIndexes();
  }

  /** Counts this attempt against the IP and refuses it when either limit is already spent. */
  async beforeAttempt(ip: string, email: string): Promise<void> {
    const account = await this.perAccount.get(email);
    if (account && account.consumedPoints >= this.perAccount.points) throw this.limited(account);
    await this.countForIp(ip);
  }

  /** Counts an attempt against the IP alone: public routes that create accounts (accepting an invitation). */
  async countForIp(ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (result) {
      if (result instanceof RateLimiterRes) throw this.limited(result);
      throw result;
    }
  }

  async recordFailure(email: string): Promise<void> {
    await this.perAccount.penalty(email, 1);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.perAccount.delete(email);
  }

  private limited(result: RateLimiterRes): DomainError {
    const retryAfterSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    return new DomainError('RATE_LIMITED', `Too many sign-in attempts; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }
}
