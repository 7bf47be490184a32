import path from 'node:path';
import { LOG_DIR, NEXT_BIN, WEB_DIR } from './paths';
import { freePort, startProcess, waitForHttp, type RunningProcess } from './processes';

/** `next start` of the built dashboard; API_INTERNAL_URL is read by src/proxy.ts per request. */
export async function startWebServer(apiInternalUrl: string, logName = 'web', port?: number): Promise<RunningProcess & { url: string }> {
  port ??= await freePort();
  const web = startProcess(logName, [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: WEB_DIR,
    env: { NODE_ENV: 'production', PORT: String(port), API_INTERNAL_URL: apiInternalUrl, NEXT_TELEMETRY_DISABLED: '1' },
    logFile: path.join(LOG_DIR, `${logName}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/login`, web);
  } catch (error) {
    await web.stop();
    throw error;
  }
  return { ...web, url };
}
