// zabscope: the desktop app. A linear main in the Dear ImGui example style: init, loop
// (poll or wait, new frame, panels, apply queued commands, render, swap), shutdown.
#define GLFW_INCLUDE_NONE
#include <CLI/CLI.hpp>
#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "command_line.hpp"
#include "sim/bounded_file.hpp"
#include "heap_allocator.hpp"
#include "key_taps.hpp"
#include "app_state.hpp"
#include "gui_script.hpp"
#include "layer_texture.hpp"
#include "layout_settings.hpp"
#include "pane_layout.hpp"
#include "main_window.hpp"
#include "partial_renderer.hpp"
#include "presenter.hpp"
#include "resource_paths.hpp"
#include "theme.hpp"
#include "window_icon.hpp"

namespace {

constexpr std::size_t kWarmUpFrames = 10;  // --bench-frames: rendered first, not counted

// Replayed actions per frame that make the words around the cursor (Session::explainAhead):
// about a fifth of a millisecond here, a 1,024-action segment in eight frames.
constexpr std::size_t kExplainStepsPerFrame = 128;
constexpr int kFramesPerClick = 10;  // --bench-clicks: a click on the timeline every tenth frame

// The bench's timeline jumps: a fixed sequence of targets in [0, n] (xorshift64).
constexpr std::uint64_t kJumpSeed = 0x9E3779B97F4A7C15ULL;
std::size_t nextJumpTarget(std::uint64_t& x, std::size_t n) {
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return static_cast<std::size_t>(x % (n + 1));
}

// "jumps 1000  mean ... p99 ...", then what the session says they did: the restores of a
// checkpoint and their time, and the actions replayed (the rest of the time).
void printJumps(const char* what, std::vector<double> jumpMs, const zabscope::Session::JumpCost& cost,
                std::size_t entries) {
  std::sort(jumpMs.begin(), jumpMs.end());
  double sum = 0;
  for (double v : jumpMs) sum += v;
  const double restoreMs = std::chrono::duration<double, std::milli>(cost.restoreTime).count();
  fmt::print("{} {}  mean {:.3f} ms  p99 {:.3f} ms  over {} timeline entries; {} restored a checkpoint ({:.1f} us "
             "each), {:.0f} actions replayed per jump ({:.3f} us each)\n",
             what, jumpMs.size(), sum / static_cast<double>(jumpMs.size()), jumpMs[jumpMs.size() * 99 / 100], entries,
             cost.restores, cost.restores ? 1000.0 * restoreMs / static_cast<double>(cost.restores) : 0.0,
             static_cast<double>(cost.replayed) / static_cast<double>(jumpMs.size()),
             cost.replayed ? 1000.0 * (sum - restoreMs) / static_cast<double>(cost.replayed) : 0.0);
}

// Files are read with a size cap (app/bounded_file.hpp).
std::optional<std::string> readFile(const std::string& path) { return zabscope::readBoundedFile(path); }

bool savePng(const std::string& path, int w, int h) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows start at the bottom; PNG's at the top.
  stbi_flip_vertically_on_write(1);
  return stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3) != 0;
}

void glfwError(int code, const char* what) { fmt::print(stderr, "GLFW error {}: {}\n", code, what); }

