// DataTree: initial nodes, txn semantics (DataTree.createNode/deleteNode/setData/processTxn),
// stats, lastProcessedZxid, digest and snapshot round trip.
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "zab/data_tree.hpp"

using zab::DataTree;
using zab::KeeperCode;
using zab::OpCode;
using zab::Txn;
using zab::Zxid;

namespace {

Txn hdr(OpCode type, Zxid zxid, std::int64_t time) {
  Txn t;
  t.hdr.clientId = 0x100;
  t.hdr.cxid = 1;
  t.hdr.zxid = zxid;
  t.hdr.time = time;
  t.hdr.type = type;
  return t;
}

Txn create(const std::string& path, const std::string& data, Zxid zxid, std::int64_t time = 1000,
           std::int32_t parentCVersion = -1) {
  Txn t = hdr(OpCode::create, zxid, time);
  t.path = path;
  t.data = data;
  t.parentCVersion = parentCVersion;
  return t;
}

Txn setData(const std::string& path, const std::string& data, std::int32_t version, Zxid zxid,
            std::int64_t time = 2000) {
  Txn t = hdr(OpCode::setData, zxid, time);
  t.path = path;
  t.data = data;
  t.version = version;
  return t;
}

Txn del(const std::string& path, Zxid zxid) {
  Txn t = hdr(OpCode::delete_, zxid, 3000);
  t.path = path;
  return t;
}

Txn errorTxn(std::int32_t err, Zxid zxid) {
  Txn t = hdr(OpCode::error, zxid, 4000);
  t.err = err;
  return t;
}

}  // namespace

TEST_CASE("data tree: a new tree holds ZooKeeper's system nodes", "[data_tree]") {
  const DataTree tree;
  CHECK(tree.nodeCount() == 4);
  for (const char* p : {"/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"}) {
    CAPTURE(p);
    const auto* n = tree.getNode(p);
    REQUIRE(n != nullptr);
    CHECK(n->data.empty());
    CHECK(n->stat == zab::Stat{});
  }
  CHECK(tree.getNode("/")->children == std::set<std::string>{"zookeeper"});
  CHECK(tree.getNode("/zookeeper")->children == std::set<std::string>{"config", "quota"});
  CHECK(tree.getNode("/zookeeper/quota")->children.empty());
  CHECK(tree.lastProcessedZxid() == 0);
  CHECK_FALSE(tree.exists("/a"));
  CHECK(tree.getNode("") == nullptr);
}

TEST_CASE("data tree: create sets the stats and bumps the parent", "[data_tree]") {
  DataTree tree;
  const auto rc = tree.processTxn(create("/a", "x", 0x100000001LL, 1111));
  CHECK(rc.err == KeeperCode::OK);
  CHECK(rc.type == OpCode::create);
  CHECK(rc.path == "/a");
  CHECK(rc.zxid == 0x100000001LL);

  const auto* a = tree.getNode("/a");
  REQUIRE(a != nullptr);
  CHECK(a->data == "x");
  CHECK(a->stat.czxid == 0x100000001LL);
  CHECK(a->stat.mzxid == 0x100000001LL);
  CHECK(a->stat.pzxid == 0x100000001LL);
  CHECK(a->stat.ctime == 1111);
  CHECK(a->stat.mtime == 1111);
  CHECK(a->stat.version == 0);
  CHECK(a->stat.cversion == 0);
  CHECK(a->children.empty());
  CHECK(rc.stat == a->stat);

  const auto* root = tree.getNode("/");
  CHECK(root->children == std::set<std::string>{"a", "zookeeper"});
  CHECK(root->stat.cversion == 1);
  CHECK(root->stat.pzxid == 0x100000001LL);
  CHECK(root->stat.mzxid == 0);  // the parent's data is untouched

  REQUIRE(tree.processTxn(create("/a/b", "", 0x100000002LL)).err == KeeperCode::OK);
  CHECK(tree.getNode("/a")->children == std::set<std::string>{"b"});
  CHECK(tree.getNode("/a")->stat.cversion == 1);
  CHECK(tree.getNode("/a")->stat.pzxid == 0x100000002LL);
  CHECK(tree.getNode("/a")->stat.mzxid == 0x100000001LL);
  CHECK(tree.getNode("/")->stat.cversion == 1);  // only the direct parent moves
  CHECK(tree.nodeCount() == 6);
}

