// The image cache against the real engine: a changed input gives a new tag and a new build, an
// unchanged one is reused, and the image holds what its inputs say.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryInputs, ensureImage, imageExists, imageRepository } from './image-cache.mjs';
import { ensurePodman, podman } from './podman.mjs';
import { importOdooLikeImage, standinRootfs } from './images/odoo-standin/recipe.mjs';

describe('images keyed by the hash of their inputs', () => {
  const namespace = `cache-test-${randomBytes(4).toString('hex')}`;
  const recipeDir = mkdtempSync(path.join(tmpdir(), 'gantry-recipe-'));
  const input = path.join(recipeDir, 'greeting.txt');
  let builds = 0;
  const previous = process.env.GANTRY_IMAGE_NAMESPACE;

  /** A recipe like the real ones: the stand-in's rootfs with one file of the recipe folder copied in. */
  const ensure = () =>
    ensureImage({
      name: 'gantry-cache-probe',
      inputs: directoryInputs(recipeDir, 'probe'),
      log: () => undefined,
      build(image, labels) {
        builds += 1;
        const dir = mkdtempSync(path.join(tmpdir(), 'gantry-probe-'));
        try {
          const rootfs = path.join(dir, 'rootfs');
          standinRootfs(rootfs);
          mkdirSync(path.join(rootfs, 'etc/probe'), { recursive: true });
          writeFileSync(path.join(rootfs, 'etc/probe/greeting.txt'), readInput());
          importOdooLikeImage(rootfs, image, labels, ['--change', 'ENV=PATH=/usr/bin:/bin']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    });
  let current = '';
  const readInput = () => current;
  const setInput = (text) => {
    current = text;
    writeFileSync(input, text);
  };
  const contentOf = (image) => podman(['run', '--rm', image, 'cat', '/etc/probe/greeting.txt']);

  beforeAll(async () => {
    await ensurePodman({ log: () => undefined });
    process.env.GANTRY_IMAGE_NAMESPACE = namespace;
  });

  afterAll(() => {
    if (previous === undefined) delete process.env.GANTRY_IMAGE_NAMESPACE;
    else process.env.GANTRY_IMAGE_NAMESPACE = previous;
    const leftovers = podman(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=localhost/${namespace}/*`])
      .split('\n')
      .filter(Boolean);
    for (const image of leftovers) podman(['image', 'rm', '--force', image]);
    rmSync(recipeDir, { recursive: true, force: true });
  });

  it('builds once, reuses the image while the inputs are the same, and builds a new tag when an input changes', () => {
    setInput('hello\n');
    const first = ensure();
    expect(first).toMatch(new RegExp(`^${imageRepository('gantry-cache-probe').replaceAll('/', '\\/')}:[0-9a-f]{16}$`));
    expect(builds).toBe(1);
    expect(contentOf(first)).toBe('hello\n');

    expect(ensure()).toBe(first);
    expect(builds).toBe(1);

    setInput('hello again\n');
    const second = ensure();
    expect(second).not.toBe(first);
    expect(builds).toBe(2);
    expect(contentOf(second)).toBe('hello again\n');
    // The older tag is cleaned up once the new one exists.
    expect(imageExists(first)).toBe(false);

    setInput('hello\n');
    expect(ensure()).toBe(first);
    expect(builds).toBe(3);
  });
});
