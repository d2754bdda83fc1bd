// Builds the runtime images (berth/runtime-php|node|python|java) from berth/base:bookworm, the
// add-on images (berth/addon-postgres|mysql|redis) and berth/nettools (the app firewall on remote
// hosts, lib/firewall). Default: only missing or outdated ones
// (build directory changed). `--rebuild`: all of them. Names select some: `npm run images -- php postgres`.
// Used by scripts/setup.sh and `npm run images`; builds and provisioning build a missing one on first need.
import { loadDotEnv } from '../lib/load-dotenv';
import { RUNTIMES, ensureRuntimeImage, runtimeImage, type Runtime } from '../lib/templates/runtime-images';
import { ADDON_KINDS, ADDON_TYPES, isAddonType } from '../lib/addons/catalogue';
import { ensureAddonImage } from '../lib/addons/addon-images';
import { ensureNettoolsImage, NETTOOLS_IMAGE } from '../lib/firewall/nettools-image';

loadDotEnv();
const rebuild = process.argv.includes('--rebuild');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wanted = only.length ? only : [...RUNTIMES, ...ADDON_TYPES, 'nettools'];
const onLine = (line: string) => process.env.BERTH_IMAGES_VERBOSE && console.log(`  ${line}`);

for (const name of wanted) {
  const isRuntime = (RUNTIMES as readonly string[]).includes(name);
  const isNettools = name === 'nettools';
  if (!isRuntime && !isNettools && !isAddonType(name)) {
    console.error(`unknown image ${name}; expected one of ${[...RUNTIMES, ...ADDON_TYPES, 'nettools'].join(', ')}`);
    process.exit(2);
  }
  const started = Date.now();
  const image = isRuntime ? runtimeImage(name as Runtime) : isNettools ? NETTOOLS_IMAGE : ADDON_KINDS[name as keyof typeof ADDON_KINDS].image;
  process.stdout.write(`${image}: `);
  try {
    const result = isRuntime
      ? await ensureRuntimeImage(name as Runtime, { rebuild, onLine })
      : isNettools
        ? await ensureNettoolsImage({ rebuild, onLine })
        : await ensureAddonImage(name as keyof typeof ADDON_KINDS, { rebuild, onLine });
    console.log(`${result} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.log('FAILED');
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
process.exit(0);
