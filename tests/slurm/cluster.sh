#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for tests/slurm/test_slurm.py (Debian/Ubuntu, root).
#
#   tests/slurm/cluster.sh start    install slurm-wlm + munge if missing, write the config,
#                                   start munged, slurmctld and slurmd, wait for an idle node
#   tests/slurm/cluster.sh stop     cancel leftover jobs, stop only the daemons `start` started
#   tests/slurm/cluster.sh status   sinfo / squeue
#
# The node has this machine's CPUs and memory and one GPU gres backed by a stand-in device
# file (a character node with /dev/null's numbers, or /dev/null itself), so `sbatch --gpus=1`
# is schedulable (and sets CUDA_VISIBLE_DEVICES) on a GPU-less machine.
# Accounting is off (no slurmdbd): Snakemake must query job states with squeue, as
# profiles/slurm does. Partitions: "cpu" (default) and "gpu", both on this one node; they
# match the defaults of profiles/slurm/config.yaml.
# Both commands are safe to run twice. Jobs run as root; no cgroups are needed.
#
# Environment: SLURM_TEST_STATE (default /var/lib/memotion-slurm-test) holds spool, logs,
# the fake GPU file and the list of daemons this script started.
set -euo pipefail

STATE=${SLURM_TEST_STATE:-/var/lib/memotion-slurm-test}
CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
MARKER="# written by memotion-gmm tests/slurm/cluster.sh"
STARTED=$STATE/started          # lines "name pidfile" for the daemons this script started
CLUSTER=memotion-test

say() { printf '[cluster.sh] %s\n' "$*"; }
die() { printf '[cluster.sh] ERROR: %s\n' "$*" >&2; exit 1; }

pid_alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
    local missing=()
    command -v munged >/dev/null || missing+=(munge)
    command -v slurmctld >/dev/null || missing+=(slurmctld)
    command -v slurmd >/dev/null || missing+=(slurmd)
    command -v sbatch >/dev/null || missing+=(slurm-client)
    if ((${#missing[@]} == 0)); then
        say "packages present: $(slurmctld -V)"
        return
    fi
    say "installing ${missing[*]} (apt-get, non-interactive)"
    # Keep the packages' init scripts from starting daemons before the config exists.
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null \
        || { ((own_policy)) && rm -f "$policy"; die "apt-get install failed"; }
    ((own_policy)) && rm -f "$policy"
    say "installed $(slurmctld -V)"
}

write_config() {
    mkdir -p "$STATE"/{ctld,d,log,dev} "$CONF_DIR"
    # The fake GPU. Slurm wants a character device: a node with /dev/null's numbers (1,3),
    # so it is harmless to open; where mknod is not allowed, /dev/null itself.
    local gpu_dev=$STATE/dev/nvidia0
    if [[ ! -c $gpu_dev ]]; then
        rm -f "$gpu_dev"
        mknod -m 0666 "$gpu_dev" c 1 3 2>/dev/null || gpu_dev=/dev/null
    fi
    # This machine's CPU layout and memory as slurmd sees it (minus UpTime), plus the gres.
    local node
    node=$(slurmd -C | head -1 | sed -E 's/ *UpTime=.*//; s/^NodeName=[^ ]+ //')
    [[ $node == *CPUs=* ]] || die "slurmd -C gave no node description"
    local host
    host=$(hostname -s)
    if [[ -e $CONF ]] && ! grep -qF "$MARKER" "$CONF"; then
        cp -p "$CONF" "$CONF.before-memotion-test"
        say "kept the existing $CONF as $CONF.before-memotion-test"
    fi
    cat >"$CONF.new" <<EOF
$MARKER
ClusterName=$CLUSTER
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
# No cgroups in containers: plain process tracking, no task binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
# No accounting: no slurmdbd; sacct fails, squeue reports jobs until MinJobAge has passed.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=600
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
GresTypes=gpu
ReturnToService=2
SlurmdTimeout=300
InactiveLimit=0
KillWait=10
NodeName=$host $node Gres=gpu:1 State=UNKNOWN
PartitionName=cpu Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
PartitionName=gpu Nodes=$host Default=NO MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
    mv "$CONF.new" "$CONF"
    printf '%s\nNodeName=%s Name=gpu File=%s\n' "$MARKER" "$host" "$gpu_dev" >"$CONF_DIR/gres.conf"
    say "wrote $CONF and $CONF_DIR/gres.conf: node $host $node Gres=gpu:1 (device $gpu_dev); partitions cpu (default), gpu"
}

start_munge() {
    local pidfile=/run/munge/munged.pid
    if pid_alive "$pidfile" || munge -n </dev/null >/dev/null 2>&1; then
        say "munged already running"
        return
    fi
    if [[ ! -s /etc/munge/munge.key ]]; then
        mkdir -p /etc/munge
        if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key
        else dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
        say "created /etc/munge/munge.key"
    fi
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /etc/munge/munge.key /run/munge /var/log/munge /var/lib/munge
    chmod 0400 /etc/munge/munge.key
    chmod 0755 /run/munge
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.2; done
    munge -n </dev/null | unmunge >/dev/null || die "munged does not answer"
    echo "munged $pidfile" >>"$STARTED"
    say "started munged (pid $(cat $pidfile))"
}

start_daemon() {  # name pidfile
    local name=$1 pidfile=$2
    if pid_alive "$pidfile"; then
        say "$name already running (pid $(cat "$pidfile"))"
        return
    fi
    "/usr/sbin/$name" || die "$name failed to start; see $STATE/log/$name.log"
    for _ in $(seq 50); do pid_alive "$pidfile" && break; sleep 0.2; done
    if [[ $name == slurmctld ]]; then  # up means answering, not just a pid (it may die on a config error)
        for _ in $(seq 30); do timeout 5 scontrol ping 2>/dev/null | grep -q UP && break; sleep 1; done
        timeout 5 scontrol ping 2>/dev/null | grep -q UP || { tail -n 5 "$STATE/log/$name.log" >&2; die "slurmctld does not answer; see $STATE/log/$name.log"; }
    fi
    pid_alive "$pidfile" || { tail -n 5 "$STATE/log/$name.log" >&2; die "$name did not stay up; see $STATE/log/$name.log"; }
    grep -q "^$name " "$STARTED" 2>/dev/null || echo "$name $pidfile" >>"$STARTED"
    say "started $name (pid $(cat "$pidfile"))"
}

wait_idle() {
    local host state
    host=$(hostname -s)
    for i in $(seq 60); do
        pid_alive "$STATE/slurmctld.pid" && pid_alive "$STATE/slurmd.pid" || break
        state=$(timeout 5 sinfo -h -N -n "$host" -o %t 2>/dev/null | head -1 || true)
        case $state in
            idle|mix|alloc) say "node $host is $state after ${i}s"; sinfo; return ;;
            *drain*|*down*|drng|inval) scontrol update NodeName="$host" State=RESUME 2>/dev/null || true ;;
        esac
        sleep 1
    done
    timeout 5 sinfo -N -l || true
    timeout 5 scontrol show node "$host" || true
    tail -n 20 "$STATE/log/slurmctld.log" "$STATE/log/slurmd.log" || true
    die "node $host did not become idle (state: ${state:-none})"
}

