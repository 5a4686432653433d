#!/usr/bin/env bash
# A scheduled daily run over date-partitioned samples ROOT/dt=YYYY-MM-DD/ (see README "Scheduled runs").
#   submit/scheduled/daily.sh --input ROOT --state STATE [--date YYYY-MM-DD] [--window 30d] [-- extra fit options]
# Default date: yesterday (UTC). Runs in local mode unless POLYMOMENTS_LAUNCHER=spark-submit, in which case it goes
# through submit/spark-submit.sh (pass spark-submit options in POLYMOMENTS_SUBMIT_OPTS).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

args=("$@")
has_date=0
for a in "${args[@]}"; do
  [ "$a" = "--date" ] && has_date=1
  [ "$a" = "--" ] && break
done
if [ "$has_date" = 0 ]; then
  args=(--date "$(date -u -d yesterday +%F)" "${args[@]}")
fi

if [ "${POLYMOMENTS_LAUNCHER:-local}" = "spark-submit" ]; then
  # shellcheck disable=SC2086
  exec "$here/../spark-submit.sh" daily "${args[@]}" ${POLYMOMENTS_SUBMIT_OPTS:+-- $POLYMOMENTS_SUBMIT_OPTS}
fi
exec "$here/../local.sh" daily "${args[@]}"
