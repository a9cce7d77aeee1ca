#pragma once
// The lesson files of a folder in the order a course reads them: by name without ".lesson".
// Sorted by whole path, "02-startup-election-part2-together.lesson" came before
// "02-startup-election.lesson" (part 1), since '-' sorts before '.'; a student saw part 2 first.
#include <string>
#include <vector>

namespace zabscope {

std::vector<std::string> lessonFilesInOrder(const std::string& dir);

}  // namespace zabscope
