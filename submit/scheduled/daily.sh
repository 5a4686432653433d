#!/usr/bin/env bash
# A scheduled daily run over date-partitioned samples ROOT/dt=YYYY-MM-DD/ (see README "Scheduled runs").
#   submit/scheduled/daily.sh --input ROOT --state STATE [--date YYYY-MM-DD] [--window 30d] [--fit-args "..."]
# Default date: yesterday (UTC). Local mode unless POLYMOMENTS_LAUNCHER=spark-submit: then it goes through
# submit/spark-submit.sh, with spark-submit options taken from POLYMOMENTS_SUBMIT_OPTS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

args=("$@")
case " $* " in
  *" --date "*) ;;
  *) args=(--date "$(date -u -d yesterday +%F)" "${args[@]}") ;;
esac

if [ "${POLYMOMENTS_LAUNCHER:-local}" = "spark-submit" ]; then
  # shellcheck disable=SC2086
  exec "$here/../spark-submit.sh" daily "${args[@]}" -- ${POLYMOMENTS_SUBMIT_OPTS:-}
fi
exec "$here/../local.sh" daily "${args[@]}"
