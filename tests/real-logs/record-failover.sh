#!/bin/bash
# Records real ZooKeeper 3.8.0 logs (tests/real-logs/failover): 3 servers on 127.0.0.1, ports 31xx.
set -u
R=/tmp/ri-rec CLIENT_PORTS=313 PEER_PORTS=311 ELECT_PORTS=312
source "$(dirname "${BASH_SOURCE[0]}")/record-lib.sh"
start_all_and_write
echo "phase2 kill -9 leader s$L $(date -u +%T)"
OLD=$L; kill -9 ${PID[$OLD]}
sleep 1; L=$(waitleader); echo "new leader $L"
ALIVE=$(for i in 1 2 3; do [ $i != $OLD ] && echo $i; done | head -1)
for n in 4 5; do cli $L create /b$n y$n; done
sleep 1
echo "phase3 restart old leader s$OLD $(date -u +%T)"
start $OLD; sleep 6; echo "mode s$OLD $(mode $OLD)"
# phase4: a far-behind follower: stop a follower, write more than commitLogCount, restart
F=$(for i in 1 2 3; do [ $i != $L ] && [ $i != $OLD ] && echo $i; done | head -1)
echo "phase4 kill follower s$F $(date -u +%T)"
kill -9 ${PID[$F]}; sleep 1
for n in $(seq 1 12); do cli $L create /c$n z$n; done
start $F; sleep 6; echo "mode s$F $(mode $F)"
echo "done $(date -u +%T)"
stop_all
