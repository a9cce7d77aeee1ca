#include "damage_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <utility>

#include "damage_cells.hpp"

namespace zabscope {

namespace {

using Triangle = DamageTracker::Triangle;

DamageRect unite(const DamageRect& a, const DamageRect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// Two rectangles are repainted as one when that costs little extra area: a list's old and new
// bounds, say. Two panels that merely touch (a top bar and the view below it) stay apart, or
// their bounding box would take in a third, unchanged panel beside them.
bool worthMerging(const DamageRect& a, const DamageRect& b) {
  if (!a.overlaps(b)) return false;
  const DamageRect both = unite(a, b);
  const DamageRect common{std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
  return both.area() <= 1.25f * (a.area() + b.area() - common.area());
}

bool same(const Triangle& a, const Triangle& b) {
  return a.texture == b.texture && std::memcmp(&a.clip, &b.clip, sizeof a.clip) == 0 &&
         std::memcmp(a.v, b.v, sizeof a.v) == 0;
}

// The pixels a triangle can touch: its vertices' box cut to its clip rectangle, in whole
// pixels rounded outwards.
DamageRect box(const Triangle& t) {
  float x0 = t.v[0].pos.x, x1 = x0, y0 = t.v[0].pos.y, y1 = y0;
  for (const ImDrawVert& v : t.v) {
    x0 = std::min(x0, v.pos.x);
    x1 = std::max(x1, v.pos.x);
    y0 = std::min(y0, v.pos.y);
    y1 = std::max(y1, v.pos.y);
  }
  return DamageRect{std::max(std::floor(x0), t.clip.x), std::max(std::floor(y0), t.clip.y),
                    std::min(std::ceil(x1) + 1, t.clip.z), std::min(std::ceil(y1) + 1, t.clip.w)};
}

// The pixels a run of triangles can touch.
DamageRect bounds(const std::vector<Triangle>& tris, std::size_t from, std::size_t to) {
  DamageRect all;
  for (std::size_t i = from; i < to; ++i) all = unite(all, box(tris[i]));
  return all;
}

// Into `out`, whose storage is kept from frame to frame (a fresh buffer of this size is
// fresh pages each frame: hundreds of page faults).
void triangles(const ImDrawList& list, std::vector<Triangle>& out) {
  out.clear();
  out.reserve(static_cast<std::size_t>(list.IdxBuffer.Size) / 3);
  for (const ImDrawCmd& cmd : list.CmdBuffer) {
    if (cmd.UserCallback) continue;
    for (unsigned int k = 0; k + 2 < cmd.ElemCount; k += 3) {
      Triangle t;
      for (unsigned int c = 0; c < 3; ++c)
        t.v[c] = list.VtxBuffer[static_cast<int>(cmd.VtxOffset + list.IdxBuffer[static_cast<int>(cmd.IdxOffset + k + c)])];
      t.clip = cmd.ClipRect;
      t.texture = cmd.TextureId;
      out.push_back(t);
    }
  }
}

bool sameClip(const Triangle& a, const Triangle& b) { return std::memcmp(&a.clip, &b.clip, sizeof a.clip) == 0; }

// Where each run of triangles with one clip rectangle begins, and the end. (Any matching of
// runs in order is exact: a pixel outside every damaged box is covered, in both frames, by
// the same triangles of the runs' shared starts and ends, in the same order. Runs of one clip
// rectangle are a matching that keeps a canvas's changes apart from its panel's widgets.)
std::vector<std::size_t> clipRuns(const std::vector<Triangle>& tris) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < tris.size(); ++i)
    if (i == 0 || !sameClip(tris[i], tris[i - 1])) starts.push_back(i);
  starts.push_back(tris.size());
  return starts;
}

// Word by word (the triangles are compared in full where the hashes agree).
std::uint64_t hashOf(const Triangle& t) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL;
  auto mix = [&h](const void* p, std::size_t words) {
    for (std::size_t i = 0; i < words; ++i) {
      std::uint32_t w;
      std::memcpy(&w, static_cast<const char*>(p) + 4 * i, 4);
      h = (h ^ w) * 0x100000001b3ULL;
      h ^= h >> 29;
    }
  };
  static_assert(sizeof t.v % 4 == 0 && sizeof t.clip % 4 == 0 && sizeof t.texture % 4 == 0);
  mix(t.v, sizeof t.v / 4);
  mix(&t.clip, sizeof t.clip / 4);
  mix(&t.texture, sizeof t.texture / 4);
  return h;
}

// The boxes of the triangles of old[oldFrom, oldTo) and now[nowFrom, nowTo) left out of an
// order-keeping matching of equal triangles. Exact for any such matching: a pixel that no
// unmatched triangle reaches is covered, in both frames, by the same matched triangles in
// the same order. The matching is greedy; a triangle is matched further on only where the
// next few match too, so that a lone equal triangle (a glyph, a dot) does not skip a run.
void unmatchedBoxes(const std::vector<Triangle>& old, std::size_t oldFrom, std::size_t oldTo,
                    const std::vector<Triangle>& now, std::size_t nowFrom, std::size_t nowTo,
                    std::vector<DamageRect>& out) {
  constexpr std::size_t kAnchor = 4;
  std::vector<std::pair<std::uint64_t, std::size_t>> index;
  index.reserve(oldTo - oldFrom);
  for (std::size_t k = oldFrom; k < oldTo; ++k) index.emplace_back(hashOf(old[k]), k);
  std::sort(index.begin(), index.end());
  auto anchored = [&](std::size_t k, std::size_t j) {
    for (std::size_t n = 0; n < kAnchor && k + n < oldTo && j + n < nowTo; ++n)
      if (!same(old[k + n], now[j + n])) return false;
    return true;
  };
  std::size_t i = oldFrom;
  for (std::size_t j = nowFrom; j < nowTo; ++j) {
    if (i < oldTo && same(old[i], now[j])) {
      ++i;
      continue;
    }
    const std::uint64_t h = hashOf(now[j]);
    std::size_t found = oldTo;
    for (auto it = std::lower_bound(index.begin(), index.end(), std::make_pair(h, i)); it != index.end() && it->first == h; ++it)
      if (anchored(it->second, j)) {
        found = it->second;
        break;
      }
    if (found == oldTo) {
      out.push_back(box(now[j]));
      continue;
    }
    for (; i < found; ++i) out.push_back(box(old[i]));
    i = found + 1;
  }
  for (; i < oldTo; ++i) out.push_back(box(old[i]));
}

// The triangles both runs share at the start and at the end draw the same pixels in the same
// order; what the rest covered before must be wiped, what it covers now painted. Where that
// is a large area (the ring's dots move on every chord), only the cells under the triangles
// that changed (unmatchedBoxes), so that the unchanged peers between them keep their pixels.
void changedRun(const std::vector<Triangle>& old, std::size_t oldFrom, std::size_t oldTo, const std::vector<Triangle>& now,
                std::size_t nowFrom, std::size_t nowTo, bool cells, std::vector<DamageRect>& damage) {
  const std::size_t shorter = std::min(nowTo - nowFrom, oldTo - oldFrom);
  std::size_t prefix = 0;
  while (prefix < shorter && same(now[nowFrom + prefix], old[oldFrom + prefix])) ++prefix;
  if (prefix == nowTo - nowFrom && prefix == oldTo - oldFrom) return;  // unchanged
  std::size_t suffix = 0;
  while (suffix < shorter - prefix && same(now[nowTo - 1 - suffix], old[oldTo - 1 - suffix])) ++suffix;
  const DamageRect was = bounds(old, oldFrom + prefix, oldTo - suffix), is = bounds(now, nowFrom + prefix, nowTo - suffix);
  if (!cells || unite(was, is).area() < DamageTracker::kCellsFromArea) {
    damage.push_back(was);
    damage.push_back(is);
    return;
  }
  std::vector<DamageRect> changed;
  unmatchedBoxes(old, oldFrom + prefix, oldTo - suffix, now, nowFrom + prefix, nowTo - suffix, changed);
  for (const DamageRect& r : coverWithCells(changed, DamageTracker::kCell)) damage.push_back(r);
}

}  // namespace

