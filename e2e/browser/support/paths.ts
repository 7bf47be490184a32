import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WEB_DIR = fileURLToPath(new URL('../../../apps/web/', import.meta.url));
export const NEXT_BIN = fileURLToPath(new URL('../../../node_modules/next/dist/bin/next', import.meta.url));
export const API_MAIN = fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url));
export const TESTING_MAIN = fileURLToPath(new URL('../../../libs/testing/dist/index.js', import.meta.url));
export const LOG_DIR = fileURLToPath(new URL('../../../test-results/browser-e2e/', import.meta.url));
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../screenshots/', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
