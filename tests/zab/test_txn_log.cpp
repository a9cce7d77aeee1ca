// FileTxnLog as files: FilePadding's preallocation, log rolls, TRUNC, and the storage size a
// FileTxnIterator reports (ZKDatabase.getProposalsFromTxnLog compares it with sizeLimit).
#include <catch2/catch.hpp>

#include <cstdint>

#include "zab/txn_log.hpp"

using zab::LoggedProposal;
using zab::TxnLog;
using zab::Zxid;

namespace {
LoggedProposal prop(Zxid zxid, std::size_t bytes = 10) { return LoggedProposal{zxid, zab::Bytes(bytes, 0x42)}; }
constexpr std::int64_t kFresh = 67108880;  // what `ls -l` shows for a new log file of ZooKeeper 3.8.0
}  // namespace

TEST_CASE("txn log: the first append opens log.<zxid>, preallocated to 64 MB after its 16-byte header",
          "[txn_log]") {
  TxnLog log;
  REQUIRE(log.files().empty());
  log.append(prop(0x100000001));
  REQUIRE(log.files().size() == 1);
  const auto& f = log.files()[0];
  CHECK(f.firstZxid == 0x100000001);
  CHECK(f.position == 16 + 8 + 4 + 10 + 1);  // header, then crc, length, txn bytes, end-of-record byte
  CHECK(f.length() == kFresh);
  log.append(prop(0x100000002));
  CHECK(log.files().size() == 1);  // same file until a roll
  CHECK(log.files()[0].length() == kFresh);
  CHECK(log.size() == 2);
}

TEST_CASE("txn log: FilePadding extends by 64 MB once the data comes within 4 KB of the end", "[txn_log]") {
  CHECK(TxnLog::paddedFileSize(16, 16) == kFresh);
  CHECK(TxnLog::paddedFileSize(kFresh - 4097, kFresh) == kFresh);
  CHECK(TxnLog::paddedFileSize(kFresh - 4096, kFresh) == kFresh + TxnLog::kPreAllocSize);
  // Written past the preallocation: rounded up to whole 64 MB chunks.
  CHECK(TxnLog::paddedFileSize(kFresh + 5, kFresh) == 2 * TxnLog::kPreAllocSize);

  // Records of exactly 1 MB: 64 of them fill the preallocation to the byte; the 65th append
  // finds less than 4 KB left and extends the file by another 64 MB.
  TxnLog log;
  const std::size_t txnBytes = 1024 * 1024 - 13;
  for (Zxid z = 1; z <= 64; ++z) log.append(prop(z, txnBytes));
  REQUIRE(log.files().size() == 1);
  CHECK(log.files()[0].length() == kFresh);
  log.append(prop(65, txnBytes));
  CHECK(log.files()[0].length() == kFresh + TxnLog::kPreAllocSize);
}

TEST_CASE("txn log: a roll (or a new process) makes the next append open a new file", "[txn_log]") {
  TxnLog log;
  log.append(prop(1));
  log.append(prop(2));
  log.rollLog();
  log.rollLog();  // no append in between: still one new file
  log.append(prop(3));
  REQUIRE(log.files().size() == 2);
  CHECK(log.files()[1].firstZxid == 3);
  CHECK(log.files()[1].firstEntry == 2);
  CHECK(log.files()[1].length() == kFresh);
}