TEST_CASE("data tree: create honours the txn's parentCVersion", "[data_tree]") {
  DataTree tree;
  // PrepRequestProcessor puts parent cversion + 1 in the txn; a larger value is taken as is.
  REQUIRE(tree.processTxn(create("/a", "", 0x10, 1, 5)).err == KeeperCode::OK);
  CHECK(tree.getNode("/")->stat.cversion == 5);
  CHECK(tree.getNode("/")->stat.pzxid == 0x10);
  // A value that is not larger (a replay) leaves cversion and pzxid alone.
  REQUIRE(tree.processTxn(create("/b", "", 0x11, 1, 3)).err == KeeperCode::OK);
  CHECK(tree.getNode("/")->stat.cversion == 5);
  CHECK(tree.getNode("/")->stat.pzxid == 0x10);
  CHECK(tree.exists("/b"));
}

TEST_CASE("data tree: create errors", "[data_tree]") {
  DataTree tree;
  REQUIRE(tree.processTxn(create("/a", "x", 0x1)).err == KeeperCode::OK);

  SECTION("NONODE when the parent is missing") {
    const DataTree before = tree;
    const auto rc = tree.processTxn(create("/missing/child", "", 0x2));
    CHECK(rc.err == KeeperCode::NONODE);
    CHECK(rc.path == "/missing/child");
    CHECK_FALSE(tree.exists("/missing/child"));
    CHECK(tree.nodes() == before.nodes());
    CHECK(tree.lastProcessedZxid() == 0x2);
  }
  SECTION("NODEEXISTS keeps the node, but applies parentCVersion to the parent like DataTree does") {
    const auto rc = tree.processTxn(create("/a", "other", 0x2));
    CHECK(rc.err == KeeperCode::NODEEXISTS);
    CHECK(tree.getNode("/a")->data == "x");
    CHECK(tree.getNode("/a")->stat.czxid == 0x1);
    // setCversionPzxid("/", -1 -> cversion + 1, zxid)
    CHECK(tree.getNode("/")->stat.cversion == 2);
    CHECK(tree.getNode("/")->stat.pzxid == 0x2);
  }
  SECTION("NODEEXISTS with a stale parentCVersion changes nothing") {
    const DataTree before = tree;
    CHECK(tree.processTxn(create("/a", "other", 0x2, 1000, 1)).err == KeeperCode::NODEEXISTS);
    CHECK(tree.nodes() == before.nodes());
  }
  SECTION("NODEEXISTS for the root and the system nodes") {
    CHECK(tree.processTxn(create("/", "", 0x2)).err == KeeperCode::NODEEXISTS);
    CHECK(tree.processTxn(create("/zookeeper", "", 0x3, 1000, 0)).err == KeeperCode::NODEEXISTS);
  }
  SECTION("an invalid path is BADARGUMENTS") {
    const DataTree before = tree;
    for (const char* p : {"", "a", "/a/", "//a", "/a/./b", "/a/.."}) {
      CAPTURE(p);
      CHECK(tree.processTxn(create(p, "", 0x2)).err == static_cast<KeeperCode>(-8));
    }
    CHECK(tree.nodes() == before.nodes());
  }
}

TEST_CASE("data tree: setData sets data - the txn's version - mzxid and mtime", "[data_tree]") {
  DataTree tree;
  REQUIRE(tree.processTxn(create("/a", "x", 0x100000001LL, 1000)).err == KeeperCode::OK);
  const auto rc = tree.processTxn(setData("/a", "y", 1, 0x100000002LL, 2000));
  CHECK(rc.err == KeeperCode::OK);
  CHECK(rc.type == OpCode::setData);
  const auto* a = tree.getNode("/a");
  CHECK(a->data == "y");
  CHECK(a->stat.version == 1);
  CHECK(a->stat.mzxid == 0x100000002LL);
  CHECK(a->stat.mtime == 2000);
  CHECK(a->stat.czxid == 0x100000001LL);
  CHECK(a->stat.ctime == 1000);
  CHECK(a->stat.pzxid == 0x100000001LL);
  CHECK(rc.stat == a->stat);
  CHECK(tree.getNode("/")->stat.cversion == 1);  // the parent is not touched

  // The version comes from the txn, not from counting: SetDataTxn carries it.
  REQUIRE(tree.processTxn(setData("/a", "z", 7, 0x100000003LL)).err == KeeperCode::OK);
  CHECK(tree.getNode("/a")->stat.version == 7);

  SECTION("NONODE when missing") {
    const DataTree before = tree;
    const auto bad = tree.processTxn(setData("/nope", "q", 1, 0x100000004LL));
    CHECK(bad.err == KeeperCode::NONODE);
    CHECK(bad.path == "/nope");
    CHECK(tree.nodes() == before.nodes());
  }
  SECTION("a system node can be set (reconfig writes /zookeeper/config this way)") {
    CHECK(tree.processTxn(setData("/zookeeper/config", "server.1=...", 0, 0x100000004LL)).err == KeeperCode::OK);
    CHECK(tree.getNode("/zookeeper/config")->data == "server.1=...");
  }
}

