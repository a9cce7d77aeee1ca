#!/bin/bash
# Records real ZooKeeper 3.8.0 logs (tests/real-logs/trunc): 3 servers on 127.0.0.1, ports 31xx.
# The leader logs a proposal that no follower sees, dies, and comes back to a new leader that
# never had it: the new leader sends it a TRUNC (LearnerHandler.syncFollower: the learner's last
# zxid is past the leader's maxCommittedLog).
set -u
R=/tmp/ri-rec3 CLIENT_PORTS=317 PEER_PORTS=318 ELECT_PORTS=319
source "$(dirname "${BASH_SOURCE[0]}")/record-lib.sh"
start_all_and_write
FS=$(for i in 1 2 3; do [ $i != $L ] && echo $i; done)
# A client that stays connected to the leader, fed through a FIFO: its session is committed while
# all three are up, so its next request reaches the leader at once.
rm -f $R/cli.in; mkfifo $R/cli.in; exec 7<>$R/cli.in
java -cp "$CP" org.apache.zookeeper.ZooKeeperMain -server 127.0.0.1:$CLIENT_PORTS$L < $R/cli.in > $R/logs/cli.out 2>&1 &
CLI=$!; sleep 4
echo "phase2 SIGSTOP followers $(echo $FS), the leader s$L alone logs a write $(date -u +%T)"
for f in $FS; do kill -STOP ${PID[$f]}; done
echo "create /lost lost" >&7
sleep 0.7
# SIGCONT would let the followers read the proposal the kernel buffered for them; killing them
# while stopped throws it away, as a lost packet would.
echo "phase3 kill -9 the leader s$L and the stopped followers, restart the followers $(date -u +%T)"
kill -9 ${PID[$L]} $CLI 2>/dev/null
for f in $FS; do kill -9 ${PID[$f]}; done
sleep 1
for f in $FS; do start $f; done
N=$(waitleader); echo "new leader $N"
echo "phase4 restart the old leader s$L before the new epoch has writes $(date -u +%T)"
start $L; sleep 6; echo "mode s$L $(mode $L)"
for n in 4 5; do cli $N create /c$n z$n; done
sleep 2
echo "done $(date -u +%T)"
stop_all
