#!/bin/bash
# Submits the sweep's array and the merge that waits for it. Extra arguments go to both sbatch
# calls (e.g. --partition=cpu --account=ml).
#
#   deploy/slurm/submit.sh
#   SWEEP_DIR=/shared/sweeps/run-7 deploy/slurm/submit.sh --partition=cpu
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --export=ALL "$@" "$here/sweep.sbatch")
array=${array%%;*}  # "jobid;cluster" on federated clusters
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" "$@" "$here/merge.sbatch")
echo "sweep array job $array, merge job ${merge%%;*} (starts when every shard has succeeded)"
