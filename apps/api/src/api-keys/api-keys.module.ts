import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { ApiKeyActors } from './api-key-actors';
import { ApiKeyRecord, ApiKeySchema } from './api-key.schema';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

@Module({
  imports: [UsersModule, TeamsModule, MongooseModule.forFeature([{ name: ApiKeyRecord.name, schema: ApiKeySchema }])],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, ApiKeyActors],
  exports: [ApiKeysService, ApiKeyActors],
})
export class ApiKeysModule {}