TEST_CASE("data tree: delete", "[data_tree]") {
  DataTree tree;
  REQUIRE(tree.processTxn(create("/a", "", 0x1)).err == KeeperCode::OK);
  REQUIRE(tree.processTxn(create("/a/b", "", 0x2)).err == KeeperCode::OK);

  SECTION("NOTEMPTY while it has children, and nothing changes") {
    const DataTree before = tree;
    const auto rc = tree.processTxn(del("/a", 0x3));
    CHECK(rc.err == KeeperCode::NOTEMPTY);
    CHECK(rc.path == "/a");
    CHECK(tree.nodes() == before.nodes());
  }
  SECTION("a leaf goes; the parent's pzxid moves, its cversion does not (as in 3.8)") {
    const auto rc = tree.processTxn(del("/a/b", 0x3));
    CHECK(rc.err == KeeperCode::OK);
    CHECK(rc.type == OpCode::delete_);
    CHECK_FALSE(tree.exists("/a/b"));
    const auto* a = tree.getNode("/a");
    CHECK(a->children.empty());
    CHECK(a->stat.pzxid == 0x3);
    CHECK(a->stat.cversion == 1);

    // Now /a is empty and can go too.
    CHECK(tree.processTxn(del("/a", 0x4)).err == KeeperCode::OK);
    CHECK_FALSE(tree.exists("/a"));
    CHECK(tree.getNode("/")->children == std::set<std::string>{"zookeeper"});
    CHECK(tree.getNode("/")->stat.pzxid == 0x4);
    CHECK(tree.nodeCount() == 4);
  }
  SECTION("NONODE when missing; deleteNode still raises the parent's pzxid first") {
    const auto rc = tree.processTxn(del("/a/zzz", 0x5));
    CHECK(rc.err == KeeperCode::NONODE);
    CHECK(tree.getNode("/a")->stat.pzxid == 0x5);
    CHECK(tree.getNode("/a")->stat.cversion == 1);
    CHECK(tree.getNode("/a")->children == std::set<std::string>{"b"});
  }
  SECTION("a lower zxid never lowers the parent's pzxid") {
    CHECK(tree.processTxn(del("/a/b", 0x1)).err == KeeperCode::OK);
    CHECK(tree.getNode("/a")->stat.pzxid == 0x2);
  }
  SECTION("NONODE when the parent is missing too, and nothing changes") {
    const DataTree before = tree;
    CHECK(tree.processTxn(del("/x/y", 0x6)).err == KeeperCode::NONODE);
    CHECK(tree.nodes() == before.nodes());
  }
  SECTION("the root cannot be deleted") {
    const DataTree before = tree;
    CHECK(tree.processTxn(del("/", 0x6)).err == static_cast<KeeperCode>(-8));
    CHECK(tree.nodes() == before.nodes());
  }
}

TEST_CASE("data tree: error and session txns change no node", "[data_tree]") {
  DataTree tree;
  REQUIRE(tree.processTxn(create("/a", "", 0x1)).err == KeeperCode::OK);
  const DataTree before = tree;

  const auto e = tree.processTxn(errorTxn(-110, 0x2));
  CHECK(e.err == KeeperCode::NODEEXISTS);
  CHECK(e.type == OpCode::error);
  CHECK(tree.processTxn(errorTxn(-103, 0x3)).err == KeeperCode::BADVERSION);

  Txn cs = hdr(OpCode::createSession, 0x4, 10);
  cs.sessionTimeout = 30000;
  CHECK(tree.processTxn(cs).err == KeeperCode::OK);
  CHECK(tree.processTxn(hdr(OpCode::closeSession, 0x5, 11)).err == KeeperCode::OK);

  CHECK(tree.nodes() == before.nodes());
  CHECK(tree.digest() == before.digest());
  CHECK(tree.lastProcessedZxid() == 0x5);
}

