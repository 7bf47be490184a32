import path from 'node:path';
import { API_MAIN, LOG_DIR, REPO_ROOT } from './paths';
import { randomHex, startProcess, waitForHttp, type RunningProcess } from './processes';

/** The built API (`node apps/api/dist/main.js`) with fresh random secrets, ready once healthy. */
export async function startApiServer({
  port,
  mongoUri,
  publicUrl,
  env = {},
  logName = 'api',
}: {
  port: number;
  mongoUri: string;
  publicUrl: string;
  env?: Record<string, string>;
  logName?: string;
}): Promise<RunningProcess & { url: string }> {
  const api = startProcess(logName, [API_MAIN], {
    cwd: REPO_ROOT,
    env: {
      NODE_ENV: 'test',
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      MONGODB_URI: mongoUri,
      PUBLIC_URL: publicUrl,
      JWT_SECRET: randomHex(32),
      COOKIE_SECRET: randomHex(32),
      ENCRYPTION_KEY: randomHex(32),
      LOG_LEVEL: 'warn',
      ...env,
    },
    logFile: path.join(LOG_DIR, `${logName}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/api/health`, api);
  } catch (error) {
    await api.stop();
    throw error;
  }
  return { ...api, url };
}
