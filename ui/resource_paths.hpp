#pragma once
// Where the app finds its data (lessons, example scenarios) when it is not started from the
// repository root: next to the executable, in the build tree, and under an install prefix
// (`cmake --install` puts them in <prefix>/share/zabscope, the binaries in <prefix>/bin).
#include <string>
#include <vector>

namespace zabscope {

std::string executablePath();  // /proc/self/exe; "" when unknown

// The folders that may hold `name` ("lessons", "examples"), most specific first: the current
// directory, next to the executable, <exe>/../share/zabscope, and the source tree of a build
// (<exe>/../..).
std::vector<std::string> dataDirCandidates(const std::string& name, const std::string& exe);

// The first candidate that exists; `name` itself when none does (the message then names it).
std::string findDataDir(const std::string& name, const std::string& exe = executablePath());

}  // namespace zabscope
