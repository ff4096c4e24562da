#!/usr/bin/env bash
# A real single-node SLURM cluster for the tests: Debian's slurm-wlm (22.05) and munge, run as root from one
# temporary folder, with two fake GPU device files declared as generic resources.
#
#   test/slurm/cluster.sh start [DIR]   start munged, slurmctld and slurmd; wait until the node is idle;
#                                       print SLURM_CONF=… and SLURM_CLUSTER_DIR=… (one per line, nothing else)
#   test/slurm/cluster.sh env DIR       print the same two lines for a running cluster
#   test/slurm/cluster.sh stop DIR      cancel its jobs, stop its three daemons by pid, delete DIR
#
# Everything belongs to the folder: its own munge key and socket, its own state, spool, logs and pid files, and
# ports chosen free at start, so that a cluster started here never meets another one (or a system-wide munged)
# running on the same machine. Processes are only ever stopped by the pids this script recorded, after checking
# that the pid still runs a program of this folder.
set -euo pipefail

SBIN=/usr/sbin
BIN=/usr/bin

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}
say() { echo "cluster.sh: $*" >&2; }

require_tools() {
  local missing=()
  for p in "$SBIN/munged" "$SBIN/mungekey" "$SBIN/slurmctld" "$SBIN/slurmd" "$BIN/sinfo" "$BIN/squeue" "$BIN/scancel"; do
    [ -x "$p" ] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]} (apt-get install -y slurm-wlm munge)"
  [ "$(id -u)" -eq 0 ] || die "the test cluster runs its daemons as root (SlurmUser=root); run as root"
}

