// Preloaded into the API by `BENCH_PROFILE=<dir> npm run bench`: records a V8 CPU profile for
// BENCH_PROFILE_SECONDS starting BENCH_PROFILE_DELAY seconds after start (Nest re-raises SIGTERM,
// so --cpu-prof's on-exit file would never be written).
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const session = new inspector.Session();
session.connect();
const delay = Number(process.env.BENCH_PROFILE_DELAY ?? 20) * 1000;
const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 8) * 1000;
setTimeout(() => {
  session.post('Profiler.enable', () =>
    session.post('Profiler.start', () =>
      setTimeout(() => {
        session.post('Profiler.stop', (error, { profile }) => {
          if (!error) writeFileSync(path.join(process.env.BENCH_PROFILE, `api-${process.pid}.cpuprofile`), JSON.stringify(profile));
        });
      }, seconds).unref(),
    ),
  );
}, delay).unref();
