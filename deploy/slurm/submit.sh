#!/bin/bash
# Submits the sweep's array (deploy/slurm/sweep.sbatch, one task per shard) and the merge that
# waits for it (deploy/slurm/merge.sbatch, one task). Extra arguments go to both sbatch calls
# (e.g. --partition=cpu --account=ml); the array is set from SHARDS and TASKS, not --array.
#
#   deploy/slurm/submit.sh --partition=cpu                     # SHARDS=4: tasks 0-3, then the merge
#   SHARDS=8 deploy/slurm/submit.sh                            # 8 shards
#   SHARDS=4 TASKS=3 deploy/slurm/submit.sh                    # rerun shard 3 (it resumes), merge again
#   SWEEP_DIR=/shared/sweeps/run-7 RFTSIM=/shared/bin/rftsim deploy/slurm/submit.sh
#
# RFTSIM (default: rftsim on PATH here), SCENARIO and SWEEP_DIR are made absolute before submitting,
# so the tasks find them from any node that sees the same paths. If a shard fails, the merge is
# cancelled (--kill-on-invalid-dep=yes) instead of waiting forever; rerun that shard with TASKS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

for argument in "$@"; do
    case $argument in
        --array*|-a*) echo "submit.sh: set SHARDS (and TASKS to rerun some shards) instead of $argument: the merge must not be an array" >&2; exit 64 ;;
    esac
done
SHARDS=${SHARDS:-4}
TASKS=${TASKS:-0-$((SHARDS - 1))}
RFTSIM=${RFTSIM:-rftsim}
if ! resolved=$(command -v "$RFTSIM"); then
    echo "submit.sh: rftsim not found (RFTSIM is '$RFTSIM'): build it (swift build -c release --product rftsim" \
         "--static-swift-stdlib) and set RFTSIM to its path, or put it on PATH" >&2
    exit 2
fi
case $resolved in /*) ;; *) resolved=$PWD/$resolved ;; esac
SCENARIO=${SCENARIO:-scenarios/security-compliance}
SWEEP_DIR=${SWEEP_DIR:-sweeps/security-compliance}
case $SCENARIO in /*) ;; *) SCENARIO=$PWD/$SCENARIO ;; esac
case $SWEEP_DIR in /*) ;; *) SWEEP_DIR=$PWD/$SWEEP_DIR ;; esac
[ -e "$SCENARIO" ] || { echo "submit.sh: no scenario at $SCENARIO (set SCENARIO)" >&2; exit 2; }
export RFTSIM=$resolved SCENARIO SWEEP_DIR SHARDS
mkdir -p "$SWEEP_DIR"

array=$(sbatch --parsable --export=ALL --array="$TASKS" "$@" "$here/sweep.sbatch")
array=${array%%;*}  # "jobid;cluster" on federated clusters
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" --kill-on-invalid-dep=yes "$@" "$here/merge.sbatch")
echo "sweep array job $array (shards $TASKS of $SHARDS), merge job ${merge%%;*} (starts when they have succeeded)"
