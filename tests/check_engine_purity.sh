#!/usr/bin/env bash
# The protocol code is a pure function (../shared/ARCHITECTURE.md): no threads, clocks,
# library randomness, or I/O under engine/zab and engine/real; no clocks or library randomness under engine/sim.
set -u
root="${1:?usage: check_engine_purity.sh SOURCE_DIR}"
status=0
zab=$(grep -rnE '#include *<(thread|mutex|future|chrono|random|fstream|iostream|cstdio|filesystem)>|std::random_device|_distribution<|[^a-zA-Z_:.]rand\(|[^a-zA-Z_:.]time\(|getenv|fopen' \
      --include='*.cpp' --include='*.hpp' "$root/engine/zab")
if [ -n "$zab" ]; then echo "engine/zab must stay pure:"; echo "$zab"; status=1; fi
sim=$(grep -rnE '#include *<(thread|mutex|future|chrono|random)>|std::random_device|_distribution<|[^a-zA-Z_:.]rand\(|[^a-zA-Z_:.]time\(' \
      --include='*.cpp' --include='*.hpp' "$root/engine/sim")
if [ -n "$sim" ]; then echo "engine/sim must stay deterministic:"; echo "$sim"; status=1; fi
# engine/real turns log text into a timeline: the logs are read by the caller (ui/log_file.cpp).
real=$(grep -rnE '#include *<(thread|mutex|future|chrono|random|fstream|iostream|cstdio|filesystem)>|std::random_device|_distribution<|[^a-zA-Z_:.]rand\(|[^a-zA-Z_:.]time\(|getenv|fopen' \
      --include='*.cpp' --include='*.hpp' "$root/engine/real")
if [ -n "$real" ]; then echo "engine/real must stay pure:"; echo "$real"; status=1; fi
unordered=$(grep -rn 'unordered_' --include='*.cpp' --include='*.hpp' "$root/engine")
if [ -n "$unordered" ]; then echo "no unordered containers in the engine (iteration order leaks):"; echo "$unordered"; status=1; fi
gui=$(grep -rnE '#include *[<"](imgui|GLFW|glad)' --include='*.cpp' --include='*.hpp' "$root/engine")
if [ -n "$gui" ]; then echo "the engine must not include GUI headers:"; echo "$gui"; status=1; fi
[ $status -eq 0 ] && echo "engine purity: ok"
exit $status
