#pragma once
// ZKDatabase.committedLog: the last commitLogCount committed proposals, oldest first, that a
// leader serves a DIFF from. A sliding window over an AppendLog, so that a copy of the
// database (a GUI checkpoint) shares the window's elements instead of copying up to 500
// proposals and touching each one's buffer: restoring a checkpoint then costs the same early
// and late in a long run.
#include <cstddef>

#include "append_log.hpp"
#include "txn_log.hpp"

namespace zab {

class CommittedLog {
 public:
  using value_type = LoggedProposal;
  using const_iterator = AppendLog<LoggedProposal>::const_iterator;

  bool empty() const { return log_.keptSize() == 0; }
  std::size_t size() const { return log_.keptSize(); }
  const LoggedProposal& front() const { return log_.front(); }
  const LoggedProposal& back() const { return log_.back(); }
  const LoggedProposal& operator[](std::size_t i) const { return log_[log_.firstKept() + i]; }
  const_iterator begin() const { return log_.begin(); }  // from the oldest kept
  const_iterator end() const { return log_.end(); }

  void push_back(const LoggedProposal& p) { log_.push_back(p); }
  void pop_front() { log_.forgetFront(log_.firstKept() + 1); }
  void clear() { log_.clear(); }

  friend bool operator==(const CommittedLog& a, const CommittedLog& b) { return a.log_ == b.log_; }

 private:
  AppendLog<LoggedProposal> log_;
};

}  // namespace zab
