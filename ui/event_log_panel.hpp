#pragma once
// The event log: one line per timeline entry (time, family colour, the engine's explanation, or
// in Chinese the step's caption), filtered by family, peer and text. The entry at the cursor is highlighted and kept in view;
// the entries after it (the future of this branch) are muted. Clicking a line moves the
// timeline to just after that entry.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app_state.hpp"

namespace zabscope {

struct EventLogPanel {
  static constexpr std::size_t kFamilies = 8;  // zab::Family, in declaration order
  // Election, Transport, Discovery, Sync, Broadcast, Heartbeat (PING: hidden), Client, Peer.
  std::array<bool, kFamilies> showFamily = {true, true, true, true, true, false, true, true};
  zab::Sid peer = 0;          // 0: every peer
  char text[128] = {};        // case-insensitive substring
  bool followCursor = true;   // scroll the cursor entry into view when the cursor moves

  void draw(AppState& app);

 private:
  // The filtered list is rebuilt only when the filters or the timeline change.
  struct Key {
    std::array<bool, kFamilies> families{};
    zab::Sid peer = 0;
    std::string text;
    std::uint64_t timeline = 0;  // which branch the entries are (changes on fork and switch)
    bool chinese = false;        // a search also reads the Chinese caption
    bool operator==(const Key& o) const {
      return families == o.families && peer == o.peer && text == o.text && timeline == o.timeline &&
             chinese == o.chinese;
    }
  };
  bool refilter(const AppState& app);  // true when rebuilt from scratch
  // The family checkboxes, each with its colour: in a row that wraps, or (in the folded
  // button's popup) one per line.
  void drawFamilyFilters(bool zh, bool wrap);
  // "clear" (every filter back to its default) and "follow cursor"; `flow`: each on the line
  // when it fits (in the popup, one per line).
  void drawFollowAndClear(bool zh, bool flow = false);
  bool matches(const Session& s, std::size_t i) const;
  static constexpr std::size_t kSearchPerFrame = 8192;  // two checkpoint segments of words

  Key built_;
  bool everBuilt_ = false;
  std::size_t scanned_ = 0;            // entries examined for filtered_
  std::uint64_t lastFingerprint_ = 0;  // of entries[scanned_ - 1]
  std::vector<std::size_t> filtered_;  // entry indices, ascending
  std::size_t lastCursor_ = static_cast<std::size_t>(-1);
  bool scrollPending_ = false;
  std::optional<std::size_t> hovered_;  // entry under the mouse, for the details pane
};

}  // namespace zabscope
