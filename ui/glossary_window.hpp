#pragma once
// Help > Glossary: the lessons' English / Chinese terms with ZooKeeper's names, filterable.
#include <string>

#include "glossary.hpp"

namespace zabscope {

struct AppState;

class GlossaryWindow {
 public:
  void draw(AppState& app);

 private:
  void load(const AppState& app);
  bool loaded_ = false;
  Glossary glossary_;
  std::string file_;
  char filter_[64] = {};
};

}  // namespace zabscope
