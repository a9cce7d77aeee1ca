#pragma once
// Log lines are bytes: a znode path or a host name in a message can hold anything, and a log
// cut in the middle of a character ends in half of one. What the importer keeps of a line (its
// raw text, a warning that quotes it) is valid UTF-8, so that the JSON outputs and the views can
// show it: each byte that does not start a well-formed character becomes U+FFFD.
#include <string>
#include <string_view>

namespace zabscope::real {

bool isValidUtf8(std::string_view bytes);
std::string validUtf8(std::string_view bytes);

}  // namespace zabscope::real
