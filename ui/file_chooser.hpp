#pragma once
// A small file chooser (Dear ImGui has none): a modal with a path field, the folders and the
// files of one directory filtered by extension, and Open or Save. The listing is headless
// (listDirectory) so it is tested without a window.
#include <functional>
#include <string>
#include <vector>

namespace zabscope {

struct DirListing {
  std::string dir;                    // absolute, normalised
  std::vector<std::string> folders;   // names, sorted; hidden ones left out
  std::vector<std::string> files;     // names with one of the extensions, sorted
  std::string error;                  // "cannot read /x: permission denied"
};

// `extensions` like {".zab", ".lesson"}; empty: every file.
DirListing listDirectory(const std::string& dir, const std::vector<std::string>& extensions);

class FileChooser {
 public:
  enum class Mode { Open, Save };
  // Opens the modal on the next draw(). `done` gets the chosen path.
  void open(Mode mode, std::string title, std::string dir, std::vector<std::string> extensions,
            std::string fileName, std::function<void(const std::string&)> done);
  void draw();
  bool isOpen() const { return visible_ || requested_; }

 private:
  void refresh();
  Mode mode_ = Mode::Open;
  std::string title_;
  std::vector<std::string> extensions_;
  std::function<void(const std::string&)> done_;
  DirListing listing_;
  char path_[1024] = {};   // the directory field
  char name_[256] = {};    // the file name field
  bool requested_ = false;
  bool visible_ = false;
};

}  // namespace zabscope
