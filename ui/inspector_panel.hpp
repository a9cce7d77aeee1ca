#pragma once
// The inspector: everything one peer knows (state, FLE, election transport, leader or
// learner role, txn log, data tree) and everything one in-flight message carries (its
// decoded fields and its bytes).
#include <cstdint>
#include <optional>

#include "app_state.hpp"

namespace zabscope {

struct InspectorPanel {
  void draw(AppState& app);

  // A frame found in a connection's queue, copied so it can still be shown after delivery.
  struct FoundMessage {
    zab::sim::InFlight frame;
    zab::Sid from = 0;
    zab::Sid to = 0;
    zab::Channel channel = zab::Channel::Election;
    zab::ConnId conn = 0;
    std::size_t position = 0;  // 0: head of its FIFO
    std::string label;         // made from the frame's bytes when it was found
  };

 private:
  void drawMessage(AppState& app, std::uint64_t id);
  void drawPeer(AppState& app, zab::Sid sid);

  std::optional<FoundMessage> lastMessage_;  // the last copy seen of the selected message
};

}  // namespace zabscope
