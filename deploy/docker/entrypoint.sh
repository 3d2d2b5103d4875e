#!/bin/sh
# Chooses what a platform container runs (one image for every service and the gateway).
#
#   SERVICE=gateway             -> node --import tsx gateway/src/main.ts
#   SERVICE=<service>           -> node --import tsx services/<service>/src/main.ts
#   any command given           -> that command (e.g. node --import tsx scripts/seed/seed.cli.ts)
#
# `exec` keeps node as the container's main process, so SIGTERM from `docker stop` or the kubelet
# reaches it directly and the service shuts down as DESIGN.md §11 says (NOT_SERVING, tryShutdown,
# drain NATS, close the DataSource).
set -eu
cd /app

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

service="${SERVICE:-}"
case "$service" in
  '')
    echo "entrypoint: set SERVICE to gateway or one of: $(ls services | tr '\n' ' ')" >&2
    exit 64
    ;;
  gateway)
    entry=gateway/src/main.ts
    ;;
  *)
    entry="services/$service/src/main.ts"
    if [ ! -f "$entry" ]; then
      echo "entrypoint: unknown SERVICE '$service' (no $entry); known: gateway $(ls services | tr '\n' ' ')" >&2
      exit 64
    fi
    # the service's config loader defaults SERVICE_NAME too; set it so logs and env agree
    export SERVICE_NAME="${SERVICE_NAME:-$service}"
    ;;
esac

exec node --import tsx "$entry"
