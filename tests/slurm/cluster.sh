#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for tests: Debian's slurmctld,
# slurmd and munge, with everything they write under one scratch folder.
#
#   tests/slurm/cluster.sh start    bring it up (nothing to do if it is up)
#   tests/slurm/cluster.sh stop     stop the daemons by their pid files
#   tests/slurm/cluster.sh status   exit 0 when it is up and the node is idle
#   tests/slurm/cluster.sh env      the line to source: export SLURM_CONF=...
#
# Needs root (the daemons run as root, munged as the munge user) and the
# packages slurmctld slurmd slurm-client munge. The scratch folder is
# $WORKBOOK_SLURM_DIR (default /tmp/workbook-slurm): the munge key, socket
# and logs, slurm.conf, the controller's state, slurmd's spool, pid and log
# files. Nothing under /etc or /run is touched, so a system Slurm or munge
# keeps running beside it; the ports are $WORKBOOK_SLURM_PORT and the next
# one (default 16817 and 16818). Safe to run twice; `stop` then `start`
# gives a fresh cluster.
set -euo pipefail

DIR=${WORKBOOK_SLURM_DIR:-/tmp/workbook-slurm}
PORT=${WORKBOOK_SLURM_PORT:-16817}
CONF=$DIR/slurm.conf
SOCKET=$DIR/munge/munge.socket.2
NODE=$(hostname -s)

say() { printf 'cluster.sh: %s\n' "$*" >&2; }

alive() {   # alive PIDFILE: the process it names is running
    [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

need() {
    if [ "$(id -u)" != 0 ]; then
        say "run me as root: the Slurm daemons of this test cluster run as root"
        exit 2
    fi
    local missing=""
    for tool in munged slurmctld slurmd sinfo sbatch; do
        command -v "$tool" >/dev/null || missing="$missing $tool"
    done
    if [ -n "$missing" ]; then
        say "missing:$missing; install them with: apt-get install -y slurmctld slurmd slurm-client munge"
        exit 2
    fi
}

node_idle() {
    SLURM_CONF=$CONF timeout 10 sinfo -h -n "$NODE" -o '%T' 2>/dev/null | grep -qxE 'idle|mixed|allocated'
}

status() {
    local ok=0
    for daemon in munged slurmctld slurmd; do
        if alive "$DIR/$daemon.pid"; then
            echo "$daemon running (pid $(cat "$DIR/$daemon.pid"))"
        else
            echo "$daemon not running"
            ok=3
        fi
    done
    if [ $ok = 0 ] && node_idle; then
        echo "node $NODE: $(SLURM_CONF=$CONF sinfo -h -n "$NODE" -o '%T, %c CPUs')"
    else
        [ $ok = 0 ] && echo "node $NODE not ready"
        ok=3
    fi
    return $ok
}

write_config() {
    local cpus
    cpus=$(nproc)
    cat > "$CONF" <<CONF
# A one-node test cluster, written by tests/slurm/cluster.sh.
ClusterName=workbook
SlurmctldHost=$NODE
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$NODE CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

start_munge() {
    alive "$DIR/munged.pid" && return 0
    # The socket's folder must be open to every user (they all talk to
    # munged); the key's folder to munge alone.
    install -d -m 0755 -o munge -g munge "$DIR/munge"
    install -d -m 0700 -o munge -g munge "$DIR/munge-key"
    if [ ! -s "$DIR/munge-key/munge.key" ]; then
        dd if=/dev/urandom of="$DIR/munge-key/munge.key" bs=1024 count=1 status=none
        chown munge:munge "$DIR/munge-key/munge.key"
        chmod 0400 "$DIR/munge-key/munge.key"
    fi
    rm -f "$SOCKET" "$DIR/munged.pid"
    touch "$DIR/munged.pid"
    chown munge:munge "$DIR/munged.pid"
    runuser -u munge -- munged --socket="$SOCKET" --key-file="$DIR/munge-key/munge.key" \
        --pid-file="$DIR/munged.pid" --log-file="$DIR/munge/munged.log" \
        --seed-file="$DIR/munge/munged.seed" </dev/null
    for _ in $(seq 50); do
        [ -S "$SOCKET" ] && alive "$DIR/munged.pid" && return 0
        sleep 0.1
    done
    say "munged did not start; its log, $DIR/munge/munged.log, says:"
    tail -5 "$DIR/munge/munged.log" >&2 || true
    exit 1
}

start() {
    need
    if status >/dev/null 2>&1; then
        echo "the test cluster is already up ($DIR)"
        return 0
    fi
    mkdir -p "$DIR/state" "$DIR/spool"
    chmod 0755 "$DIR"
    write_config
    start_munge
    if ! alive "$DIR/slurmctld.pid"; then
        rm -f "$DIR/slurmctld.pid"
        # -c: a fresh start, whatever an earlier cluster left in state/.
        slurmctld -c -f "$CONF" </dev/null
    fi
    if ! alive "$DIR/slurmd.pid"; then
        rm -f "$DIR/slurmd.pid"
        slurmd -f "$CONF" </dev/null
    fi
    for _ in $(seq 60); do
        if node_idle; then
            echo "the test cluster is up: node $NODE, $(nproc) CPUs ($DIR)"
            return 0
        fi
        sleep 0.5
    done
    say "the node did not come up within 30 s; see $DIR/slurmctld.log and $DIR/slurmd.log"
    tail -5 "$DIR/slurmctld.log" "$DIR/slurmd.log" >&2 || true
    exit 1
}

stop_daemon() {   # stop_daemon NAME: TERM, then KILL after 10 s
    local pidfile=$DIR/$1.pid
    if ! alive "$pidfile"; then
        rm -f "$pidfile"
        return 0
    fi
    local pid
    pid=$(cat "$pidfile")
    kill "$pid"
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
        sleep 0.1
    done
    say "$1 (pid $pid) ignored SIGTERM for 10 s: killing it"
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
}

stop() {
    stop_daemon slurmd
    stop_daemon slurmctld
    stop_daemon munged
    echo "the test cluster is stopped ($DIR)"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) echo "export SLURM_CONF=$CONF" ;;
    *) say "usage: tests/slurm/cluster.sh start|stop|status|env"; exit 2 ;;
esac
