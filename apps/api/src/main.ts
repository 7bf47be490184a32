import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { createApp } from './bootstrap';
import { describeConfigError, loadConfig } from './config/load-config';

const MIN_NODE_MAJOR = 22;

async function main(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    console.error(
      `Gantry needs Node.js ${MIN_NODE_MAJOR} or newer; this is ${process.version}. Run it through npm (npm start), which uses the Node 24 the project installs.`,
    );
    process.exit(1);
  }
  // Settings from a .env file in the working directory, when there is one; the environment wins.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(`Gantry API refused to start.\n${describeConfigError(error)}`);
    process.exit(1);
  }
  const app = await createApp(config);
  await app.listen(config.API_PORT, config.API_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.API_PORT;
  new Logger('Gantry').log(`API listening on http://${config.API_HOST}:${port} (public URL ${config.PUBLIC_URL}, docs at /api/docs)`);
}

main().catch((error: unknown) => {
  console.error(`Gantry API failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
