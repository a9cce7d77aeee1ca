#include "glossary_window.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <imgui.h>

#include "app_state.hpp"
#include "wrapped_text.hpp"

namespace zabscope {

namespace {
constexpr std::size_t kMaxGlossaryBytes = 1 << 20;  // a glossary is a few kB; refuse anything huge
}

void GlossaryWindow::load(const AppState& app) {
  loaded_ = true;
  file_ = app.lessonsDir + "/glossary.tsv";
  glossary_ = {};
  std::ifstream in(file_, std::ios::binary);
  if (!in) {
    glossary_.errors.push_back(fmt::format("{}: cannot read the glossary file", file_));
    return;
  }
  std::string text(kMaxGlossaryBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxGlossaryBytes) {
    glossary_.errors.push_back(fmt::format("{}: larger than {} bytes; not a glossary", file_, kMaxGlossaryBytes));
    return;
  }
  glossary_ = parseGlossary(text, file_);
}

void GlossaryWindow::draw(AppState& app) {
  if (!app.showGlossary) return;
  if (!loaded_) load(app);
  const bool zh = app.language == Language::Chinese;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x * 0.8f, io.DisplaySize.y * 0.75f), ImGuiCond_Appearing);
  if (ImGui::Begin(zh ? "术语表 Glossary###Glossary" : "Glossary (English / 中文)###Glossary", &app.showGlossary)) {
    for (const auto& e : glossary_.errors) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", e.c_str());
    wrappedTextF("%s", zh ? "课程中每个概念只用一个中文术语；右边是 ZooKeeper 源码里对应的名字。"
                                : "One term per concept in every lesson, in both languages, with the name to look up "
                                  "in ZooKeeper's source.");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    ImGui::InputTextWithHint("##filter", zh ? "筛选（英文、中文或类名）" : "filter (English, 中文 or a class name)", filter_,
                             sizeof filter_);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("glossary", 4, flags)) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("English", 0, 1.0f);
      ImGui::TableSetupColumn("中文", 0, 0.8f);
      ImGui::TableSetupColumn("ZooKeeper", 0, 1.4f);
      ImGui::TableSetupColumn(zh ? "说明 Note" : "Note", 0, 2.0f);
      ImGui::TableHeadersRow();
      for (const auto& e : glossary_.entries) {
        if (!glossaryMatches(e, filter_)) continue;
        ImGui::TableNextRow();
        for (const std::string* col : {&e.english, &e.chinese, &e.zookeeper, &e.note}) {
          ImGui::TableNextColumn();
          ImGui::TextWrapped("%s", col->c_str());
        }
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace zabscope
