#pragma once
// Real ZooKeeper 3.8 logs as a timeline: what `zabsim import-log`, File > Open logs and
// `zabsim real` read. Not protocol code: it only reads the lines ZooKeeper writes at INFO
// (FastLeaderElection's "Notification: ...", QuorumPeer's state changes, "LEADER ELECTION TOOK",
// LearnerHandler's "Synchronizing with Learner sid" and "Sending DIFF/SNAP/TRUNC", Learner's
// "Getting a diff/snapshot from the leader" / "Truncating log", QuorumCnxManager's connection
// lines) and rebuilds from them what each server did, in one time order.
//
// Lines it does not know are skipped and counted; a known line it cannot read gives a
// file:line warning; a file over kMaxLogFileBytes is refused with a clear error. Never throws.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zabscope::real {

using Sid = std::int64_t;
using Zxid = std::int64_t;

// Tolerated receipt-before-send in ms before clocks are called skewed: the sender's own copy
// of a notification is logged by another thread, slightly after the frames left.
inline constexpr std::int64_t kSkewSlackMs = 5;

// Logs bigger than this are refused (an incident excerpt is megabytes, not gigabytes).
inline constexpr std::size_t kMaxLogFileBytes = 64u << 20;  // 64 MiB

// The layout of one log line, in log4j / logback PatternLayout syntax. Understood:
// %d / %d{ISO8601} / %d{yyyy-MM-dd HH:mm:ss,SSS} (also with '.' or 'T'), %p / %level (with
// widths like %-5p), %t / %thread, %c / %C / %logger (with {n}), %L / %line, %X{key} / %mdc,
// %m / %msg / %message, %n; everything else is literal text. The timestamp and the message
// are required. Continuation lines (stack traces) start without a timestamp and are skipped.
struct LogPattern {
  // Debian's /etc/zookeeper/conf/log4j.properties (ZooKeeper 3.8.0 package, log4j 1.2).
  static constexpr const char* kDebianLog4j = "%d{ISO8601} - %-5p [%t:%C{1}@%L] - %m%n";
  // Upstream 3.8's conf/logback.xml.
  static constexpr const char* kUpstreamLogback = "%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n";
  std::string text = kDebianLog4j;
  // Try both defaults when the user named none (set false by an explicit --pattern).
  bool autodetect = true;
};

// One server's log. `sid`: given explicitly (`sid=FILE` on the command line); otherwise taken
// from a myid the log names ("[myid:2]", "QuorumPeer[myid=2]", "WorkerReceiver[myid=2]"),
// otherwise from the last number in the file name (server2.log, zk-2.log).
// A merged excerpt (several servers in one file, each line prefixed "s1: ", merged_excerpt.hpp)
// is read as one log per server.
struct LogFile {
  std::string path;
  std::string text;
  std::optional<Sid> sid;
};
// "FILE" or "SID=FILE" as a LogFile with its path and sid and no text yet. The engine reads no
// files: the caller fills `text` (ui/log_file.hpp reads it with the kMaxLogFileBytes cap).
LogFile logFileFromSpec(const std::string& spec);

enum class PeerState { LOOKING, FOLLOWING, LEADING, OBSERVING };
enum class SyncMode { DIFF, TRUNC, SNAP };

enum class EventKind {
  ServerStart,           // the JVM (re)started: the first line of a run of the server
  NewElection,           // "New election. My id = 1, proposed zxid=0x..."
  NotificationReceived,  // "Notification: my state:...; n.sid:..., n.state:..., n.leader:..." (vote)
  StateChange,           // "LOOKING" / "FOLLOWING" / "LEADING" / "OBSERVING" (state)
  ZabPhase,              // "Peer state changed: following - synchronization" (phase text)
  ElectionTook,          // "FOLLOWING - LEADER ELECTION TOOK - 389 MS" (valueMs)
  NewEpoch,              // leader: "Have quorum of supporters, ... zxid: 0x200000000" (epoch, zxid)
  FollowerInfo,          // leader: "Follower sid: 1 : info : ..." (from = the learner)
  SyncStart,             // leader: "Synchronizing with Learner sid: 1 maxCommittedLog=..." (to, zxid = peerLastZxid)
  SyncSent,              // leader: "Sending DIFF zxid=0x... for peer sid: 1" (to, sync, zxid)
  LearnerSync,           // learner: "Getting a diff from the leader 0x..." / snapshot / "Truncating log" (sync, zxid)
  NewLeaderReceived,     // learner: "Learner received NEWLEADER message"
  UpToDate,              // learner: "Learner received UPTODATE message"
  LeaderConnected,       // learner: "Successfully connected to leader"
  LeaderDisconnected,    // learner: "Disconnected from leader ..." / "Exception when following the leader"
  ProposalSeen,          // learner: "Got zxid 0x200000001 expected 0x1" (zxid: the first txn of an epoch)
  Connection,            // QuorumCnxManager: connection request received, dropped (smaller sid), opened
  ConnectionBroken,      // QuorumCnxManager: "Connection broken for id 2" / "Cannot open channel to 3"
  LearnerGone,           // leader: "******* GOODBYE /127.0.0.1:58004 ********" / learner handler exception
  ServerShutdown,        // the server stops: "QuorumPeer main thread exited" / "Exiting normally"
};

// A vote as a notification carries it (FastLeaderElection.Notification).
struct ImportedVote {
  Sid leader = -1;
  Zxid zxid = 0;
  std::int64_t electionEpoch = 0;  // n.round
  std::int64_t peerEpoch = 0;
  PeerState state = PeerState::LOOKING;  // the sender's state
};

