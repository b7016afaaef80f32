#!/usr/bin/env bash
# Run before `npm test`: makes sure Redis answers on REDIS_URL's port (default 6379), that redis-server and
# redis-cli are installed (the Cluster and Sentinel tests start their own), and Debian's chromium is there for
# the browser tests. As root it installs what is missing; otherwise it says what to run.
set -uo pipefail

say() { printf '[test-deps] %s\n' "$*"; }
port=$(node -e 'const u=new URL(process.env.REDIS_URL||"redis://127.0.0.1:6379");process.stdout.write(u.port||"6379")')
redis_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
is_root() { [ "$(id -u)" -eq 0 ]; }

missing=()
# The topology tests (test/integration/topologies) start their own Redis Cluster and Sentinels from these binaries.
command -v redis-server >/dev/null || missing+=(redis-server)
command -v redis-cli >/dev/null || missing+=(redis-tools)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if is_root; then
    say "installing ${missing[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
      || { say "apt-get install ${missing[*]} failed"; exit 1; }
  else
    say "missing: ${missing[*]}. Install with: sudo apt-get install ${missing[*]}"
    exit 1
  fi
fi

if ! redis_answers; then
  say "nothing answers on port $port: starting redis-server (no persistence, for tests)"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --maxmemory-policy noeviction >/dev/null || { say "redis-server did not start"; exit 1; }
  for _ in $(seq 1 50); do redis_answers && break; sleep 0.1; done
  redis_answers || { say "Redis does not answer on port $port"; exit 1; }
fi
