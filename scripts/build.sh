#!/usr/bin/env bash
# `npm run build`: the production artifacts, no TypeScript tooling needed to run them.
#   - web: Next.js standalone output (<distDir>/standalone/server.js), with the static assets and
#     public/ copied next to it, as the standalone server expects;
#   - worker: workers/ + lib/ bundled by esbuild into dist/worker/index.mjs (npm packages stay
#     external, resolved from node_modules), run by plain `node`.
# BERTH_DIST_DIR moves the Next build (e2e builds into its own directory); BERTH_BUILD_PARTS=worker
# builds only the worker (seconds, not minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
DIST=${BERTH_DIST_DIR:-.next}
PARTS=${BERTH_BUILD_PARTS:-web worker}

case " $PARTS " in *" web "*)
  npx --no-install next build
  standalone=$DIST/standalone
  [ -f "$standalone/server.js" ] || fail "next build wrote no $standalone/server.js (is output: 'standalone' set?)"
  rm -rf "${standalone:?}/$DIST/static" "${standalone:?}/public"
  mkdir -p "$standalone/$DIST"
  cp -R "$DIST/static" "$standalone/$DIST/static"
  if [ -d public ]; then cp -R public "$standalone/public"; fi
  # Next copies this project's package.json ("type": "module") next to its server.js. Older Next
  # wrote a CommonJS server.js (mark the tree CommonJS then); Next 16.4 writes an ES module
  # (`import … from`, import.meta.url), which needs "type": "module" as copied.
  grep -q 'import.meta.url' "$standalone/server.js" || [ ! -f "$standalone/package.json" ] || node -e 'const f=process.argv[1];const p=JSON.parse(require("fs").readFileSync(f,"utf8"));p.type="commonjs";require("fs").writeFileSync(f,JSON.stringify(p,null,2)+"\n")' "$standalone/package.json"
  ;;
esac

case " $PARTS " in *" worker "*)
  build_worker dist/worker
  ;;
esac
