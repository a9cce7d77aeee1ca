#include "file_chooser.hpp"

#include <imgui.h>

#include "popup_style.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace zabscope {

namespace fs = std::filesystem;

DirListing listDirectory(const std::string& dir, const std::vector<std::string>& extensions) {
  DirListing out;
  std::error_code ec;
  fs::path p = fs::absolute(dir.empty() ? "." : dir, ec).lexically_normal();
  std::string s = p.string();
  if (s.size() > 1 && s.back() == '/') s.pop_back();
  out.dir = s;
  fs::directory_iterator it(p, ec);
  if (ec) {
    out.error = "cannot read " + out.dir + ": " + ec.message();
    return out;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code e2;
    if (it->is_directory(e2)) {
      out.folders.push_back(name);
    } else {
      const std::string ext = it->path().extension().string();
      if (extensions.empty() || std::find(extensions.begin(), extensions.end(), ext) != extensions.end())
        out.files.push_back(name);
    }
  }
  std::sort(out.folders.begin(), out.folders.end());
  std::sort(out.files.begin(), out.files.end());
  return out;
}

void FileChooser::open(Mode mode, std::string title, std::string dir, std::vector<std::string> extensions,
                       std::string fileName, std::function<void(const std::string&)> done) {
  mode_ = mode;
  title_ = std::move(title);
  extensions_ = std::move(extensions);
  done_ = std::move(done);
  std::snprintf(path_, sizeof path_, "%s", dir.c_str());
  std::snprintf(name_, sizeof name_, "%s", fileName.c_str());
  refresh();
  requested_ = true;
}

void FileChooser::refresh() {
  listing_ = listDirectory(path_, extensions_);
  if (listing_.error.empty()) std::snprintf(path_, sizeof path_, "%s", listing_.dir.c_str());
}

void FileChooser::draw() {
  const std::string id = title_ + "###file-chooser";
  if (requested_) {
    ImGui::OpenPopup(id.c_str());
    requested_ = false;
  }
  const ImGuiIO& io = ImGui::GetIO();
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x * 0.9f, fs * 40), std::min(io.DisplaySize.y * 0.85f, fs * 30)),
                           ImGuiCond_Appearing);
  ImGui::PushStyleColor(ImGuiCol_PopupBg, opaque(ImGuiCol_WindowBg));
  visible_ = ImGui::BeginPopupModal(id.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  if (!visible_) return;

  std::string chosen;
  ImGui::TextUnformatted("Folder");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-fs * 4);
  if (ImGui::InputText("##dir", path_, sizeof path_, ImGuiInputTextFlags_EnterReturnsTrue)) refresh();
  ImGui::SameLine();
  if (ImGui::Button("Up")) {
    std::snprintf(path_, sizeof path_, "%s", fs::path(listing_.dir).parent_path().string().c_str());
    refresh();
  }
  std::string filter;
  for (const auto& e : extensions_) filter += (filter.empty() ? "" : " ") + ("*" + e);
  if (!filter.empty()) ImGui::TextDisabled("showing %s", filter.c_str());
  if (!listing_.error.empty()) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", listing_.error.c_str());

  const float footer = ImGui::GetFrameHeightWithSpacing() * (mode_ == Mode::Save ? 2.2f : 1.2f);
  if (ImGui::BeginChild("entries", ImVec2(0, -footer), true)) {
    std::string enter;
    for (const auto& d : listing_.folders)
      if (ImGui::Selectable(("[dir] " + d + "/").c_str(), false, ImGuiSelectableFlags_AllowDoubleClick)) enter = d;
    for (const auto& f : listing_.files) {
      const bool selected = f == name_;
      if (ImGui::Selectable(f.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick)) {
        std::snprintf(name_, sizeof name_, "%s", f.c_str());
        if (ImGui::IsMouseDoubleClicked(0)) chosen = (fs::path(listing_.dir) / f).string();
      }
    }
    if (listing_.folders.empty() && listing_.files.empty() && listing_.error.empty())
      ImGui::TextDisabled("(no folders and no %s files here)", filter.empty() ? "" : filter.c_str());
    if (!enter.empty()) {
      std::snprintf(path_, sizeof path_, "%s", (fs::path(listing_.dir) / enter).string().c_str());
      refresh();
    }
  }
  ImGui::EndChild();

  if (mode_ == Mode::Save) {
    ImGui::TextUnformatted("File name");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();  // type the name at once
    if (ImGui::InputText("##name", name_, sizeof name_, ImGuiInputTextFlags_EnterReturnsTrue) && name_[0])
      chosen = (fs::path(listing_.dir) / name_).string();
  }
  ImGui::BeginDisabled(name_[0] == 0);
  if (ImGui::Button(mode_ == Mode::Save ? "Save" : "Open")) chosen = (fs::path(listing_.dir) / name_).string();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    ImGui::CloseCurrentPopup();
  } else if (!chosen.empty()) {
    // A typed name may be a path of its own.
    if (name_[0] == '/') chosen = name_;
    ImGui::CloseCurrentPopup();
    if (done_) done_(chosen);
  }
  ImGui::EndPopup();
}

}  // namespace zabscope