struct SourceLine {
  std::string file;
  int line = 0;      // 1-based
  std::string text;  // the raw line
};

struct ImportedEvent {
  std::int64_t timeMs = 0;     // after skew handling, ms since the earliest line of all files
  std::int64_t logTimeMs = 0;  // the timestamp as written, ms since the earliest line of all files
  Sid server = -1;             // whose log
  EventKind kind = EventKind::ServerStart;
  Sid from = -1, to = -1;      // where known (a notification's n.sid; a sync's peer)
  std::optional<ImportedVote> vote;      // NotificationReceived
  std::optional<PeerState> state;        // StateChange; NotificationReceived: the receiver's "my state"
  std::optional<SyncMode> sync;          // SyncSent, LearnerSync
  std::optional<Zxid> zxid;              // proposed / peerLastZxid / leader zxid, as the line says
  std::optional<std::int64_t> epoch;     // NewEpoch
  std::int64_t valueMs = 0;              // ElectionTook
  std::string detail;                    // ZabPhase: "following - synchronization - diff"; Connection: what happened
  SourceLine source;
};

// A message seen at both ends: the sender's event and the receiver's event (indexes into
// ImportedTimeline::events). A notification's send is the sender's own receipt of its
// broadcast (FastLeaderElection queues a notification to itself too); a sync's send is the
// leader's "Sending DIFF" and its receipt the learner's "Getting a diff".
//
// The sender's own copy is only an upper bound of when a notification left: WorkerSender hands the
// broadcast to the voters in sid order, its own copy in its turn, after connection attempts to
// dead voters before it (tens of ms). `sentAfter` is the sender's event the send cannot precede (what
// made it vote: its "New election" line, or the receipt of the vote it took); skew checks and
// the choice among identical sends use it. Equal to `send` when the log shows nothing earlier.
struct MatchedMessage {
  std::size_t send = 0;
  std::size_t receive = 0;
  std::string type;  // "notification", "DIFF", "SNAP", "TRUNC"
  std::size_t sentAfter = 0;
};

// What the logs tell about one server after an event.
struct ServerView {
  Sid sid = -1;
  bool seen = false;   // its log has started by now
  bool alive = false;  // started and not known to be gone (others saw its connection break)
  std::optional<PeerState> state;
  std::string zabPhase;  // "ELECTION", "DISCOVERY", "SYNCHRONIZATION", "BROADCAST" or ""
  std::optional<ImportedVote> vote;  // its current vote: its own latest notification
  std::optional<std::int64_t> acceptedEpoch, currentEpoch;
  std::optional<Zxid> lastZxid;
  std::optional<SyncMode> lastSync;
  std::optional<Sid> leader;  // whom it follows / itself when leading
};

struct ImportWarning {
  std::string file;
  int line = 0;  // 0 = about the whole file or the whole import
  std::string message;
  std::string str() const;  // "file:line: message"
};

struct ImportedTimeline {
  std::vector<Sid> servers;                  // ascending
  std::map<Sid, std::string> files;          // sid -> path
  std::vector<ImportedEvent> events;         // by timeMs, then file order
  std::vector<MatchedMessage> messages;      // matched sends and receipts
  std::vector<ImportWarning> warnings;       // malformed known lines, clock skew, ...
  std::map<Sid, std::int64_t> clockOffsetMs; // added to each server's log time (skew correction)
  bool ownLanes = false;  // skew could not be corrected: each server's times are its own
  std::size_t skippedLines = 0;  // lines of no known kind (counted, not kept)
  std::int64_t epochMs = 0;      // the earliest line's timestamp, ms since 1970 (as written, no zone)
  // after[i][k]: servers[k] as the logs tell it right after events[i].
  std::vector<std::vector<ServerView>> after;
};

struct ImportError {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const;
};

struct ImportResult {
  std::optional<ImportedTimeline> timeline;  // nullopt when nothing could be imported
  std::vector<ImportError> errors;           // why (file:line)
};

ImportResult importLogs(const std::vector<LogFile>& files, const LogPattern& pattern = {});

// --- words, made where people read them (imported_output.cpp) ---
std::string_view to_string(PeerState s);
std::string_view to_string(SyncMode m);
std::string_view to_string(EventKind k);
// The explained lines of one event: what the server did and why, as far as the log tells it.
std::vector<std::string> explainEvent(const ImportedTimeline& t, std::size_t index);
// The text trace of `zabsim import-log`: "[   1234 ms S2 ] ..." lines, warnings first.
std::vector<std::string> timelineText(const ImportedTimeline& t);
// One JSONL trace object (same keys as `zabsim run --trace`, plus "file", "line", "raw").
nlohmann::json eventToJson(const ImportedTimeline& t, std::size_t index);
// The whole timeline as a ShiViz log (same format as engine/sim/shiviz_log.hpp).
std::string toShiviz(const ImportedTimeline& t);
// The final outcome in the shape of `zabsim run --json` (sim/state_json.hpp), as far as the logs
// tell it: unknown fields are null; "source": "logs" and "warnings" are added.
nlohmann::json outcomeToJson(const ImportedTimeline& t);
// The state at event `index` (npos: before the first event) for the views.
std::vector<ServerView> viewAt(const ImportedTimeline& t, std::size_t index);
// The leader in those views: an alive LEADING server that a quorum of the voting servers (itself
// included) follows. Observers neither vote nor count toward a quorum (QuorumMaj counts the
// voting members only); a server the logs show OBSERVING is one.
std::optional<Sid> quorumLeader(const std::vector<ServerView>& views);

}  // namespace zabscope::real
