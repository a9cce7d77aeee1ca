# Sourced by the GUI tests: exits 77 (ctest: skipped), with the reason, where no X server can
# run; the tools listed in GUI_TEST_TOOLS must be installed too. Also sets what every GUI test
# needs under AddressSanitizer: Mesa's dlopen'ed GL driver leaks a few bytes at exit (not our
# code), so leak detection is off for these processes; memory errors are still caught.
for tool in xvfb-run ${GUI_TEST_TOOLS:-}; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool is not installed (apt-get install xvfb ${GUI_TEST_TOOLS:-}); this test needs an X server"
    exit 77
  fi
done
if ! xvfb-run -a -s "-screen 0 1600x900x24" true >/dev/null 2>&1; then
  echo "SKIPPED: Xvfb cannot start on this machine"
  exit 77
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
