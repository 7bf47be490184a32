import browserE2e from './vitest.config.mts';

/** `npm run screenshots`: the same stack as the browser e2e suite, running only the capture script. */
export default {
  ...browserE2e,
  test: { ...browserE2e.test, name: 'browser-screenshots', include: ['screenshots.capture.ts'] },
};
