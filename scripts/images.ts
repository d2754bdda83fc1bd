// Builds the runtime images (berth/runtime-php|node|python|java|static) from berth/base:bookworm,
// the starter images (berth/starter-<lang>: each template's starter app prebuilt, so New app
// deploys without a build) and the add-on images (berth/addon-postgres|mysql|redis).
// Default: only missing or outdated ones (build directory, starter or runtime changed).
// `--rebuild`: all of them. Names select some: `npm run images -- php starter-php postgres`.
// Used by scripts/setup.sh and `npm run images`; builds and provisioning build a missing runtime
// or add-on image on first need (a missing starter image only means New app builds).
import { loadDotEnv } from '../lib/load-dotenv';
import { RUNTIMES, ensureRuntimeImage, runtimeImage, type Runtime } from '../lib/templates/runtime-images';
import { ADDON_KINDS, ADDON_TYPES, isAddonType } from '../lib/addons/catalogue';
import { ensureAddonImage } from '../lib/addons/addon-images';
import { starterImage } from '../lib/builds/starter-image';
import { prebuildStarter } from '../lib/apps/prebuild-starter';

loadDotEnv();
const rebuild = process.argv.includes('--rebuild');
const STARTERS = RUNTIMES.map((r) => `starter-${r}`);
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const known = [...RUNTIMES, ...STARTERS, ...ADDON_TYPES];
// Runtimes first: a starter image is built on its runtime image.
const wanted = only.length ? only : known;
const onLine = (line: string) => process.env.BERTH_IMAGES_VERBOSE && console.log(`  ${line}`);

for (const name of wanted) {
  const isRuntime = (RUNTIMES as readonly string[]).includes(name);
  const isStarter = STARTERS.includes(name);
  if (!isRuntime && !isStarter && !isAddonType(name)) {
    console.error(`unknown image ${name}; expected one of ${known.join(', ')}`);
    process.exit(2);
  }
  const started = Date.now();
  const starterOf = name.slice('starter-'.length) as Runtime;
  process.stdout.write(
    `${isRuntime ? runtimeImage(name as Runtime) : isStarter ? starterImage(starterOf) : ADDON_KINDS[name as keyof typeof ADDON_KINDS].image}: `,
  );
  try {
    const result = isRuntime
      ? await ensureRuntimeImage(name as Runtime, { rebuild, onLine })
      : isStarter
        ? await prebuildStarter(starterOf, { rebuild, onLine })
        : await ensureAddonImage(name as keyof typeof ADDON_KINDS, { rebuild, onLine });
    console.log(`${result} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.log('FAILED');
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
process.exit(0);
