#!/usr/bin/env bash
# Does the install list of scripts/zabscope.sh bring everything the build and the tests used?
#
#   scripts/check_packages.sh [BUILD_DIR]      (default: build; run by ctest as packages/install_list)
#
# What the build used, read from the build itself:
#   - every system header a compiler included (ninja's deps log: ninja -t deps),
#   - every CMake file that configure read (the inputs of build.ninja's RERUN_CMAKE rule),
#   - the .pc files of the REQUIRED pkg-config modules,
#   - every library on a link line and every shared library the built programs load (ldd),
#   - the build tools in CMakeCache.txt (compilers, ninja, cmake, ctest, pkg-config, glad and
#     any other *_EXECUTABLE) and the interpreter named on a script tool's #! line (glad: python3);
# and what the tests and the app use at run time (listed below: Xvfb, xdotool, fonts, Mesa).
# Each file is mapped to its Debian package with dpkg -S. A package passes when it is on the list,
# is pulled in by it (Depends / Pre-Depends, recursively, as installed here; for "a | b" the alternative
# that is on the list or in the base system, as apt would choose, else the first one installed), or is part of every Debian system (Essential: yes or
# Priority: required, and what they pull in). Anything else fails, naming the package to add and
# the file that needs it. The list is installed with --no-install-recommends, so Recommends do not count.
# Exit: 0 ok, 1 a package is missing from the list (or a listed one is not installed), 77 cannot check here.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" 2>/dev/null && pwd)" || { echo "SKIPPED: no build directory ${1:-$root/build}"; exit 77; }

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "SKIPPED: not a Debian system (no dpkg-query)"; exit 77
fi
if [ ! -f "$build/build.ninja" ] || [ ! -f "$build/.ninja_deps" ]; then
  echo "SKIPPED: $build is not a built Ninja build directory (the header list comes from ninja's deps log)"; exit 77
fi
if [ ! -x /usr/bin/python3 ]; then
  echo "FAILED: /usr/bin/python3 is missing (python3-glad on the install list brings it)"; exit 1
fi

