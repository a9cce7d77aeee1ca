#pragma once
// Text is made where a human reads it, never on the step path (ARCHITECTURE.md, "Text at
// the edges"). A decision's explanation is written as a lambda that formats it; the lambda
// runs only when the caller asked for explanations (a trace, the GUI's event log, a test).
// A lambda must only read state: explaining or not never changes what the protocol does.
#include <string>
#include <type_traits>
#include <utility>

namespace zab {

// A non-owning reference to a callable that returns text (no heap, unlike std::function).
class TextFn {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, TextFn>>>
  TextFn(const F& f)  // NOLINT: implicit on purpose, call sites pass a lambda
      : obj_(&f), call_([](const void* o) { return std::string((*static_cast<const F*>(o))()); }) {}
  std::string operator()() const { return call_(obj_); }

 private:
  const void* obj_;
  std::string (*call_)(const void*);
};

}  // namespace zab