void mergeDamage(std::vector<DamageRect>& rects) {
  for (bool merged = true; merged;) {
    merged = false;
    for (std::size_t a = 0; a < rects.size() && !merged; ++a)
      for (std::size_t b = a + 1; b < rects.size() && !merged; ++b)
        if (worthMerging(rects[a], rects[b])) {
          rects[a] = unite(rects[a], rects[b]);
          rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(b));
          merged = true;
        }
  }
  if (rects.size() > DamageTracker::kMaxRects) {
    DamageRect all;
    for (const DamageRect& r : rects) all = unite(all, r);
    rects.assign(1, all);
  }
}

std::vector<DamageRect> DamageTracker::update(const ImDrawData& frame) {
  std::vector<ListState>& current = spare_;  // last frame's but one: its buffers are reused
  current.resize(static_cast<std::size_t>(frame.CmdListsCount));
  std::map<std::string, int> seen;
  for (int i = 0; i < frame.CmdListsCount; ++i) {
    const ImDrawList& list = *frame.CmdLists[i];
    std::string key = list._OwnerName ? list._OwnerName : "";
    if (int n = seen[key]++; n > 0) {
      key += '#';
      key += std::to_string(n);
    }
    current[static_cast<std::size_t>(i)].key = std::move(key);
    triangles(list, current[static_cast<std::size_t>(i)].triangles);
  }

  const DamageRect display{frame.DisplayPos.x, frame.DisplayPos.y, frame.DisplayPos.x + frame.DisplaySize.x,
                           frame.DisplayPos.y + frame.DisplaySize.y};
  const bool resized = frame.DisplaySize.x != displaySize_.x || frame.DisplaySize.y != displaySize_.y;
  // Lists are matched by window. One that came (a tooltip, a popup) or went damages where it
  // is or was; but if the windows both frames have are stacked in another order, anything may
  // have changed.
  std::map<std::string, std::size_t> before;
  for (std::size_t i = 0; i < previous_.size(); ++i) before[previous_[i].key] = i;
  bool sameOrder = true;
  std::size_t lastMatched = 0;
  bool anyMatched = false;
  for (const ListState& now : current) {
    auto it = before.find(now.key);
    if (it == before.end()) continue;
    if (anyMatched && it->second < lastMatched) sameOrder = false;
    lastMatched = it->second;
    anyMatched = true;
  }

  std::vector<DamageRect> damage;
  if (!valid_ || resized || !sameOrder) {
    damage.push_back(display);
  } else {
    std::set<std::string> stillThere;
    for (const ListState& list : current) {
      const std::vector<Triangle>& now = list.triangles;
      auto it = before.find(list.key);
      if (it == before.end()) {  // new: paint all of it
        damage.push_back(bounds(now, 0, now.size()));
        continue;
      }
      stillThere.insert(list.key);
      const std::vector<Triangle>& old = previous_[it->second].triangles;
      // Compared run by run of one clip rectangle when both frames have the same runs (a panel's toolbar and its canvas, say): a change in each damages only its own
      // run, not the unchanged widgets between two changes.
      const std::vector<std::size_t> nowRuns = clipRuns(now), oldRuns = clipRuns(old);
      bool sameRuns = nowRuns.size() == oldRuns.size();
      for (std::size_t k = 0; sameRuns && k + 1 < nowRuns.size(); ++k)
        sameRuns = nowRuns[k] < now.size() && oldRuns[k] < old.size() && sameClip(now[nowRuns[k]], old[oldRuns[k]]);
      if (!sameRuns) {
        changedRun(old, 0, old.size(), now, 0, now.size(), cells_, damage);
        continue;
      }
      for (std::size_t k = 0; k + 1 < nowRuns.size(); ++k)
        changedRun(old, oldRuns[k], oldRuns[k + 1], now, nowRuns[k], nowRuns[k + 1], cells_, damage);
    }
    for (const ListState& list : previous_)  // gone: wipe where it was
      if (!stillThere.count(list.key)) damage.push_back(bounds(list.triangles, 0, list.triangles.size()));
    // Unchanged-looking runs can have no area (all clipped); they must not count towards kMaxRects.
    damage.erase(std::remove_if(damage.begin(), damage.end(), [](const DamageRect& r) { return r.empty(); }), damage.end());
    mergeDamage(damage);
    for (DamageRect& r : damage)
      r = {std::max(r.x0, display.x0), std::max(r.y0, display.y0), std::min(r.x1, display.x1), std::min(r.y1, display.y1)};
    damage.erase(std::remove_if(damage.begin(), damage.end(), [](const DamageRect& r) { return r.empty(); }), damage.end());
  }
  std::swap(previous_, spare_);
  displaySize_ = frame.DisplaySize;
  valid_ = true;
  return damage;
}

}  // namespace zabscope