TEST_CASE("data tree: lastProcessedZxid only goes up", "[data_tree]") {
  DataTree tree;
  tree.processTxn(create("/a", "", 0x200000005LL));
  CHECK(tree.lastProcessedZxid() == 0x200000005LL);
  tree.processTxn(create("/b", "", 0x100000009LL));  // applied, but older
  CHECK(tree.exists("/b"));
  CHECK(tree.lastProcessedZxid() == 0x200000005LL);
  tree.processTxn(del("/nope", 0x200000006LL));  // fails, still counts
  CHECK(tree.lastProcessedZxid() == 0x200000006LL);
  tree.processTxn(errorTxn(-101, 0x200000007LL));
  CHECK(tree.lastProcessedZxid() == 0x200000007LL);
  tree.processTxn(errorTxn(-101, 0x7));
  CHECK(tree.lastProcessedZxid() == 0x200000007LL);
  tree.setLastProcessedZxid(0x3);  // an explicit set (snapshot load) may lower it
  CHECK(tree.lastProcessedZxid() == 0x3);
}

TEST_CASE("data tree: digest ignores apply order and zxids - sees every change", "[data_tree]") {
  DataTree t1;
  t1.processTxn(create("/a", "1", 0x1));
  t1.processTxn(create("/b", "2", 0x2));
  t1.processTxn(create("/a/c", "3", 0x3));

  DataTree t2;
  t2.processTxn(create("/b", "2", 0x11, 5555));
  t2.processTxn(create("/a", "1", 0x12, 6666));
  t2.processTxn(create("/a/c", "3", 0x13, 7777));

  CHECK(t1.digest() == t2.digest());
  CHECK_FALSE(t1 == t2);  // stats and lastProcessedZxid differ
  CHECK(DataTree{}.digest() == DataTree{}.digest());
  CHECK(DataTree{}.digest() != t1.digest());

  SECTION("not lastProcessedZxid") {
    const auto d = t1.digest();
    t1.setLastProcessedZxid(0x999);
    CHECK(t1.digest() == d);
  }
  SECTION("data") {
    t2.processTxn(setData("/a/c", "4", 0, 0x14));
    CHECK(t1.digest() != t2.digest());
  }
  SECTION("version alone") {
    t2.processTxn(setData("/a/c", "3", 1, 0x14));
    CHECK(t1.digest() != t2.digest());
  }
  SECTION("a node more") {
    t2.processTxn(create("/d", "", 0x14));
    CHECK(t1.digest() != t2.digest());
  }
  SECTION("a node less") {
    t2.processTxn(del("/b", 0x14));
    CHECK(t1.digest() != t2.digest());
  }
  SECTION("where the bytes sit between path and data") {
    DataTree x;
    DataTree y;
    x.processTxn(create("/ab", "c", 0x1));
    y.processTxn(create("/a", "bc", 0x1));
    CHECK(x.digest() != y.digest());
  }
}

