#!/usr/bin/env bash
# Installs what Correspondent needs on a Debian machine, idempotently: the MariaDB server binaries
# (tests and the demo start their own private server from them; the system service is not used),
# Debian's Chromium (browser tests), the npm dependencies from the lock file, and the build.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Electron's binary cannot be downloaded here (and is not needed to build or test): never fetch it.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

need_apt=()
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then need_apt+=(mariadb-server); fi
if [ "${CORRESPONDENT_SKIP_CHROMIUM:-}" != 1 ] && [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} (Debian packages)..." >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# npm ci only when the installed tree was not made from this exact lock file (compared by content:
# a fresh checkout's newer mtime must not wipe a shared node_modules).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -L node_modules ]; then
  # A linked node_modules (a second work tree sharing the first one's) is never reinstalled from
  # here: npm ci would follow the link and empty the other tree's install.
  echo "setup: node_modules is a link; not reinstalling it" >&2
elif [ ! -f node_modules/.package-lock.json ] || [ "$(cat node_modules/.correspondent-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "setup: npm ci..." >&2
  npm ci --no-audit --no-fund >&2
  echo "$lock_hash" > node_modules/.correspondent-lock-hash
fi

echo "setup: building..." >&2
npm run --silent build >&2