TEST_CASE("txn log: the iterator starts in the newest file named below the zxid, and the newer files are its storage size",
          "[txn_log]") {
  TxnLog log;
  for (Zxid z : {1, 2, 3}) log.append(prop(z));
  log.rollLog();
  for (Zxid z : {4, 5}) log.append(prop(z));
  log.rollLog();
  log.append(prop(6));
  CHECK(log.startFileFor(2) == 0);
  CHECK(log.storageSizeFrom(2) == 2 * kFresh);
  CHECK(log.startFileFor(5) == 1);
  CHECK(log.storageSizeFrom(5) == kFresh);
  CHECK(log.startFileFor(6) == 1);  // 6 is not below log.6's name: the iterator starts in log.4
  CHECK(log.storageSizeFrom(6) == kFresh);
  CHECK(log.startFileFor(7) == 2);
  CHECK(log.storageSizeFrom(7) == 0);
  CHECK(log.startFileFor(1) == 0);  // nothing below 1: the oldest file, which is not counted
  CHECK(log.storageSizeFrom(1) == 2 * kFresh);
  CHECK(TxnLog().startFileFor(1) == -1);
  CHECK(TxnLog().storageSizeFrom(1) == 0);
}

TEST_CASE("txn log: TRUNC cuts the file that keeps the zxid to its data and deletes newer files", "[txn_log]") {
  TxnLog log;
  for (Zxid z : {1, 2, 3}) log.append(prop(z));
  log.rollLog();
  for (Zxid z : {4, 5}) log.append(prop(z));
  log.truncate(2);
  REQUIRE(log.size() == 2);
  REQUIRE(log.files().size() == 1);
  CHECK(log.files()[0].length() == 16 + 2 * (8 + 4 + 10 + 1));  // setLength(position): no padding left
  log.append(prop(0x200000001));  // the reopened log starts a new file
  REQUIRE(log.files().size() == 2);
  CHECK(log.files()[1].firstZxid == 0x200000001);
  CHECK(log.files()[1].length() == kFresh);

  TxnLog whole;
  for (Zxid z : {1, 2}) whole.append(prop(z));
  whole.truncate(2);  // nothing newer: the file is left as it is
  CHECK(whole.files()[0].length() == kFresh);
}

TEST_CASE("txn log: forgotten txns leave memory, not the disk: names, sizes and indices stay", "[txn_log]") {
  TxnLog log;
  for (Zxid z = 1; z <= 3; ++z) log.append(prop(z));
  log.rollLog();
  for (Zxid z = 4; z <= 6; ++z) log.append(prop(z));
  log.rollLog();
  for (Zxid z = 7; z <= 8; ++z) log.append(prop(z));
  const auto filesBefore = log.files();
  const auto sizeBefore = log.storageSizeFrom(5);
  log.forgetBefore(3);
  CHECK(log.size() == 8);  // every txn on disk
  CHECK(log.firstKept() == 3);
  CHECK(log.forgottenFiles() == 1);
  CHECK(log.forgottenMaxZxid() == 3);
  CHECK(log.front().zxid == 4);
  CHECK(log[7].zxid == 8);
  CHECK(log.files() == filesBefore);
  CHECK(log.storageSizeFrom(5) == sizeBefore);
  CHECK(log.from(log.files()[1].firstEntry)->zxid == 4);
  CHECK(log.from(0)->zxid == 4);  // below the kept part: its start
  log.forgetBefore(4);            // a file forgotten in part
  CHECK(log.forgottenFiles() == 1);
  CHECK(log.front().zxid == 5);
  // TRUNC after forgetting: the kept tail is cut, the forgotten txns stay as they were, and a
  // file forgotten in part loses the bytes of what was cut.
  log.truncate(5);
  CHECK(log.size() == 5);
  CHECK(log.back().zxid == 5);
  REQUIRE(log.files().size() == 2);
  CHECK(log.files()[0] == filesBefore[0]);
  CHECK(log.files()[1].firstEntry == 3);
  CHECK(log.files()[1].position == filesBefore[1].position - TxnLog::recordBytes(prop(6)));
  CHECK(log.files()[1].paddedSize == 0);
  log.append(prop(9));  // a new file after a TRUNC
  CHECK(log.files().size() == 3);
  CHECK(log.files()[2].firstEntry == 5);
  CHECK(log[5].zxid == 9);
  log.forgetBefore(5);
  CHECK(log.forgottenFiles() == 2);
  CHECK(log.forgottenMaxZxid() == 5);
}