start() {
    [[ $(id -u) == 0 ]] || die "run as root (it installs packages and starts daemons)"
    install_packages
    mkdir -p "$STATE"
    touch "$STARTED"
    if pid_alive "$STATE/slurmctld.pid" && pid_alive "$STATE/slurmd.pid" && grep -qF "$MARKER" "$CONF" 2>/dev/null; then
        say "cluster already running; config left as is"
    else
        write_config
        start_munge
        start_daemon slurmctld "$STATE/slurmctld.pid"
        start_daemon slurmd "$STATE/slurmd.pid"
    fi
    wait_idle
    say "ready: $(sinfo -h -o '%P %a %D %t %G' | tr '\n' ';')"
}

stop() {
    if [[ ! -s $STARTED ]]; then
        say "nothing to stop (no daemons recorded in $STARTED)"
        return
    fi
    if pid_alive "$STATE/slurmctld.pid"; then
        local jobs
        jobs=$(squeue -h -o %i 2>/dev/null | tr '\n' ' ' || true)
        if [[ -n ${jobs// } ]]; then
            say "cancelling leftover jobs: $jobs"
            # shellcheck disable=SC2086
            scancel $jobs || true
            for _ in $(seq 30); do [[ -z $(squeue -h -o %i 2>/dev/null) ]] && break; sleep 1; done
        fi
    fi
    # Reverse start order: slurmd, slurmctld, munged.
    local name pidfile pid
    tac "$STARTED" | while read -r name pidfile; do
        if pid_alive "$pidfile"; then
            pid=$(cat "$pidfile")
            kill -TERM "$pid"
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
            say "stopped $name (pid $pid)"
        else
            say "$name was not running"
        fi
    done
    : >"$STARTED"
}

status() {
    sinfo && squeue
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
