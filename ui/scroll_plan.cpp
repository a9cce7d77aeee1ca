#include "scroll_plan.hpp"

#include <algorithm>

namespace zabscope {

ScrollPlan planScroll(const ScrollLayerState& held, const ScrollLayerState& want, std::int64_t settledBeforePx) {
  ScrollPlan plan;
  if (!held.valid || !want.valid || held.key != want.key || held.width != want.width || held.height != want.height ||
      want.width <= 0 || want.height <= 0)
    return plan;
  const std::int64_t shift = want.scrollPx - held.scrollPx;
  // Scrolling back (a drag to the left) or a timeline that shrank: not an append.
  if (shift < 0 || shift >= want.width || want.entries < held.entries) return plan;
  if (shift == 0 && want.entries == held.entries) {
    plan.kind = ScrollPlan::Kind::Keep;
    return plan;
  }
  // The strip that scrolled in, and whatever lies right of the settled part, is drawn anew.
  const std::int64_t fresh = std::clamp<std::int64_t>(std::min(settledBeforePx, want.width - shift), 0, want.width);
  if (fresh == 0) return plan;  // nothing left to keep
  plan.kind = ScrollPlan::Kind::Scroll;
  plan.shiftPx = static_cast<int>(shift);
  plan.freshFromPx = static_cast<int>(fresh);
  return plan;
}

}  // namespace zabscope
