#pragma once
// The file system a fuzzed scenario sees: `ensemble cfg=NAME.cfg` reads one of three fixed
// zoo.cfg texts chosen by the name's ending (the fuzzer never touches the disk); any other
// name cannot be read.
#include <optional>
#include <string>

namespace zabfuzz {

inline bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

inline std::optional<std::string> readFixedFile(const std::string& path) {
  if (endsWith(path, "observer.cfg") || endsWith(path, "observers.cfg"))
    return "tickTime=2000\ninitLimit=10\nsyncLimit=5\n"
           "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890\n"
           "server.4=127.0.0.1:2891:3891:observer\n";
  if (endsWith(path, "hierarchical.cfg") || endsWith(path, "groups.cfg"))
    return "tickTime=2000\ninitLimit=10\nsyncLimit=5\n"
           "server.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2\nserver.4=d:1:2\n"
           "group.1=1:2\ngroup.2=3:4\nweight.1=1\nweight.2=1\nweight.3=1\nweight.4=0\n";
  if (endsWith(path, ".cfg"))
    return "tickTime=2000\ninitLimit=10\nsyncLimit=5\nclientPort=2181\n"
           "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890\n";
  return std::nullopt;
}

}  // namespace zabfuzz
