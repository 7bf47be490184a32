// Locally built images, tagged by the hash of everything that goes into them. A changed input
// (a script, a copied file, a dependency's lockfile entry, the recipe itself) gives a new tag and
// so a new build; an unchanged one is found and reused. No version number to remember to bump.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { podman } from './podman.mjs';

const THIS_FILE = fileURLToPath(import.meta.url);
export const REPO_ROOT = path.resolve(path.dirname(THIS_FILE), '../..');

/**
 * `localhost`, or `localhost/<GANTRY_IMAGE_NAMESPACE>` when set: the fresh-machine check builds
 * every image under a namespace of its own, so nothing built earlier can be reused.
 */
export function imageRepository(name) {
  const namespace = process.env.GANTRY_IMAGE_NAMESPACE;
  return namespace ? `localhost/${namespace}/${name}` : `localhost/${name}`;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** One input: its label (a path relative to the repository, or a name) and the hash of its content. */
export function fileInput(file, label = path.relative(REPO_ROOT, file)) {
  return [label, sha256(readFileSync(file))];
}

/** Every file below `dir`, in a stable order. */
export function directoryInputs(dir, label = path.relative(REPO_ROOT, dir)) {
  const inputs = [];
  const walk = (current, relative) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      const name = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(full, name);
      else if (entry.isFile() || statSync(full).isFile()) inputs.push(fileInput(full, path.posix.join(label, name)));
    }
  };
  walk(dir, '');
  return inputs;
}

/** The tag for a list of inputs: the first 16 hex characters of the hash of all of them, this file included. */
export function inputsTag(inputs) {
  const all = [fileInput(THIS_FILE), ...inputs].map(([label, hash]) => `${label}\0${hash}`).sort();
  return sha256(all.join('\n')).slice(0, 16);
}

export function imageExists(image) {
  try {
    execFileSync('podman', ['image', 'exists', image], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Older tags of the same repository, removed when a newer one is built (kept while a container still uses one). */
export function removeOtherTags(repository, keepTag, log = console.log) {
  const listed = podman(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${repository}`])
    .split('\n')
    .filter(Boolean);
  for (const image of listed) {
    if (image === `${repository}:${keepTag}`) continue;
    try {
      podman(['image', 'rm', image]);
      log(`removed the older image ${image}`);
    } catch {
      // still used by a container, or already gone: left as it is
    }
  }
}

/**
 * The image `<repository>:<hash of inputs>`: returned as it is when present, else built by
 * `build(image, labels)` (which must import or tag exactly that name). Returns the image name.
 */
export function ensureImage({ name, inputs, build, log = console.log }) {
  const repository = imageRepository(name);
  const tag = inputsTag(inputs);
  const image = `${repository}:${tag}`;
  if (imageExists(image)) return image;
  log(`building ${image} (its inputs changed or it was never built here)`);
  build(image, { 'gantry.inputs-hash': tag, 'gantry.image': name });
  if (!imageExists(image)) throw new Error(`building ${image} finished but the engine does not have it`);
  removeOtherTags(repository, tag, log);
  return image;
}

/** `--change LABEL=…` arguments for `podman import`. */
export function labelChanges(labels) {
  return Object.entries(labels).flatMap(([key, value]) => ['--change', `LABEL=${key}=${value}`]);
}
