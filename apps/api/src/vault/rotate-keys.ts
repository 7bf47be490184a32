import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { describeConfigError, loadConfig } from '../config/load-config';
import { VaultRotationService } from './vault-rotation.service';

/**
 * `npm run vault:rotate`: set ENCRYPTION_KEY to the new key and ENCRYPTION_KEYS_PREVIOUS to the
 * old one(s), run this, then the old keys can be removed. Safe to interrupt and to run again.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(describeConfigError(error));
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const report = await app.get(VaultRotationService).rotate();
    console.log(
      `vault rotation: scanned ${report.scanned}, re-encrypted ${report.rotated}, already current ${report.alreadyCurrent}, ` +
        `changed meanwhile ${report.conflicts} (run again), failed ${report.failed.length}`,
    );
    for (const failure of report.failed) console.error(`  ${failure.collection} ${failure.id}: ${failure.reason}`);
    process.exitCode = report.failed.length > 0 || report.conflicts > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`vault rotation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