TEST_CASE("data tree: serialize and deserialize", "[data_tree]") {
  DataTree tree;
  tree.processTxn(create("/a", "x", 0x100000001LL, 100));
  tree.processTxn(create("/a/b", std::string("\0bin\xff", 5), 0x100000002LL, 200));
  tree.processTxn(create("/c", "", 0x100000003LL, 300, 9));
  tree.processTxn(setData("/a", "y", 3, 0x100000004LL, 400));
  tree.processTxn(del("/c", 0x100000005LL));
  tree.processTxn(setData("/zookeeper/config", "cfg", 1, 0x100000006LL));

  const zab::Bytes bytes = tree.serialize();
  const auto back = DataTree::deserialize(bytes);
  REQUIRE(back.has_value());
  CHECK(*back == tree);
  CHECK(back->digest() == tree.digest());
  CHECK(back->lastProcessedZxid() == 0x100000006LL);
  CHECK(back->getNode("/a")->children == std::set<std::string>{"b"});
  CHECK(back->serialize() == bytes);

  const auto fresh = DataTree::deserialize(DataTree{}.serialize());
  REQUIRE(fresh.has_value());
  CHECK(*fresh == DataTree{});

  SECTION("every truncation is rejected") {
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      CAPTURE(n);
      CHECK_FALSE(DataTree::deserialize(zab::Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n))).has_value());
    }
  }
  SECTION("trailing bytes") {
    zab::Bytes b = bytes;
    b.push_back(0);
    CHECK_FALSE(DataTree::deserialize(b).has_value());
  }
  SECTION("a bad magic or format version") {
    zab::Bytes b = bytes;
    b[0] = 'X';
    CHECK_FALSE(DataTree::deserialize(b).has_value());
    b = bytes;
    b[7] = 2;
    CHECK_FALSE(DataTree::deserialize(b).has_value());
  }
  SECTION("garbage") {
    CHECK_FALSE(DataTree::deserialize(zab::Bytes{}).has_value());
    CHECK_FALSE(DataTree::deserialize(zab::Bytes(100, 0xff)).has_value());
    CHECK_FALSE(DataTree::deserialize(zab::Bytes(100, 0x00)).has_value());
  }
  SECTION("a node whose parent is missing") {
    // Rename /a in the snapshot to /q: /a/b is left without a parent.
    zab::Bytes b = bytes;
    const std::string needle = "/a";
    bool patched = false;
    for (std::size_t i = 4; i + needle.size() <= b.size(); ++i) {
      // The first "/a" preceded by its 4-byte length 2 is /a's path.
      if (b[i] == '/' && b[i + 1] == 'a' && b[i - 1] == 2 && b[i - 2] == 0) {
        b[i + 1] = 'q';
        patched = true;
        break;
      }
    }
    REQUIRE(patched);
    CHECK_FALSE(DataTree::deserialize(b).has_value());
  }
}

TEST_CASE("data tree: parentPath and isValidPath", "[data_tree]") {
  CHECK(zab::parentPath("/a/b") == "/a");
  CHECK(zab::parentPath("/a/b/c") == "/a/b");
  CHECK(zab::parentPath("/a") == "/");
  CHECK(zab::parentPath("/") == "");

  for (const char* p : {"/", "/a", "/a/b", "/zookeeper/config", "/a.b", "/...", "/a/.x", "/x..", "/sp ace",
                        "/\xc3\xa9t\xc3\xa9"}) {
    CAPTURE(p);
    CHECK(zab::isValidPath(p));
  }
  for (const char* p : {"", "a", "a/b", "/a/", "//", "//a", "/a//b", "/.", "/..", "/a/.", "/a/../b", "/./a"}) {
    CAPTURE(p);
    CHECK_FALSE(zab::isValidPath(p));
  }
  // PathUtils' character rules: no NUL or control characters, no U+007F..U+009F, nothing
  // from U+D800..U+F8FF or U+FFF0..U+FFFF, which shuts out every code point above U+FFFF
  // (Java sees those as surrogate pairs); malformed UTF-8 is refused too.
  CHECK_FALSE(zab::isValidPath(std::string("/a\0b", 4)));
  CHECK_FALSE(zab::isValidPath("/a\tb"));
  CHECK_FALSE(zab::isValidPath("/a\x7f"));
  CHECK_FALSE(zab::isValidPath("/\xc2\x85"));          // U+0085
  CHECK_FALSE(zab::isValidPath("/\xee\x80\x80"));      // U+E000 (private use)
  CHECK_FALSE(zab::isValidPath("/\xef\xbf\xbf"));      // U+FFFF
  CHECK_FALSE(zab::isValidPath("/\xf0\x9f\x98\x80"));  // U+1F600
  CHECK_FALSE(zab::isValidPath("/\xc3"));              // cut-short sequence
  CHECK_FALSE(zab::isValidPath("/\xc0\xaf"));          // overlong '/'
  CHECK(zab::isValidPath("/\xe4\xb8\xad"));            // U+4E2D
}

TEST_CASE("data tree: KeeperCode names", "[data_tree]") {
  CHECK(zab::to_string(KeeperCode::OK) == "OK");
  CHECK(zab::to_string(KeeperCode::NONODE) == "NONODE");
  CHECK(zab::to_string(KeeperCode::BADVERSION) == "BADVERSION");
  CHECK(zab::to_string(KeeperCode::NODEEXISTS) == "NODEEXISTS");
  CHECK(zab::to_string(KeeperCode::NOTEMPTY) == "NOTEMPTY");
  CHECK(zab::to_string(static_cast<KeeperCode>(-8)) == "BADARGUMENTS");
  CHECK(zab::to_string(static_cast<KeeperCode>(12345)) == "UNKNOWN");
}

