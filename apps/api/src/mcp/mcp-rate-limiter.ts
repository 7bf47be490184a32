import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ToolFailure } from './tool-failure';

/**
 * Calls and writes per minute per credential (API key or OAuth client). Counted in process memory
 * so the hot path never waits on the database; with N replicas a client can reach N× the limit.
 */
@Injectable()
export class McpRateLimiter {
  private readonly limiters = new Map<string, RateLimiterMemory>();

  async consume(credentialId: string, limits: { callsPerMinute: number; writesPerMinute: number }, isWrite: boolean): Promise<void> {
    await this.take(`calls:${limits.callsPerMinute}`, limits.callsPerMinute, credentialId, 'calls');
    if (isWrite) await this.take(`writes:${limits.writesPerMinute}`, limits.writesPerMinute, credentialId, 'writes');
  }

  private async take(key: string, points: number, credentialId: string, what: string): Promise<void> {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points, duration: 60 });
      this.limiters.set(key, limiter);
    }
    try {
      await limiter.consume(credentialId);
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) throw result;
      const seconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
      throw new ToolFailure('RATE_LIMITED', `Rate limit reached: at most ${points} ${what} per minute for this credential. Try again in ${seconds} s.`);
    }
  }
}
