import { Controller, Get, Res } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthResponse, healthResponseSchema } from '@gantry/contracts';
import type { Response } from 'express';
import { Connection } from 'mongoose';
import { createZodDto } from 'nestjs-zod';
import { Public } from '../auth/auth.decorators';

class HealthResponseDto extends createZodDto(healthResponseSchema) {}

const VERSION = process.env.npm_package_version ?? '0.1.0';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    let database: HealthResponse['checks'][string];
    try {
      await this.connection.db!.command({ ping: 1 });
      database = { status: 'up' };
    } catch {
      database = { status: 'down', detail: 'MongoDB did not answer a ping' };
    }
    const status = database.status === 'up' ? 'ok' : 'degraded';
    if (status !== 'ok') response.status(503);
    return { status, version: VERSION, uptimeSeconds: Math.round(process.uptime()), checks: { database } };
  }
}
