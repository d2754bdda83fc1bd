// Builds Berth's local images from berth/base:bookworm:
//   - runtimes (berth/runtime-php|node|python|java|static);
//   - starters (berth/starter-<lang>: each template's starter app prebuilt, so New app deploys
//     without a build);
//   - add-ons (berth/addon-postgres|mysql|redis);
//   - nettools (berth/nettools: the app firewall on remote hosts, lib/firewall).
// Default: only missing or outdated ones (build directory, starter or runtime changed).
// `--rebuild`: all of them. Names select some: `npm run images -- php starter-php postgres nettools`.
// Used by scripts/setup.sh and `npm run images`; builds and provisioning build a missing runtime,
// add-on or nettools image on first need (a missing starter image only means New app builds).
import { loadDotEnv } from '../lib/load-dotenv';
import { RUNTIMES, ensureRuntimeImage, runtimeImage, type Runtime } from '../lib/templates/runtime-images';
import { ADDON_KINDS, ADDON_TYPES } from '../lib/addons/catalogue';
import { ensureAddonImage } from '../lib/addons/addon-images';
import { ensureNettoolsImage, NETTOOLS_IMAGE } from '../lib/firewall/nettools-image';
import { starterImage } from '../lib/builds/starter-image';
import { prebuildStarter } from '../lib/apps/prebuild-starter';

loadDotEnv();
const rebuild = process.argv.includes('--rebuild');
const onLine = (line: string) => process.env.BERTH_IMAGES_VERBOSE && console.log(`  ${line}`);
type Options = { rebuild: boolean; onLine: typeof onLine };

/** Every image by its command-line name, in build order (a starter is built on its runtime). */
const IMAGES = new Map<string, { image: string; ensure: (o: Options) => Promise<string> }>([
  ...RUNTIMES.map((r: Runtime) => [r, { image: runtimeImage(r), ensure: (o: Options) => ensureRuntimeImage(r, o) }] as const),
  ...RUNTIMES.map((r: Runtime) => [`starter-${r}`, { image: starterImage(r), ensure: (o: Options) => prebuildStarter(r, o) }] as const),
  ...ADDON_TYPES.map((t) => [t, { image: ADDON_KINDS[t].image, ensure: (o: Options) => ensureAddonImage(t, o) }] as const),
  ['nettools', { image: NETTOOLS_IMAGE, ensure: (o: Options) => ensureNettoolsImage(o) }] as const,
]);

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = only.filter((name) => !IMAGES.has(name));
if (unknown.length) {
  console.error(`unknown image ${unknown.join(', ')}; expected one of ${[...IMAGES.keys()].join(', ')}`);
  process.exit(2);
}

for (const name of only.length ? only : IMAGES.keys()) {
  const { image, ensure } = IMAGES.get(name)!;
  const started = Date.now();
  process.stdout.write(`${image}: `);
  try {
    const result = await ensure({ rebuild, onLine });
    console.log(`${result} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.log('FAILED');
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
process.exit(0);
