#!/usr/bin/env bash
# Refresh the browser libraries vendored into src/psykg/site/static/ from package-lock.json:
# YASGUI (the query page) and Cytoscape.js (the graph pictures), with their licences.
# Nothing is fetched at run time: the site serves these files itself.
#
#   tools/browser/refresh.sh            # after changing a version in package.json, run
#                                       # `npm install --ignore-scripts` here first to relock
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
static="$here/../../src/psykg/site/static"
cd "$here"
npm ci --ignore-scripts --no-audit --no-fund
modules="$here/node_modules"

# The built bundles, without their sourceMappingURL comment (the maps are not vendored).
vendor() {  # vendor SOURCE TARGET
    mkdir -p "$(dirname "$2")"
    sed -e '/^\/\/# sourceMappingURL=/d' -e 's|/\*# sourceMappingURL=[^*]*\*/||' "$1" > "$2"
}
vendor "$modules/@zazuko/yasgui/build/yasgui.min.js" "$static/yasgui/yasgui.min.js"
vendor "$modules/@zazuko/yasgui/build/yasgui.min.css" "$static/yasgui/yasgui.min.css"
vendor "$modules/cytoscape/dist/cytoscape.min.js" "$static/cytoscape/cytoscape.min.js"
node "$here/notices.mjs" "$modules" "$static"
rm -rf "$modules"
echo "vendored into $static:"
(cd "$static" && find yasgui cytoscape -type f | sort | xargs sha256sum)
