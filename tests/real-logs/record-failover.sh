#!/bin/bash
# Records real ZooKeeper 3.8.0 logs: 3 servers on 127.0.0.1, ports 31xx.
set -u
R=/tmp/ri-rec
CP="/etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar"
rm -rf $R/s1 $R/s2 $R/s3 $R/logs; mkdir -p $R/logs
for i in 1 2 3; do
  mkdir -p $R/s$i; echo $i > $R/s$i/myid
  cat > $R/s$i/zoo.cfg <<CFG
tickTime=200
initLimit=20
syncLimit=10
dataDir=$R/s$i
clientPort=313$i
admin.enableServer=false
4lw.commands.whitelist=srvr
server.1=127.0.0.1:3111:3121
server.2=127.0.0.1:3112:3122
server.3=127.0.0.1:3113:3123
CFG
done
declare -A PID
start() { java -Dzookeeper.root.logger=INFO,CONSOLE -Dzookeeper.commitLogCount=5 -Dzookeeper.snapshotSizeFactor=-1 \
   -cp "$CP" org.apache.zookeeper.server.quorum.QuorumPeerMain $R/s$1/zoo.cfg >> $R/logs/server$1.log 2>&1 &
   PID[$1]=$!; echo "started s$1 pid ${PID[$1]}" >> $R/pids.txt; }
mode() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/313$1; echo srvr >&3; cat <&3" 2>/dev/null | grep Mode | awk "{print \$2}"; }
leader() { for i in 1 2 3; do [ "$(mode $i)" = leader ] && echo $i; done; }
cli() { timeout 20 java -cp "$CP" org.apache.zookeeper.ZooKeeperMain -server 127.0.0.1:313$1 "${@:2}" >/dev/null 2>&1; }
waitleader() { for t in $(seq 1 60); do L=$(leader); [ -n "$L" ] && { echo $L; return; }; sleep 1; done; echo none; }
echo "phase1 start together $(date -u +%T)"
start 1; start 2; start 3
L=$(waitleader); echo "leader $L"
for n in 1 2 3; do cli $L create /a$n x$n; done
sleep 2
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
for i in 1 2 3; do kill -9 ${PID[$i]} 2>/dev/null; done