// What the window's callbacks reach (glfwSetWindowUserPointer holds one pointer).
struct WindowLinks {
  zabscope::Presenter* presenter = nullptr;
  zabscope::AppState* app = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
  const auto launched = std::chrono::steady_clock::now();
  CLI::App cli{"zabscope: watch and drive a ZooKeeper 3.8 ensemble (FLE + ZAB) step by step"};
  std::string scenarioPath, screenshotPath, scriptPath;
  std::optional<std::uint64_t> seed;
  float scale = 1.0f;
  int frames = 3, benchFrames = 0, width = 1600, height = 900, participants = 5, observers = 0;
  cli.add_option("--scenario", scenarioPath, "scenario file to load (docs/scenario-language.md)");
  std::vector<std::string> logPaths;
  cli.add_option("--logs", logPaths, "real ZooKeeper 3.8 server logs to open read-only (as File > Open logs; "
                                     "SID=FILE names a server)");
  std::vector<std::string> compareLogs;
  cli.add_option("--compare-logs", compareLogs,
                 "with --scenario: the engine's run of it above, a real ensemble's logs of it below, on one time axis "
                 "(a folder kept by `zabsim real FILE --keep DIR`, or the server logs; as File > Compare with real logs)");
  cli.add_option("--seed", seed, "override the seed (0 to 18446744073709551615)")->check(zabscope::seedCheck());
  cli.add_option("--scale", scale, "UI and font scale (2 for a 4K projector)")->check(CLI::Range(0.5f, 4.0f));
  cli.add_option("--screenshot", screenshotPath, "render, save this PNG and exit");
  cli.add_option("--frames", frames, "frames to render before --screenshot (default 3)")->check(CLI::Range(1, 100000));
  cli.add_option("--bench-frames", benchFrames,
                 "render 10 warm-up frames and N measured ones, print their median and p99 frame time, exit");
  bool play = false;
  cli.add_flag("--play", play, "start playing at once (virtual time at x1)");
  bool present = false;
  cli.add_flag("--present", present, "start in the presenter view (F5 toggles it): the ensemble fills the screen, "
                                     "with a caption that explains each step");
  std::string layoutPath;
  cli.add_option("--layout", layoutPath,
                 "the file that keeps the pane layout (default ~/.config/zabscope/layout.ini; scripted, screenshot and "
                 "bench runs use the default layout unless this is given)");
  std::int64_t benchAfterEvents = 0;
  cli.add_option("--bench-after-events", benchAfterEvents,
                 "with --bench-frames: first run N events headless (a long session), then measure frames and "
                 "random timeline jumps")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{5'000'000}));
  int benchJumps = 100;
  cli.add_option("--bench-jumps", benchJumps,
                 "with --bench-frames: how many random timeline jumps to time after the frames (default 100; the "
                 "first few pay for the caches the frames filled, more give a steadier mean)")
      ->check(CLI::Range(0, 100'000));
  int benchClicks = 0;
  cli.add_option("--bench-clicks", benchClicks,
                 "with --bench-frames: then N clicks on the timeline, each a random jump followed by nine frames "
                 "(the words and labels of the new moment fill in); times the jumps, the frames that show them, "
                 "and all the frames of this part")
      ->check(CLI::Range(0, 10'000));
  cli.add_option("--script", scriptPath, "scripted actions (step, command, back, jump, screenshot...), then exit");
  std::string lessonsDir;
  cli.add_option("--lessons", lessonsDir,
                 "folder with the lesson files (default: ./lessons, else next to the program or in "
                 "<prefix>/share/zabscope/lessons)");
  cli.add_option("--width", width, "window width")->check(CLI::Range(320, 8192));
  cli.add_option("--height", height, "window height")->check(CLI::Range(240, 8192));
  cli.add_option("--participants", participants, "without --scenario: ensemble size")->check(CLI::Range(1, 15));
  cli.add_option("--observers", observers, "without --scenario: observers")->check(CLI::Range(0, 8));
  if (auto exitCode = zabscope::parseCommandLine(cli, argc, argv)) return *exitCode;
  if (lessonsDir.empty()) lessonsDir = zabscope::findDataDir("lessons");
  const std::string assetsDir = zabscope::findDataDir("assets");  // fonts.txt, icons/

  // The model first: a broken scenario is reported and the app starts with a default ensemble.
  std::string startupError;
  std::optional<zabscope::Session> session;
  if (!scenarioPath.empty()) {
    auto text = readFile(scenarioPath);
    std::vector<std::string> errors;
    if (!text) errors.push_back(scenarioPath + ": cannot read the scenario file: " + zabscope::unreadableReason(scenarioPath));
    else session = zabscope::Session::fromScenario(*text, scenarioPath, readFile, seed, errors);
    for (const auto& e : errors) {
      fmt::print(stderr, "{}\n", e);
      startupError += e + "\n";
    }
  }
  if (!session) session = zabscope::Session::withEnsemble(participants, observers, seed.value_or(1));
  zabscope::AppState app(std::move(*session));
  app.uiScale = scale;
  app.scenarioFile = scenarioPath;
  app.lessonsDir = lessonsDir;
  app.playing = play;
  app.presenter = present;
  if (benchAfterEvents > 0) {
    // A class that left the demo playing: the same session, N events later.
    const auto began = std::chrono::steady_clock::now();
    for (std::int64_t i = 0; i < benchAfterEvents && app.session.stepForward(); ++i) {
    }
    app.viewTimeMs = static_cast<double>(app.session.sim().now());
    fmt::print("ran {} events headless in {:.1f} s\n", app.session.length(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
  }
  if (!startupError.empty()) app.status = "Scenario not loaded, default ensemble instead:\n" + startupError;
  // A file given on the command line that did not open: the window says so and goes on; a
  // scripted or screenshot run exits 2 at its end, so that a script can tell.
  bool openFailed = !startupError.empty();
  if (!logPaths.empty()) {
    std::vector<std::string> errors;
    if (auto logs = zabscope::ImportedLogs::open(logPaths, errors)) app.imported = std::move(*logs);
    for (const auto& e : errors) {
      fmt::print(stderr, "{}\n", e);
      app.status = "Logs not opened:\n" + e;
      openFailed = true;
    }
  }

  if (!compareLogs.empty()) {
    std::vector<std::string> errors;
    if (scenarioPath.empty()) errors.push_back("--compare-logs: give the scenario the logs came from with --scenario FILE");
    else if (startupError.empty())
      if (auto c = zabscope::Comparison::open(app.session.scenario(), compareLogs, errors)) app.comparison = std::move(*c);
    for (const auto& e : errors) {
      fmt::print(stderr, "{}\n", e);
      app.status = "Comparison not opened:\n" + e;
      openFailed = true;
    }
  }

  std::optional<zabscope::GuiScript> script;
  if (!scriptPath.empty()) {
    auto text = readFile(scriptPath);
    std::string error;
    if (text) script = zabscope::GuiScript::parse(*text, scriptPath, error);
    else error = scriptPath + ": cannot read the script file: " + zabscope::unreadableReason(scriptPath);
    if (!script) {
      fmt::print(stderr, "{}\n", error);
      return 2;
    }
  }

  glfwSetErrorCallback(glfwError);
  if (!glfwInit()) {
    fmt::print(stderr, "zabscope: cannot open a window (no display?). Run under xvfb-run, or use zabsim.\n");
    return 3;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  bool offscreen = !screenshotPath.empty() || benchFrames > 0 || script.has_value();
  // The dragged layout is the user's: interactive runs keep it; scripted ones start from the
  // default (reproducible screenshots) unless --layout names a file.
  if (!layoutPath.empty() || !offscreen) {
    app.layoutPath = layoutPath.empty() ? zabscope::layoutSettingsPath() : layoutPath;
    app.panes = zabscope::loadLayoutSettings(app.layoutPath);
  }
  // A window never larger than the screen's work area: --scale 2 on a 1280x720 projector
  // must not open a 1600x900 window whose edges are off the screen.
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
    int mx = 0, my = 0, mw = 0, mh = 0;
    glfwGetMonitorWorkarea(monitor, &mx, &my, &mw, &mh);
    if (mw > 0 && mh > 0 && (width > mw || height > mh)) {
      fmt::print(stderr, "zabscope: the window is {}x{}, the screen {}x{}: using {}x{}\n", width, height, mw, mh,
                 std::min(width, mw), std::min(height, mh));
      width = std::min(width, mw);
      height = std::min(height, mh);
    }
  }
  GLFWwindow* window = glfwCreateWindow(width, height, "ZabScope - ZooKeeper 3.8 ZAB visualizer", nullptr, nullptr);
  if (!window) {
    fmt::print(stderr, "zabscope: cannot create an OpenGL 3.3 window\n");
    glfwTerminate();
    return 3;
  }
  if (const std::string iconProblem = zabscope::setWindowIcon(window, assetsDir); !iconProblem.empty())
    fmt::print(stderr, "zabscope: window icon: {}\n", iconProblem);
  glfwMakeContextCurrent(window);
  glfwSwapInterval(offscreen ? 0 : 1);
  if (!gladLoadGL(glfwGetProcAddress)) {
    fmt::print(stderr, "zabscope: cannot load OpenGL functions\n");
    return 3;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is computed, not saved
  zabscope::KeyTaps keyTaps;  // before ImGui's callbacks, which chain to it
  keyTaps.install(window);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  float fontScale = -1.0f;
  bool themeLight = !app.lightTheme;
  zabscope::MainWindow ui;
  zabscope::PartialRenderer renderer;
  zabscope::Presenter presenter(window, !std::getenv("ZABSCOPE_FULL_REPAINT"));
  // The space-time diagram scrolls by moving its pixels (ui/scroll_layer.hpp), or repaints
  // whole every frame with either variable set (to compare the two).
  zabscope::LayerTexture diagramTexture;
  ui.spacetime.layer().alwaysFull = std::getenv("ZABSCOPE_FULL_REPAINT") || std::getenv("ZABSCOPE_DIAGRAM_REPAINT");
  // The ensemble's links, kept in a texture until they change (ensemble_view.hpp).
  zabscope::LayerTexture linksTexture;
  ui.ensemble.linksLayer().alwaysFull = std::getenv("ZABSCOPE_FULL_REPAINT") || std::getenv("ZABSCOPE_LINKS_REPAINT");
  // Both shown by copying their pixels, not as shaded quads (layer_blit.hpp).
  zabscope::LayerBlits layerBlits;
  if (!std::getenv("ZABSCOPE_NO_BLIT")) renderer.blitLayers(&layerBlits);
  WindowLinks links{&presenter, &app};
  glfwSetWindowUserPointer(window, &links);
  glfwSetWindowRefreshCallback(window, [](GLFWwindow* w) {
    static_cast<WindowLinks*>(glfwGetWindowUserPointer(w))->presenter->exposeAll();
  });
  // A file dropped on the window opens as File > Open would (it asks before discarding work).
  glfwSetDropCallback(window, [](GLFWwindow* w, int count, const char** paths) {
    if (count < 1) return;
    std::string path = paths[0];
    static_cast<WindowLinks*>(glfwGetWindowUserPointer(w))->app->post([path](zabscope::AppState& s) { s.openRequest = path; });
  });
  double repaintedSum = 0;  // --bench-frames: the share of the window repainted, summed over frames
  std::vector<double> frameMs;
  // --bench-frames: the process's CPU time per frame, all threads (llvmpipe's included). On a
  // machine shared with other work the wall-clock figures mostly measure the wait for a core;
  // this one does not.
  std::vector<double> frameCpuMs;
  // --bench-clicks: the jumps, the frames that start with one, and every frame after the first click.
  std::vector<double> jumpInFrameMs, jumpFrameMs, clickPartMs;
  std::uint64_t jumpFrameRng = kJumpSeed;
  std::size_t cursorLastFrame = app.session.cursor();
  std::size_t inFlightAfterFrames = 0;
  bool playingAfterFrames = false;
  int verticesAfterFrames = 0, indicesAfterFrames = 0;
  std::clock_t frameCpuStart = 0;
  int frame = 0;
  auto last = std::chrono::steady_clock::now();
  bool firstFrameReported = false;
  int exitCode = 0;

  // ZABSCOPE_FRAME_DELAY_MS: every frame this much slower, as on a slow machine (gui/quick_key_tap).
  const int frameDelayMs = std::getenv("ZABSCOPE_FRAME_DELAY_MS") ? std::atoi(std::getenv("ZABSCOPE_FRAME_DELAY_MS")) : 0;

  while (!glfwWindowShouldClose(window)) {
    if (frameDelayMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(frameDelayMs, 2000)));
    // Idle: when paused with nothing animating, wait for input instead of spinning.
    if (!offscreen && !app.playing) {
      glfwWaitEventsTimeout(0.5);
    } else if (!offscreen) {
      // Playing: about 60 frames a second, not as many as the CPU allows (presenting by
      // copying sub-buffers is not tied to the display's refresh).
      const double since = std::chrono::duration<double>(std::chrono::steady_clock::now() - last).count();
      if (since < 1.0 / 60.0) glfwWaitEventsTimeout(1.0 / 60.0 - since);
      else glfwPollEvents();
    } else {
      glfwPollEvents();
    }

    int winH = 0;
    glfwGetWindowSize(window, nullptr, &winH);
    const float wantScale = zabscope::fontScaleFor(app.uiScale, static_cast<float>(winH), app.presenter);
    if (fontScale != wantScale) {
      fontScale = wantScale;
      ui.fontNote = zabscope::loadFonts(16.0f * fontScale, app.lessonsDir, assetsDir);
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
      renderer.invalidate();
      ui.spacetime.layer().held.valid = false;  // its gap labels are text
      ui.ensemble.linksLayer().held.valid = false;  // and the links' "cut"
      zabscope::applyTheme(app.lightTheme, fontScale);
      themeLight = app.lightTheme;
    }
    if (themeLight != app.lightTheme) {
      zabscope::applyTheme(app.lightTheme, fontScale);
      themeLight = app.lightTheme;
    }

    auto now = std::chrono::steady_clock::now();
    frameCpuStart = std::clock();
    double realMs = std::chrono::duration<double, std::milli>(now - last).count();
    last = now;
    // --bench-clicks: after the measured frames, every tenth frame starts with a jump as a click
    // on the timeline slider makes one (jump, show that moment, stop playing); the frames draw
    // it, and the panels make the words of the entries they show (Session::explained).
    const int clickFrame = frame - (benchFrames + static_cast<int>(kWarmUpFrames));
    const bool inClicks = benchFrames > 0 && clickFrame >= 0;
    const bool jumpFrame = inClicks && clickFrame % kFramesPerClick == 0;
    if (jumpFrame) {
      const std::size_t target = nextJumpTarget(jumpFrameRng, app.session.length());
      const auto t0 = std::chrono::steady_clock::now();
      app.session.jumpTo(target);
      jumpInFrameMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      app.viewTimeMs = static_cast<double>(app.session.sim().now());
      app.playing = false;
    }
    zabscope::advancePlayback(app, std::min(realMs, 100.0));
    // The window shows the words of the entries around the cursor: a jump makes those before
    // its target as it replays them (set again each frame: a file or lesson may have replaced
    // the session). Paused and not scrubbing, the rest of the cursor's segment is made a little
    // per frame (the diagram's labels fill in over a few frames instead of in one slow frame).
    app.session.setExplainOnJump(zabscope::Session::kExplainWindow);
    const bool steady = !app.playing && app.session.cursor() == cursorLastFrame;
    app.session.explainAhead(steady ? kExplainStepsPerFrame : 0);
    const auto advanced = std::chrono::steady_clock::now();

    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(window, &fbw, &fbh);
    diagramTexture.fit(ui.spacetime.layer(), fbw, fbh);
    linksTexture.fit(ui.ensemble.linksLayer(), fbw, fbh);
    layerBlits.clearSources();
    diagramTexture.offerBlits(layerBlits);
    linksTexture.offerBlits(layerBlits);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    keyTaps.beforeNewFrame(io);
    ImGui::NewFrame();
    ui.draw(app);
    ImGui::Render();
    diagramTexture.update(ui.spacetime.layer());
    linksTexture.update(ui.ensemble.linksLayer());
    if (benchFrames > 0 && std::getenv("ZABSCOPE_DRAWLISTS"))
      for (int i = 0; i < ImGui::GetDrawData()->CmdListsCount; ++i)
        fmt::print(stderr, "draw list {}: {} vertices, {} indices, {} draw calls\n", i, ImGui::GetDrawData()->CmdLists[i]->VtxBuffer.Size, ImGui::GetDrawData()->CmdLists[i]->IdxBuffer.Size,
                   ImGui::GetDrawData()->CmdLists[i]->CmdBuffer.Size);
    app.applyPending();
    if (std::getenv("ZABSCOPE_CPU")) fmt::print(stderr, "cpu {:.2f} {:.2f}\n", std::chrono::duration<double, std::milli>(advanced - now).count(), std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - advanced).count());

    // The panels draw no background (MainWindow): the clear colour is their background. Only
    // what changed since the last frame is repainted (partial_renderer.hpp).
    const auto repainted = renderer.render(ImGui::GetDrawData(), fbw, fbh, ImGui::GetStyle().Colors[ImGuiCol_WindowBg],
                                           presenter.backBufferAge());
    glFinish();
    if (benchFrames > 0 && std::getenv("ZABSCOPE_DAMAGE"))  // where the repainted share goes
      for (const auto& r : repainted) fmt::print(stderr, "damage {:.0f} {:.0f} {:.0f} {:.0f}\n", r.x0, r.y0, r.x1, r.y1);
    if (benchFrames > 0 && frame >= static_cast<int>(kWarmUpFrames) && !inClicks)
      repaintedSum += renderer.lastRepaintedFraction();
    auto rendered = std::chrono::steady_clock::now();
    ++frame;
    if (!firstFrameReported && (benchFrames > 0)) {
      fmt::print("first frame after {:.0f} ms\n",
                 std::chrono::duration<double, std::milli>(rendered - launched).count());
      firstFrameReported = true;
    }
    cursorLastFrame = app.session.cursor();
    if (benchFrames > 0) (inClicks ? clickPartMs : frameMs).push_back(std::chrono::duration<double, std::milli>(rendered - now).count());
    if (benchFrames > 0 && !inClicks) {  // what the measured frames ended with, for their report
      inFlightAfterFrames = app.session.sim().messagesInFlight();
      playingAfterFrames = app.playing;
      verticesAfterFrames = ImGui::GetIO().MetricsRenderVertices;
      indicesAfterFrames = ImGui::GetIO().MetricsRenderIndices;
    }

    if (app.screenshotRequested) {
      app.screenshotRequested = false;
      std::string path = app.screenshotPath.empty() ? fmt::format("zabscope-{}.png", app.session.cursor()) : app.screenshotPath;
      app.screenshotPath.clear();
      app.status = savePng(path, fbw, fbh) ? "screenshot saved: " + path : "screenshot failed";
    }
    if (script) {
      std::string shot;
      bool done = script->advance(app, shot);
      if (!shot.empty() && !savePng(shot, fbw, fbh)) {
        fmt::print(stderr, "cannot write {}\n", shot);
        exitCode = 1;
      }
      if (done) {
        if (!script->error().empty()) {
          fmt::print(stderr, "{}\n", script->error());
          exitCode = 1;
        }
        break;
      }
    }
    if (!screenshotPath.empty() && frame >= frames) {
      if (!savePng(screenshotPath, fbw, fbh)) {
        fmt::print(stderr, "cannot write {}\n", screenshotPath);
        exitCode = 1;
      }
      break;
    }
    if (benchFrames > 0 && frame >= benchFrames + static_cast<int>(kWarmUpFrames) + benchClicks * kFramesPerClick) break;
    // Shown after the screenshot above was read: a swap leaves the back buffer undefined.
    const auto presentStart = std::chrono::steady_clock::now();
    presenter.present(repainted, io.DisplaySize.x, io.DisplaySize.y, fbw, fbh);
    if (benchFrames > 0) {
      glFinish();
      (inClicks ? clickPartMs : frameMs).back() +=
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - presentStart).count();
      if (jumpFrame) jumpFrameMs.push_back(clickPartMs.back());
      if (!inClicks) frameCpuMs.push_back(1000.0 * static_cast<double>(std::clock() - frameCpuStart) / CLOCKS_PER_SEC);
    }
  }

  if (benchFrames > 0 && std::getenv("ZABSCOPE_FRAMES"))
    for (std::size_t i = 0; i < frameMs.size(); ++i) fmt::print(stderr, "frame {} {:.2f}\n", i, frameMs[i]);
  if (benchFrames > 0 && frameMs.size() > kWarmUpFrames) {
    // The warm-up frames compile the renderer's shaders (llvmpipe JITs them) and upload the
    // font atlas; they are reported apart, the figures are for the frames after them.
    const double warmUpWorst = *std::max_element(frameMs.begin(), frameMs.begin() + kWarmUpFrames);
    fmt::print("warm-up: {} frames, the slowest {:.1f} ms\n", kWarmUpFrames, warmUpWorst);
    frameMs.erase(frameMs.begin(), frameMs.begin() + kWarmUpFrames);
    std::vector<double> sorted = frameMs;
    std::sort(sorted.begin(), sorted.end());
    auto at = [&](double q) { return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(q * static_cast<double>(sorted.size())))]; };
    const std::size_t inFlight = inFlightAfterFrames;
    fmt::print("frames {}  median {:.2f} ms  p99 {:.2f} ms  (window {}x{}, {} peers, {} messages in flight at the end; "
               "{} vertices, {} indices in the last frame; {:.0f}% of the window repainted on average; {})\n",
               frameMs.size(), at(0.5), at(0.99), width, height, app.session.sim().peers().size(), inFlight,
               verticesAfterFrames, indicesAfterFrames,
               100.0 * repaintedSum / static_cast<double>(frameMs.size()), playingAfterFrames ? "playing" : "paused");
    if (frameCpuMs.size() > kWarmUpFrames) {
      std::vector<double> cpu(frameCpuMs.begin() + kWarmUpFrames, frameCpuMs.end());
      std::sort(cpu.begin(), cpu.end());
      double sum = 0;
      for (double v : cpu) sum += v;
      fmt::print("cpu per frame (the process, all threads)  median {:.2f} ms  p99 {:.2f} ms  mean {:.2f} ms\n",
                 cpu[cpu.size() / 2], cpu[std::min(cpu.size() - 1, cpu.size() * 99 / 100)], sum / static_cast<double>(cpu.size()));
    }
    fmt::print("heap allocator: {}\n", zabscope::heapAllocatorName());
  }

  // (A run cut short, by a script or a closed window, may have jumped without showing it.)
  if (benchFrames > 0 && !jumpInFrameMs.empty() && !jumpFrameMs.empty() && !clickPartMs.empty()) {
    auto sorted = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v;
    };
    const auto jumps = sorted(jumpInFrameMs), shown = sorted(jumpFrameMs), all = sorted(clickPartMs);
    double sum = 0;
    for (double v : jumps) sum += v;
    fmt::print("clicks {}  jump mean {:.3f} ms  p99 {:.3f} ms; the frames that show them median {:.2f} ms  p99 {:.2f} ms; "
               "all {} frames median {:.2f} ms  p99 {:.2f} ms  (a random timeline jump every {} frames, over {} "
               "timeline entries)\n",
               jumps.size(), sum / static_cast<double>(jumps.size()), jumps[jumps.size() * 99 / 100],
               shown[shown.size() / 2], shown[shown.size() * 99 / 100], all.size(), all[all.size() / 2],
               all[all.size() * 99 / 100], kFramesPerClick, app.session.length());
  }

  if (benchFrames > 0) {
    // Timeline jumps back to back: --bench-jumps random targets (fixed sequence), no frame
    // between them (so what one jump brought into the caches is there for the next). The
    // restore and replay alone: no words made (those are timed with the frames above).
    app.session.setExplainOnJump(0);
    app.session.resetJumpCost();
    std::vector<double> jumpMs;
    std::uint64_t x = kJumpSeed;
    const std::size_t n = app.session.length();
    for (int k = 0; k < benchJumps && n > 0; ++k) {
      const std::size_t target = nextJumpTarget(x, n);
      const auto t0 = std::chrono::steady_clock::now();
      app.session.jumpTo(target);
      jumpMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    if (!jumpMs.empty()) printJumps("jumps", jumpMs, app.session.jumpCost(), n);

    // The same number of jumps of one shape: each restores a checkpoint and replays half a
    // segment (kCheckpointEvery / 2 actions). A short run and a long one then do the same work,
    // and what differs is what the caches hold; the random jumps above also differ in how far
    // they replay (a short run's last segment is short, and more of its jumps go a little
    // forward without a restore).
    jumpMs.clear();
    app.session.jumpTo(0);
    app.session.resetJumpCost();
    constexpr std::size_t kHalf = zabscope::Session::kCheckpointEvery / 2;
    const std::size_t segments = n >= kHalf ? (n - kHalf) / zabscope::Session::kCheckpointEvery + 1 : 0;
    for (int k = 0; k < benchJumps && segments > 1; ++k) {
      std::size_t target = 0;
      for (int tries = 0; tries < 64; ++tries) {  // one that restores: behind the cursor, or a segment ahead
        target = nextJumpTarget(x, segments - 1) * zabscope::Session::kCheckpointEvery + kHalf;
        const std::size_t at = app.session.cursor();
        if (target < at || target - at > zabscope::Session::kCheckpointEvery) break;
      }
      const auto t0 = std::chrono::steady_clock::now();
      app.session.jumpTo(target);
      jumpMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    if (!jumpMs.empty()) printJumps("jumps of one shape", jumpMs, app.session.jumpCost(), n);
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  if (openFailed && offscreen && exitCode == 0) {
    fmt::print(stderr, "zabscope: exit 2: a file given on the command line did not open (above); what was "
                       "rendered shows the app without it\n");
    exitCode = 2;
  }
  return exitCode;
}
