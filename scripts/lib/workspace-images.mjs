// Images the workspace tests run, built locally (no container registry is reachable here), each
// tagged by the hash of its inputs (image-cache.mjs): a changed input means a new image.
//  - gantry-odoo-standin  busybox and a script that stands in for the Odoo web process (images/odoo-standin)
//  - gantry-pg            Debian's postgresql-15 from debootstrap (images/postgres)
//  - gantry-odoo-rpc      the stand-in plus Node and the Odoo XML-RPC test double (images/odoo-rpc)
import { ensureImage, removeOtherTags } from './image-cache.mjs';
import { podman } from './podman.mjs';
import { odooRpc } from './images/odoo-rpc/recipe.mjs';
import { odooStandin } from './images/odoo-standin/recipe.mjs';
import { postgres } from './images/postgres/recipe.mjs';

const ensure = (recipe, log) => ensureImage({ name: recipe.name, inputs: recipe.inputs(), build: (image, labels) => recipe.build(image, labels, log), log });

/**
 * The image whose "Odoo" answers the external API (the project's XML-RPC test double). Needs
 * libs/testing built (npm test builds it before the suites run); the suites that use it call this.
 */
export function ensureOdooRpcImage({ log = console.log } = {}) {
  return ensure(odooRpc, log);
}

/** The stand-in and PostgreSQL images the workspace tests use, built unless present with the same inputs. */
export function ensureWorkspaceImages({ log = console.log } = {}) {
  const images = { odoo: ensure(odooStandin, log), postgres: ensure(postgres, log) };
  if (retireStaleDatabaseContainers(images.postgres, { log })) {
    const [repository, tag] = images.postgres.split(/:(?=[^:]+$)/);
    removeOtherTags(repository, tag, log);
  }
  return images;
}

/** The shared database containers of the test suites and benchmarks (never an operator's own `gantry-db`). */
export const TEST_DATABASE_CONTAINERS = /^gantry-db-(test|e2e|bench|engine-probe-.*)$/;

/**
 * Test database containers made from another PostgreSQL image than `pgImage` are removed (their
 * data volumes stay), so a suite never runs on a database built from older inputs; Gantry
 * recreates the container from the current image on first use.
 */
export function retireStaleDatabaseContainers(pgImage, { log = console.log } = {}) {
  let retired = 0;
  const listed = podman(['ps', '--all', '--filter', 'label=gantry.role=database', '--format', '{{.Names}}\t{{.Image}}']).split('\n').filter(Boolean);
  for (const line of listed) {
    const [name, image] = line.split('\t');
    if (image === pgImage || !TEST_DATABASE_CONTAINERS.test(name)) continue;
    log(`removing the test database container ${name}: it runs ${image}, not the current ${pgImage}`);
    podman(['rm', '--force', '--time', '0', name]);
    retired += 1;
  }
  return retired;
}
