#!/usr/bin/env bash
# The quick start: set up (idempotent) and run the demo on the sandbox tenant.
# Extra arguments go to `correspondent demo` (e.g. --once --json).
set -euo pipefail
cd "$(dirname "$0")/.."
CORRESPONDENT_SKIP_CHROMIUM=1 bash scripts/setup.sh
exec node bin/correspondent.js demo "$@"