// The tree digest is kept as nodes change; it must always equal the digest of the same tree
// built from scratch (a snapshot round trip recomputes it), and it must see every change.
TEST_CASE("data tree: the incremental tree digest equals one computed from scratch", "[data_tree]") {
  DataTree t;
  const std::uint64_t fresh = t.treeDigest();
  std::set<std::uint64_t> seen{fresh};
  auto same = [](const DataTree& tree) {
    auto copy = DataTree::deserialize(tree.serialize());
    REQUIRE(copy);
    return copy->treeDigest() == tree.treeDigest();
  };
  Zxid z = 1;
  t.processTxn(create("/a", "1", z++));
  REQUIRE(same(t));
  t.processTxn(create("/a/b", "2", z++));
  REQUIRE(same(t));
  t.processTxn(setData("/a/b", "3", 1, z++));
  REQUIRE(same(t));
  seen.insert(t.treeDigest());
  t.processTxn(create("/a/b", "dup", z++));  // NODEEXISTS still bumps the parent's cversion
  REQUIRE(same(t));
  t.processTxn(del("/a/b", z++));
  REQUIRE(same(t));
  t.processTxn(del("/missing", z++));  // NONODE still moves the root's pzxid
  REQUIRE(same(t));
  REQUIRE(seen.count(t.treeDigest()) == 0);
  t.processTxn(del("/a", z++));
  REQUIRE(same(t));
  // Back to the system nodes only, but the root's stat moved: not the fresh tree's digest.
  REQUIRE(t.treeDigest() != fresh);
  // /zookeeper is left out, as ZooKeeper's DigestCalculator does.
  DataTree u;
  u.processTxn(create("/zookeeper/x", "", 1));
  REQUIRE(same(u));
}

TEST_CASE("data tree: the digest made when read equals the digest made at every txn", "[data_tree]") {
  // A changed node is hashed again only when the digest is read. Reading after every txn, only at
  // the end, or through a copy that shares the nodes must all give the digest of a tree rebuilt
  // from its snapshot.
  auto scratch = [](const DataTree& tree) {
    auto copy = DataTree::deserialize(tree.serialize());
    REQUIRE(copy);
    return copy->treeDigest();
  };
  std::vector<Txn> txns;
  Zxid z = 1;
  txns.push_back(create("/a", "1", z++));
  txns.push_back(create("/a/b", "2", z++));
  txns.push_back(setData("/a/b", "3", 1, z++));
  txns.push_back(setData("/a/b", "4", 2, z++));
  txns.push_back(create("/c", "5", z++));
  txns.push_back(del("/a/b", z++));
  txns.push_back(create("/a/b", "6", z++));  // the same path again, after its delete
  txns.push_back(setData("/c", "7", 1, z++));
  txns.push_back(del("/c", z++));

  DataTree everyTxn, atEnd;
  DataTree midway;  // a copy taken halfway: it shares atEnd's nodes (and their stale hashes)
  for (std::size_t i = 0; i < txns.size(); ++i) {
    everyTxn.processTxn(txns[i]);
    (void)everyTxn.treeDigest();
    atEnd.processTxn(txns[i]);
    if (i == 4) midway = atEnd;
  }
  CHECK(everyTxn.treeDigest() == atEnd.treeDigest());
  CHECK(atEnd.treeDigest() == scratch(atEnd));
  CHECK(midway.treeDigest() == scratch(midway));
  CHECK(midway.treeDigest() != atEnd.treeDigest());
  CHECK(everyTxn == atEnd);  // equality compares content, not when hashes were made

  // A copy that reads first, then the original: both right (the fix is shared, not half done).
  DataTree original;
  original.processTxn(create("/x", "1", 1));
  original.processTxn(setData("/x", "2", 1, 2));
  const DataTree copy = original;
  CHECK(copy.treeDigest() == scratch(copy));
  CHECK(original.treeDigest() == copy.treeDigest());

  // Creates and deletes of one path never read in between keep the list of stale nodes bounded
  // (it is worked off past twice the tree's size) and the digest right.
  DataTree churn;
  for (int i = 0; i < 1000; ++i) {
    churn.processTxn(create("/n", std::to_string(i), 2 * i + 1));
    churn.processTxn(del("/n", 2 * i + 2));
  }
  churn.processTxn(create("/n", "last", 5000));
  CHECK(churn.treeDigest() == scratch(churn));
}
