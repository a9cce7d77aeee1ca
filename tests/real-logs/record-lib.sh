# Sourced by record-failover.sh, record-snap.sh and record-trunc.sh: three real ZooKeeper 3.8.0 servers on
# 127.0.0.1, each with its own dataDir and zoo.cfg, and the helpers the recordings use.
# The caller sets, before sourcing:
#   R            the folder the servers write under (s1..s3, logs/, pids.txt)
#   CLIENT_PORTS the client ports' prefix: server i listens on ${CLIENT_PORTS}i (e.g. 313 -> 3131)
#   PEER_PORTS   the quorum ports' prefix: ${PEER_PORTS}i (e.g. 311 -> 3111)
#   ELECT_PORTS  the election ports' prefix: ${ELECT_PORTS}i (e.g. 312 -> 3121)
# Different prefixes let two recordings run side by side.
set -u
CP="/etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar"
rm -rf $R/s1 $R/s2 $R/s3 $R/logs; mkdir -p $R/logs
for i in 1 2 3; do
  mkdir -p $R/s$i; echo $i > $R/s$i/myid
  cat > $R/s$i/zoo.cfg <<CFG
tickTime=200
initLimit=20
syncLimit=10
dataDir=$R/s$i
clientPort=$CLIENT_PORTS$i
admin.enableServer=false
4lw.commands.whitelist=srvr
server.1=127.0.0.1:${PEER_PORTS}1:${ELECT_PORTS}1
server.2=127.0.0.1:${PEER_PORTS}2:${ELECT_PORTS}2
server.3=127.0.0.1:${PEER_PORTS}3:${ELECT_PORTS}3
CFG
done
declare -A PID
# commitLogCount=5 keeps few proposals in memory; snapshotSizeFactor=-1 turns off sync from the
# on-disk txn log, so a learner further behind than that gets a SNAP (see README.md).
start() { java -Dzookeeper.root.logger=INFO,CONSOLE -Dzookeeper.commitLogCount=5 -Dzookeeper.snapshotSizeFactor=-1 \
   -cp "$CP" org.apache.zookeeper.server.quorum.QuorumPeerMain $R/s$1/zoo.cfg >> $R/logs/server$1.log 2>&1 &
   PID[$1]=$!; echo "started s$1 pid ${PID[$1]}" >> $R/pids.txt; }
mode() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$CLIENT_PORTS$1; echo srvr >&3; cat <&3" 2>/dev/null | grep Mode | awk "{print \$2}"; }
leader() { for i in 1 2 3; do [ "$(mode $i)" = leader ] && echo $i; done; }
cli() { timeout 20 java -cp "$CP" org.apache.zookeeper.ZooKeeperMain -server 127.0.0.1:$CLIENT_PORTS$1 "${@:2}" >/dev/null 2>&1; }
waitleader() { for t in $(seq 1 60); do L=$(leader); [ -n "$L" ] && { echo $L; return; }; sleep 1; done; echo none; }
# Phase 1 of every recording: the three start together, a leader is elected, 3 writes.
start_all_and_write() {
  echo "phase1 start together $(date -u +%T)"
  start 1; start 2; start 3
  L=$(waitleader); echo "leader $L"
  for n in 1 2 3; do cli $L create /a$n x$n; done
  sleep 2
}
# Signals only the JVMs this recording started.
stop_all() { for i in 1 2 3; do kill -9 ${PID[$i]} 2>/dev/null; done; }
