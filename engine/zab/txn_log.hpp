#pragma once
// FileTxnLog: the txn log as ZooKeeper 3.8 keeps it in <dataLogDir>/version-2, a list of files
// named log.<zxid of their first txn>. A file is opened by the first append after a roll (or
// after the process started, or after a truncate), preallocated by FilePadding to 64 MB, and
// never reopened. The sync decision (LearnerHandler.syncFollower) looks at these files' sizes,
// not at the txns in them (FileTxnIterator.getStorageSize).
#include <cstdint>
#include <vector>

#include "append_log.hpp"
#include "notification_codec.hpp"  // Bytes
#include "shared_bytes.hpp"
#include "types.hpp"

namespace zab {

// One logged proposal: its zxid and the PROPOSAL data (serialized txn).
struct LoggedProposal {
  Zxid zxid = 0;
  // Written once, then only read: the txn log, the committed log, the packets in flight and
  // the pending flush share one buffer instead of copying the txn at every hand-over.
  SharedBytes data;
  bool operator==(const LoggedProposal&) const = default;
};

// One log.<zxid> file.
struct TxnLogFile {
  Zxid firstZxid = 0;          // the zxid in its name: that of the first txn appended to it
  std::size_t firstEntry = 0;  // index of that txn in TxnLog's entries
  std::int64_t position = 0;   // bytes written: the 16-byte header, then the records
  std::int64_t paddedSize = 0; // FilePadding's preallocated size (0 once truncated to its data)
  // File.length(): preallocation makes a file larger than its data.
  std::int64_t length() const { return position > paddedSize ? position : paddedSize; }
  bool operator==(const TxnLogFile&) const = default;
};

class TxnLog {
 public:
  static constexpr std::int64_t kFileHeaderBytes = 16;              // FileHeader: magic, version, dbId
  static constexpr std::int64_t kPreAllocSize = 64LL * 1024 * 1024;  // zookeeper.preAllocSize (65536 KB)
  static constexpr std::int64_t kPadding = 4096;                     // FilePadding: extend when this close to the end
  // One record: long crc, int length, the txn bytes, byte 'B' (end of record).
  static std::int64_t recordBytes(const LoggedProposal& p) {
    return 8 + 4 + static_cast<std::int64_t>(p.data.size()) + 1;
  }
  // FilePadding.calculateFileSizeWithPadding.
  static std::int64_t paddedFileSize(std::int64_t position, std::int64_t fileSize);

  // FileTxnLog.append: writes to the open file, or opens log.<p.zxid> first.
  void append(const LoggedProposal& p);
  // FileTxnLog.rollLog: the next append opens a new file. A new process's FileTxnLog starts
  // the same way (no open stream), so a restart begins a new file too.
  void rollLog() { open_ = false; }
  // FileTxnLog.truncate (TRUNC): drops every txn newer than `zxid`; the file that keeps the
  // last of them is cut to its data (no padding left), files left empty are deleted, and the
  // next append opens a new file (FileTxnSnapLog.truncateLog reopens the log).
  void truncate(Zxid zxid);
  // The same cut by position, as FileTxnLog.truncate makes it: every txn after entry `entry`
  // (an index into entries()) goes, whatever its zxid.
  void truncateAfter(std::size_t entry);
  // A power cut in the middle of writing the last record: FileTxnIterator reads the torn
  // record as the end of its file, so the txn is gone for every reader; the file keeps its
  // preallocated length, and the next append (a new process) opens a new file.
  void tearLast();

  // FileTxnIterator(zxid, fastForward=false) lists the files from the newest down to the newest
  // one named below `zxid` (or all of them), and starts reading the oldest of that list: this
  // is its index in files(), or -1 when there are no files.
  std::ptrdiff_t startFileFor(Zxid zxid) const;
  // FileTxnIterator.getStorageSize right after that: the lengths of the other listed files,
  // i.e. of the files newer than the start file (which is already off the list).
  std::int64_t storageSizeFrom(Zxid zxid) const;

  const std::vector<TxnLogFile>& files() const { return files_; }
  // The txns of every file, oldest first (may repeat zxids after a SNAP); shared, not copied.
  // Indices count every txn on disk; those below firstKept() are on disk but no longer in the
  // simulator's memory (forgetFilesBefore), and iteration starts at firstKept().
  const AppendLog<LoggedProposal>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }  // every txn on disk
  bool empty() const { return entries_.empty(); }
  std::size_t firstKept() const { return entries_.firstKept(); }
  const LoggedProposal& operator[](std::size_t i) const { return entries_[i]; }  // i >= firstKept()
  const LoggedProposal& front() const { return entries_.front(); }
  const LoggedProposal& back() const { return entries_.back(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }
  // The kept txns from index i on (i below firstKept(): from the first kept one).
  AppendLog<LoggedProposal>::const_iterator from(std::size_t i) const {
    return entries_.begin() + static_cast<std::ptrdiff_t>(i > firstKept() ? i - firstKept() : 0);
  }

  // Memory, not disk: txns [0, entry) stay on disk (every file keeps its name and size) but
  // leave the simulator's memory. The caller decides that no reader can reach them
  // (QuorumPeer::forgetUnreadableLogFiles).
  void forgetBefore(std::size_t entry);
  // Files none of whose txns are in memory any more.
  std::size_t forgottenFiles() const { return forgottenFiles_; }
  // The newest zxid among the forgotten txns (0: none), for lastLoggedZxid.
  Zxid forgottenMaxZxid() const { return forgottenMaxZxid_; }

  bool operator==(const TxnLog&) const = default;

 private:
  template <class Drop>
  void cutIf(Drop drop);  // drops the kept txns i with drop(i), file by file
  AppendLog<LoggedProposal> entries_;
  std::vector<TxnLogFile> files_;
  bool open_ = false;  // logStream != null
  std::size_t forgottenFiles_ = 0;  // files_[0, forgottenFiles_) have no txns in memory
  Zxid forgottenMaxZxid_ = 0;
};

}  // namespace zab
