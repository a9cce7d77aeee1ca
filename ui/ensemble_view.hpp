#pragma once
// The ensemble view: peers on a ring (observers apart), their state, vote, epochs and ZAB
// phase; the election and quorum connections; messages moving along the links.
#include "app_state.hpp"
#include "scroll_layer.hpp"

namespace zabscope {

struct EnsembleView {
  bool showElectionLinks = true;
  bool showHeartbeats = true;
  void draw(AppState& app);
  // The links (cut, election, quorum) change only when a connection opens or closes, but
  // cost llvmpipe more than anything else on the ring (153 long lines with 18 peers): they
  // are kept in a texture (a layer that never scrolls, ui/scroll_layer.hpp) and shown as one
  // quad under the messages in flight. app/layer_texture draws it.
  ScrollLayer& linksLayer() { return links_; }

 private:
  ScrollLayer links_;
};

}  // namespace zabscope
