// Builds the runtime images (berth/runtime-php|node|python|java) from berth/base:bookworm.
// Default: only missing or outdated ones (Dockerfile changed). `--rebuild`: all of them.
// Used by scripts/setup.sh and `npm run images`; builds also build a missing one on first need.
import { loadDotEnv } from '../lib/load-dotenv';
import { RUNTIMES, ensureRuntimeImage, runtimeImage, type Runtime } from '../lib/templates/runtime-images';

loadDotEnv();
const rebuild = process.argv.includes('--rebuild');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--')) as Runtime[];
const wanted = only.length ? only : [...RUNTIMES];

for (const runtime of wanted) {
  if (!RUNTIMES.includes(runtime)) {
    console.error(`unknown runtime ${runtime}; expected one of ${RUNTIMES.join(', ')}`);
    process.exit(2);
  }
  const started = Date.now();
  process.stdout.write(`${runtimeImage(runtime)}: `);
  try {
    const result = await ensureRuntimeImage(runtime, {
      rebuild,
      onLine: (line) => process.env.BERTH_IMAGES_VERBOSE && console.log(`  ${line}`),
    });
    console.log(`${result} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.log('FAILED');
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
process.exit(0);
