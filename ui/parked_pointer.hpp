#pragma once
// Whether the pointer has moved since the app started. Under Xvfb (scripted screenshots, the
// README's pictures) the pointer never moves and sits mid-screen, where it used to open a
// message's or the hint's tooltip over the peers; hover tooltips wait for a real pointer.
namespace zabscope {

bool pointerHasMoved();  // call from drawing code; updated from ImGui's MouseDelta

}  // namespace zabscope
