#!/bin/bash
# Records real ZooKeeper 3.8.0 logs (tests/real-logs/snap): 3 servers on 127.0.0.1, ports 31xx.
set -u
R=/tmp/ri-rec2 CLIENT_PORTS=314 PEER_PORTS=315 ELECT_PORTS=316
source "$(dirname "${BASH_SOURCE[0]}")/record-lib.sh"
start_all_and_write
F=$(for i in 1 2 3; do [ $i != $L ] && echo $i; done | head -1)
echo "phase2 kill -9 follower s$F and wipe its data $(date -u +%T)"
kill -9 ${PID[$F]}; sleep 1; rm -rf $R/s$F/version-2
for n in 4 5; do cli $L create /b$n y$n; done
echo "phase3 restart wiped follower s$F $(date -u +%T)"
start $F; sleep 6; echo "mode s$F $(mode $F)"
echo "done $(date -u +%T)"
stop_all