# What the tests and the app need at run time but no build step records.
#   kind  what                                              why
runtime='
command xvfb-run                                          the GUI tests start an X server (tests/gui/need_xvfb.sh)
command Xvfb                                              the X server that xvfb-run starts
command xauth                                             xvfb-run sets up the X authority with it
command xdotool                                           tests/gui/present.sh presses keys in the window
file    /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf   the Latin font (ui/theme.cpp)
file    /usr/share/fonts/truetype/wqy/wqy-microhei.ttc    the CJK font for the Chinese lessons (ui/theme.cpp)
glob    /usr/lib/*/dri/swrast_dri.so                      Mesa software rendering: GLX under Xvfb
command java                                              zabsim real starts ZooKeeper servers (app/real/real_ensemble.cpp)
file    /usr/share/java/zookeeper.jar                     the ZooKeeper 3.8 classes zabsim real runs
file    /usr/share/java/slf4j-log4j12.jar                 the SLF4J binding that makes those servers log
file    /usr/share/java/log4j-1.2.jar                     the logger behind that binding
'

exec /usr/bin/python3 - "$root" "$build" "$runtime" <<'PY'
import glob, os, re, shutil, subprocess, sys, time

root, build, runtime = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.monotonic()

def run(args, check=True):
    r = subprocess.run(args, capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit(f"FAILED: {' '.join(args)} exited with {r.returncode}: {r.stderr.strip()}")
    return r.stdout

listed = run(["bash", os.path.join(root, "scripts/zabscope.sh"), "packages"]).split()
if not listed:
    sys.exit("FAILED: scripts/zabscope.sh packages printed no packages")

# ---- 1. the files the build and the tests used: path -> why -------------------------------------
needs = {}
def need(path, why):
    needs.setdefault(os.path.normpath(path), why)

def rel(p):
    return os.path.relpath(p, root) if p.startswith(root + "/") else p

cache = {}
with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8", errors="replace") as f:
    for line in f:
        m = re.match(r"([A-Za-z0-9_.+-]+):([A-Z]+)=(.*)$", line.rstrip("\n"))
        if m:
            cache[m.group(1)] = m.group(3)

# Headers: ninja -t deps prints "target: #deps N ..." then one indented dependency a line, the source first.
ninja = cache.get("CMAKE_MAKE_PROGRAM") or shutil.which("ninja") or "ninja"
source = None
headers = 0
for line in run([ninja, "-C", build, "-t", "deps"]).splitlines():
    if not line.startswith(" "):
        source = None
        continue
    p = line.strip()
    if source is None:
        source = rel(p)
    if p.startswith("/usr/"):
        headers += 1
        need(p, f"header included by {source}")

ninja_text = open(os.path.join(build, "build.ninja"), encoding="utf-8", errors="replace").read()

# CMake files read at configure time (find_package configs, modules).
for m in re.finditer(r"^build build\.ninja: RERUN_CMAKE (.*)$", ninja_text, re.M):
    for tok in m.group(1).split():
        if tok.startswith("/usr/"):
            need(tok, "read by CMake at configure time")

# Libraries on link lines.
cxx = cache.get("CMAKE_CXX_COMPILER", "c++")
for m in re.finditer(r"^\s*LINK_LIBRARIES = (.*)$", ninja_text, re.M):
    for tok in m.group(1).split():
        if tok.startswith("/usr/"):
            need(tok, "linked")
        elif tok.startswith("-l"):
            for ext in (".so", ".a"):
                found = run([cxx, f"-print-file-name=lib{tok[2:]}{ext}"], check=False).strip()
                if found.startswith("/"):
                    need(found, f"linked ({tok})")
                    break

# pkg-config modules CMake required, and the modules they require.
pkgconf = cache.get("PKG_CONFIG_EXECUTABLE")
if pkgconf:
    todo = set()
    for key, val in cache.items():
        if key.startswith("__pkg_config_arguments_") and "REQUIRED" in val.split(";"):
            name = cache.get(key[len("__pkg_config_arguments_"):] + "_MODULE_NAME")
            if name:
                todo.update(name.split(";"))
    seen = set()
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        pc = run([pkgconf, "--path", mod], check=False).strip()
        if pc.startswith("/"):
            need(pc, f"pkg-config module {mod}")
        for req in run([pkgconf, "--print-requires", mod], check=False).split("\n"):
            if req.strip():
                todo.add(req.split()[0])

# Build tools, and the interpreter of a script tool (glad is a python3 script).
tools = ["CMAKE_C_COMPILER", "CMAKE_CXX_COMPILER", "CMAKE_MAKE_PROGRAM", "CMAKE_AR", "CMAKE_RANLIB",
         "CMAKE_LINKER", "CMAKE_COMMAND", "CMAKE_CTEST_COMMAND", "PKG_CONFIG_EXECUTABLE"]
tools += sorted(k for k in cache if k.endswith("_EXECUTABLE"))
notes = []
def need_program(path, why):
    if path.startswith("/usr/local/") or not path.startswith(("/usr/", "/bin/", "/sbin/")):
        # A tool installed by hand (a newer cmake in /usr/local, say) is this machine's choice; a fresh
        # machine uses the Debian one from the list, which the build may not have been tried with.
        notes.append(f"note: {path} ({why}) is not from a Debian package, so its package is not checked")
        return
    need(path, why)
    real = os.path.realpath(path)
    if real != path:
        need(real, why)
    try:
        with open(real, "rb") as f:
            first = f.readline(200)
        if first.startswith(b"#!"):
            interp = first[2:].decode(errors="replace").split()
            if interp and interp[0] == "/usr/bin/env" and len(interp) > 1:
                interp = [shutil.which(interp[1]) or interp[1]]
            if interp:
                need_program(interp[0], f"interpreter of {path}")
    except OSError:
        pass
for key in dict.fromkeys(tools):
    val = cache.get(key, "")
    if val.startswith("/"):
        need_program(val, f"build tool ({key})")
need_program("/usr/bin/python3", "runs scripts/check_packages.sh")

# Shared libraries the built programs load.
programs = []
for d, dirs, files in os.walk(build):
    dirs[:] = [x for x in dirs if x != "CMakeFiles"]
    for name in files:
        p = os.path.join(d, name)
        if os.access(p, os.X_OK) and not os.path.islink(p):
            with open(p, "rb") as f:
                if f.read(4) == b"\x7fELF":
                    programs.append(p)
current = rel(programs[0]) if len(programs) == 1 else None
for line in run(["ldd"] + sorted(programs), check=False).splitlines() if programs else []:
    if not line.startswith(("\t", " ")):
        current = rel(line.rstrip(":")) if line.endswith(":") else current
        continue
    m = re.search(r"(?:=> )?(/\S+) \(0x", line)
    if m:
        need(m.group(1), f"loaded by {current}")
    elif "not found" in line:
        print(f"FAILED: {current} needs {line.split()[0]}, which is not installed")
        sys.exit(1)

# Run time.
absent = []
for line in runtime.strip().splitlines():
    kind, what, why = line.split(None, 2)
    if kind == "command":
        path = shutil.which(what, path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        if path:
            need_program(path, f"run time: {why}")
        else:
            absent.append((what, why))
    elif kind == "file":
        if os.path.exists(what):
            need(what, f"run time: {why}")
        else:
            absent.append((what, why))
    else:
        hits = sorted(glob.glob(what))
        if hits:
            need(hits[0], f"run time: {why}")
        else:
            absent.append((what, why))

# ---- 2. files -> packages (dpkg -S, one call) ----------------------------------------------------
def variants(p):
    out = [p]
    real = os.path.realpath(p)
    if real != p:
        out.append(real)
    for q in list(out):  # usrmerge: dpkg may know /usr/lib/x as /lib/x or the other way round
        for d in ("/lib", "/lib64", "/bin", "/sbin"):
            if q.startswith("/usr" + d + "/"):
                out.append(q[4:])
            elif q.startswith(d + "/"):
                out.append("/usr" + q)
    return list(dict.fromkeys(out))

queries = sorted({v for p in needs for v in variants(p)})
owner = {}
r = subprocess.run(["dpkg", "-S"] + queries, capture_output=True, text=True)
for line in r.stdout.splitlines():
    if line.startswith("diversion by "):
        continue
    pkgs, sep, path = line.partition(": ")
    if sep:
        owner[path] = [x.strip().split(":")[0] for x in pkgs.split(",")]

# ---- 3. the dependency closure of the list, as installed ---------------------------------------
fmt = "${Package}\\t${db:Status-Abbrev}\\t${Essential}\\t${Priority}\\t${Provides}\\t${Pre-Depends}\\t${Depends}\\n"
installed, provides, depends, base = set(), {}, {}, set()
for line in run(["dpkg-query", "-W", "-f", fmt]).splitlines():
    name, status, essential, priority, prov, pre, dep = (line.split("\t") + [""] * 7)[:7]
    if not status.startswith("ii"):
        continue
    installed.add(name)
    if essential == "yes" or priority == "required":
        base.add(name)
    for pv in prov.split(","):
        if pv.strip():
            provides.setdefault(pv.split()[0].split(":")[0], []).append(name)
    depends.setdefault(name, []).extend(x for x in (pre + "," + dep).split(",") if x.strip())

def satisfier(group, chosen):
    """The installed package apt would use for 'a (>= 1) | b:any | c': one it installs anyway
    (on the list, or in the base system) if there is one, else the first one installed here."""
    alts = []
    for alt in group.split("|"):
        name = alt.split()[0].split(":")[0]
        alts += ([name] if name in installed else []) + provides.get(name, [])
    return next((a for a in alts if a in chosen), alts[0] if alts else None)

def closure(seeds, chosen=frozenset()):
    via = {s: None for s in seeds if s in installed}
    todo = list(via)
    while todo:
        p = todo.pop()
        for group in depends.get(p, []):
            q = satisfier(group, chosen)
            if q and q not in via:
                via[q] = p
                todo.append(q)
    return via

not_installed = [p for p in listed if p not in installed]
base_closure = closure(base)
chosen = frozenset(listed) | frozenset(base_closure)
pulled = closure(listed, chosen)

# ---- 4. report -----------------------------------------------------------------------------------
missing = {}  # package -> [(file, why)]
unowned = []
for path, why in sorted(needs.items()):
    pkgs = next((owner[v] for v in variants(path) if v in owner), None)
    if pkgs is None:
        unowned.append((path, why))
        continue
    if any(p in pulled or p in base_closure for p in pkgs):
        continue
    missing.setdefault(pkgs[0], []).append((path, why))

status = 0
for p in not_installed:
    print(f"FAILED: {p} is on the install list but not installed here: run bash scripts/zabscope.sh test "
          "(it installs the list), or apt-get install it")
    status = 1
# Name only the packages to add: one that another missing package pulls in comes with it.
brings = {m: [q for q in closure([m], chosen) if q in missing] for m in missing}
covered = set()
for pkg in sorted(missing, key=lambda m: (-len(brings[m]), m)):
    if pkg in covered:
        continue
    covered.update(brings[pkg])
    files = missing[pkg] + [f for q in sorted(brings[pkg]) if q != pkg for f in missing[q]]
    others = sorted(q for q in brings[pkg] if q != pkg)
    print(f"FAILED: add {pkg} to PACKAGES in scripts/zabscope.sh: it is neither on the list nor pulled in by it; "
          f"needed for {files[0][0]} ({files[0][1]})" + (f"; it brings {', '.join(others)}" if others else ""))
    for path, why in files[1:4]:
        print(f"        and {path} ({why})")
    if len(files) > 4:
        print(f"        and {len(files) - 4} more files")
    status = 1
for what, why in absent:
    print(f"FAILED: {what} is not installed; needed at run time: {why}. The install list must bring its package.")
    status = 1
for path, why in unowned:
    print(f"FAILED: {path} belongs to no Debian package, so a fresh machine will not have it ({why})")
    status = 1

for n in notes:
    print(n)
used = sorted({owner[next(v for v in variants(p) if v in owner)][0] for p in needs
               if any(v in owner for v in variants(p))})
secs = time.monotonic() - start
if status == 0:
    print(f"install list ok: {len(needs)} files ({headers} header uses) from {len(used)} packages, all covered by "
          f"the {len(listed)} listed packages ({len(pulled)} with their dependencies) and the base system; "
          f"{secs:.1f} s")
else:
    print(f"install list incomplete (checked {len(needs)} files from {len(used)} packages in {secs:.1f} s)")
sys.exit(status)
PY
