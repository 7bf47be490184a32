import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Vault } from './vault';
import { VaultRotationService } from './vault-rotation.service';

@Global()
@Module({
  providers: [{ provide: Vault, inject: [APP_CONFIG], useFactory: (config: AppConfig) => Vault.fromConfig(config) }, VaultRotationService],
  exports: [Vault, VaultRotationService],
})
export class VaultModule {}
