// FileTxnLog, FilePadding and the part of FileTxnIterator the sync decision uses.
#include "txn_log.hpp"

#include <algorithm>

namespace zab {

std::int64_t TxnLog::paddedFileSize(std::int64_t position, std::int64_t fileSize) {
  if (position + kPadding >= fileSize) {
    if (position > fileSize) {  // written past the preallocation: round up to whole chunks
      fileSize = position + kPreAllocSize;
      fileSize -= fileSize % kPreAllocSize;
    } else {
      fileSize += kPreAllocSize;
    }
  }
  return fileSize;
}

void TxnLog::append(const LoggedProposal& p) {
  if (!open_) {
    // A new log.<zxid>: the header is flushed, then the file is padded from there.
    TxnLogFile f;
    f.firstZxid = p.zxid;
    f.firstEntry = entries_.size();
    f.position = kFileHeaderBytes;
    f.paddedSize = kFileHeaderBytes;
    files_.push_back(f);
    open_ = true;
  }
  TxnLogFile& f = files_.back();
  f.paddedSize = paddedFileSize(f.position, f.paddedSize);  // padFile, before each record
  f.position += recordBytes(p);
  entries_.push_back(p);
}

void TxnLog::tearLast() {
  if (entries_.keptSize() == 0) return;  // nothing in memory to tear (the newest file is never forgotten)
  TxnLogFile& f = files_.back();
  f.position -= recordBytes(entries_.back());
  entries_.truncate(entries_.size() - 1);
  if (f.firstEntry == entries_.size()) files_.pop_back();  // its only record: nothing readable is left
  open_ = false;
}

void TxnLog::forgetBefore(std::size_t entry) {
  entry = std::min(entry, entries_.size());
  if (entry <= firstKept()) return;
  for (auto it = entries_.begin(); it != from(entry); ++it) forgottenMaxZxid_ = std::max(forgottenMaxZxid_, it->zxid);
  entries_.forgetFront(entry);
  while (forgottenFiles_ + 1 < files_.size() && files_[forgottenFiles_ + 1].firstEntry <= entry) ++forgottenFiles_;
  if (forgottenFiles_ + 1 == files_.size() && entry >= entries_.size()) forgottenFiles_ = files_.size();
}

void TxnLog::truncate(Zxid zxid) {
  cutIf([&](std::size_t i) { return entries_[i].zxid > zxid; });
}

void TxnLog::truncateAfter(std::size_t entry) {
  cutIf([&](std::size_t i) { return i > entry; });
}

template <class Drop>
void TxnLog::cutIf(Drop drop) {
  open_ = false;
  std::vector<LoggedProposal> kept;
  std::vector<TxnLogFile> files;
  bool cut = false;  // some txn was dropped: a suffix, or (rarely) from the middle
  // Forgotten txns (none newer than the snapshots a restore can use, see forgetBefore's
  // caller) stay as they are: a TRUNC never reaches below a committed txn. A file may be
  // forgotten in part: its position loses only the bytes of the kept txns cut here.
  const std::size_t base = firstKept();
  for (std::size_t fi = 0; fi < files_.size(); ++fi) {
    const std::size_t from = files_[fi].firstEntry;
    const std::size_t to = fi + 1 < files_.size() ? files_[fi + 1].firstEntry : entries_.size();
    TxnLogFile f = files_[fi];
    if (to <= base) {  // wholly forgotten
      files.push_back(f);
      continue;
    }
    const bool partly = from < base;
    if (!partly) f.firstEntry = base + kept.size();
    bool shortened = false;
    for (std::size_t i = std::max(from, base); i < to; ++i) {
      if (drop(i)) {
        shortened = true;
        f.position -= recordBytes(entries_[i]);
        continue;
      }
      kept.push_back(entries_[i]);
    }
    cut = cut || shortened;
    if (!partly && f.firstEntry == base + kept.size()) continue;  // nothing left in it: deleted
    if (shortened) f.paddedSize = 0;                              // RandomAccessFile.setLength(position)
    files.push_back(f);
  }
  if (!cut) return;
  if (kept.size() <= entries_.keptSize() && std::equal(kept.begin(), kept.end(), entries_.begin())) {
    entries_.truncate(base + kept.size());  // the usual case: a suffix goes, the shared prefix stays
  } else {
    entries_.truncate(base);  // the forgotten part keeps its indices
    for (const auto& p : kept) entries_.push_back(p);
  }
  files_ = std::move(files);
  forgottenFiles_ = std::min(forgottenFiles_, files_.size());
}

std::ptrdiff_t TxnLog::startFileFor(Zxid zxid) const {
  // Files are taken in name order, as Util.sortDataDir does (a TRUNC can leave a newer file
  // with a lower name).
  std::ptrdiff_t below = -1;   // the newest named below zxid
  std::ptrdiff_t oldest = -1;  // the lowest name of all
  for (std::size_t i = 0; i < files_.size(); ++i) {
    const auto idx = static_cast<std::ptrdiff_t>(i);
    if (files_[i].firstZxid < zxid && (below < 0 || files_[i].firstZxid >= files_[static_cast<std::size_t>(below)].firstZxid))
      below = idx;
    if (oldest < 0 || files_[i].firstZxid < files_[static_cast<std::size_t>(oldest)].firstZxid) oldest = idx;
  }
  return below >= 0 ? below : oldest;
}

std::int64_t TxnLog::storageSizeFrom(Zxid zxid) const {
  const std::ptrdiff_t start = startFileFor(zxid);
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < files_.size(); ++i)
    if (static_cast<std::ptrdiff_t>(i) != start && files_[i].firstZxid >= zxid) sum += files_[i].length();
  return sum;
}

}  // namespace zab