free_port() {
  # Port 0 lets the kernel choose a free one; the small window before slurm binds it is acceptable for tests.
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The pid recorded in FILE when that process is alive and its command line names DIR; empty otherwise.
owned_pid() {
  local file=$1 dir=$2 pid
  [ -f "$file" ] || return 0
  pid=$(tr -dc '0-9' <"$file")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir"; then echo "$pid"; fi
}

print_env() {
  local dir=$1
  echo "SLURM_CONF=$dir/slurm.conf"
  echo "SLURM_CLUSTER_DIR=$dir"
}

wait_for() {
  # wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s.
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
  : "$what"
}

node_idle() {
  local state
  state=$(SLURM_CONF="$1/slurm.conf" "$BIN/sinfo" -h -N -o '%T' 2>/dev/null | head -n 1) || return 1
  [ "$state" = idle ]
}

start() {
  require_tools
  local dir=${1:-}
  if [ -z "$dir" ]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/slurm-cluster.XXXXXX")
  else
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
  fi
  chmod 700 "$dir"
  mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/munge"
  chmod 700 "$dir/munge"

  local host ctld_port slurmd_port
  host=$(hostname -s)
  ctld_port=$(free_port)
  slurmd_port=$(free_port)
  while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done

  # Slurm finds GPUs only through device files; empty files are enough for it to count and hand them out.
  : >"$dir/fakegpu0"
  : >"$dir/fakegpu1"
  cat >"$dir/gres.conf" <<EOF
NodeName=$host Name=gpu File=$dir/fakegpu[0-1]
EOF
  cat >"$dir/slurm.conf" <<EOF
ClusterName=local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=100
GresTypes=gpu
ReturnToService=2
# The machine may have more or fewer cores than the node declares.
SlurmdParameters=config_overrides
# A job past its time limit is killed 2 s after SIGTERM instead of 30 s.
KillWait=2
# Memory is a consumable resource and is sampled every second: a job over its --mem is killed (Slurm 22.05
# without cgroups reports it as FAILED, reason JobLaunchFailure, signal 9).
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobAcctGatherParams=OverMemoryKill
# Eight CPUs whatever the machine has, so that the two GPUs, not the cores, decide which job waits.
NodeName=$host NodeAddr=127.0.0.1 CPUs=8 RealMemory=2000 Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

  "$SBIN/mungekey" --create --keyfile="$dir/munge/munge.key" >/dev/null 2>&1 || die "mungekey could not create a key"
  chmod 400 "$dir/munge/munge.key"
  "$SBIN/munged" --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" \
    2>>"$dir/log/start.log" || die "munged did not start (see $dir/log/)"
  wait_for 10 munged test -S "$dir/munge/munge.socket" || die "munged made no socket (see $dir/log/munged.log)"

  export SLURM_CONF=$dir/slurm.conf
  "$SBIN/slurmctld" -f "$SLURM_CONF" 2>>"$dir/log/start.log" || {
    stop "$dir" keep
    die "slurmctld did not start (see $dir/log/slurmctld.log)"
  }
  "$SBIN/slurmd" -f "$SLURM_CONF" 2>>"$dir/log/start.log" || {
    stop "$dir" keep
    die "slurmd did not start (see $dir/log/slurmd.log)"
  }
  if ! wait_for 60 "the node to be idle" node_idle "$dir"; then
    say "the node did not become idle within 60 s; sinfo says: $("$BIN/sinfo" -h -N -o '%T %E' 2>&1 || true)"
    stop "$dir" keep
    die "logs kept in $dir/log/"
  fi
  print_env "$dir"
}

stop() {
  local dir=${1:-} keep=${2:-}
  [ -n "$dir" ] || die "usage: cluster.sh stop DIR"
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd -P)
  [ -f "$dir/slurm.conf" ] || die "$dir is not a folder made by cluster.sh start"

  # Jobs first, so that their slurmstepd and the job's own processes end before the daemons go.
  local ctld
  ctld=$(owned_pid "$dir/slurmctld.pid" "$dir")
  if [ -n "$ctld" ]; then
    export SLURM_CONF=$dir/slurm.conf
    local jobs
    jobs=$(timeout 10 "$BIN/squeue" -h -t PENDING,RUNNING,SUSPENDED,COMPLETING -o '%i' 2>/dev/null || true)
    if [ -n "$jobs" ]; then
      # shellcheck disable=SC2086 # job ids are digits
      timeout 10 "$BIN/scancel" $jobs 2>/dev/null || true
      wait_for 20 "cancelled jobs to end" no_active_jobs || say "jobs still active after 20 s: $jobs"
    fi
  fi

  local pids=() pid
  for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    pid=$(owned_pid "$f" "$dir")
    [ -z "$pid" ] || pids+=("$pid")
  done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    wait_for 15 "pid $pid to exit" gone "$pid" || {
      say "pid $pid did not exit after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    }
  done
  # A job that was still running when the controller went away leaves its slurmstepd behind. slurmd starts every
  # slurmstepd in its log folder, so a slurmstepd whose working folder is this cluster's log folder is ours.
  local stray
  for stray in $(job_steps "$dir"); do
    say "stopping the job step $stray ($(tr '\0' ' ' <"/proc/$stray/cmdline" 2>/dev/null)) and what it started"
    stop_tree "$stray"
  done
  [ "$keep" = keep ] || rm -rf "$dir"
}

job_steps() {
  local dir=$1 p cwd
  for p in /proc/[0-9]*; do
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    cwd=${cwd% (deleted)}
    [ "$cwd" = "$dir/log" ] || continue
    if [ "$(cat "$p/comm" 2>/dev/null)" = slurmstepd ]; then echo "${p#/proc/}"; fi
  done
  return 0
}

# SIGKILL to a process and every process below it (found through the parent field of /proc/<pid>/stat).
stop_tree() {
  local all=("$1") i=0 p parent
  while [ $i -lt ${#all[@]} ]; do
    for p in /proc/[0-9]*; do
      # The name in /proc/<pid>/stat may hold spaces and ")", so the fields are counted after its last ")".
      parent=$(sed -E 's/^.*\) //' "$p/stat" 2>/dev/null | awk '{print $2}') || continue
      if [ "$parent" = "${all[$i]}" ]; then all+=("${p#/proc/}"); fi
    done
    i=$((i + 1))
  done
  for p in "${all[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
}

# True when the process has exited: no longer listed, or a zombie (this machine's init may never reap it).
gone() {
  local state
  state=$(sed -E 's/^.*\) //' "/proc/$1/stat" 2>/dev/null | awk '{print $1}') || return 0
  [ -z "$state" ] || [ "$state" = Z ]
}

no_active_jobs() {
  [ -z "$(timeout 5 "$BIN/squeue" -h -t PENDING,RUNNING,SUSPENDED,COMPLETING -o '%i' 2>/dev/null)" ]
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  env)
    [ -n "${2:-}" ] && [ -f "$2/slurm.conf" ] || die "usage: cluster.sh env DIR (a folder made by cluster.sh start)"
    print_env "$(cd "$2" && pwd -P)"
    ;;
  *) die "usage: cluster.sh start [DIR] | env DIR | stop DIR" ;;
esac
