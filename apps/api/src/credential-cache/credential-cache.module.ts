import { Global, Module } from '@nestjs/common';
import { CredentialCacheService } from './credential-cache.service';

@Global()
@Module({ providers: [CredentialCacheService], exports: [CredentialCacheService] })
export class CredentialCacheModule {}
