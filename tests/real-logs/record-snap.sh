#!/bin/bash
# Records real ZooKeeper 3.8.0 logs: 3 servers on 127.0.0.1, ports 31xx.
set -u
R=/tmp/ri-rec2
CP="/etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar"
rm -rf $R/s1 $R/s2 $R/s3 $R/logs; mkdir -p $R/logs
for i in 1 2 3; do
  mkdir -p $R/s$i; echo $i > $R/s$i/myid
  cat > $R/s$i/zoo.cfg <<CFG
tickTime=200
initLimit=20
syncLimit=10
dataDir=$R/s$i
clientPort=314$i
admin.enableServer=false
4lw.commands.whitelist=srvr
server.1=127.0.0.1:3151:3161
server.2=127.0.0.1:3152:3162
server.3=127.0.0.1:3153:3163
CFG
done
declare -A PID
start() { java -Dzookeeper.root.logger=INFO,CONSOLE -Dzookeeper.commitLogCount=5 -Dzookeeper.snapshotSizeFactor=-1 \
   -cp "$CP" org.apache.zookeeper.server.quorum.QuorumPeerMain $R/s$1/zoo.cfg >> $R/logs/server$1.log 2>&1 &
   PID[$1]=$!; echo "started s$1 pid ${PID[$1]}" >> $R/pids.txt; }
mode() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/314$1; echo srvr >&3; cat <&3" 2>/dev/null | grep Mode | awk "{print \$2}"; }
leader() { for i in 1 2 3; do [ "$(mode $i)" = leader ] && echo $i; done; }
cli() { timeout 20 java -cp "$CP" org.apache.zookeeper.ZooKeeperMain -server 127.0.0.1:314$1 "${@:2}" >/dev/null 2>&1; }
waitleader() { for t in $(seq 1 60); do L=$(leader); [ -n "$L" ] && { echo $L; return; }; sleep 1; done; echo none; }
echo "phase1 start together $(date -u +%T)"
start 1; start 2; start 3
L=$(waitleader); echo "leader $L"
for n in 1 2 3; do cli $L create /a$n x$n; done
sleep 2
F=$(for i in 1 2 3; do [ $i != $L ] && echo $i; done | head -1)
echo "phase2 kill -9 follower s$F and wipe its data $(date -u +%T)"
kill -9 ${PID[$F]}; sleep 1; rm -rf $R/s$F/version-2
for n in 4 5; do cli $L create /b$n y$n; done
echo "phase3 restart wiped follower s$F $(date -u +%T)"
start $F; sleep 6; echo "mode s$F $(mode $F)"
echo "done $(date -u +%T)"
for i in 1 2 3; do kill -9 ${PID[$i]} 2>/dev/null; done
