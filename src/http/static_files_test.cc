#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/fakes.h"

namespace loopdesk::http {
namespace {

namespace fs = std::filesystem;

Request Get(const std::string& path) {
  Request r;
  r.method = "GET";
  r.path = path;
  return r;
}

std::string Header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(dir_.path()) / "dist";
    fs::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<!doctype html><div id=app></div>";
    std::ofstream(root_ / "assets" / "index-abc123.js") << "console.log(1)";
    std::ofstream(fs::path(dir_.path()) / "secret.txt") << "secret";
  }
  loopdesk::testing::TempDir dir_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesIndexAndHashedAssetsWithTypesAndCaching) {
  StaticFiles files(root_.string());
  Response index = files.Serve(Get("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Header(index, "Cache-Control"), "no-cache");
  Response js = files.Serve(Get("/assets/index-abc123.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(Header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  Request again = Get("/assets/index-abc123.js");
  again.if_none_match = Header(js, "ETag");
  EXPECT_EQ(files.Serve(again).status, 304);
}

TEST_F(StaticFilesTest, SpaRoutesFallBackToIndexButMissingFilesAre404) {
  StaticFiles files(root_.string());
  Response route = files.Serve(Get("/tickets/42"));
  EXPECT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("id=app"), std::string::npos);
  EXPECT_EQ(files.Serve(Get("/assets/gone-1.js")).status, 404);
  EXPECT_EQ(files.Serve(Get("/favicon.ico")).status, 404);
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
  StaticFiles files(root_.string());
  for (const char* p : {"/../secret.txt", "/assets/../../secret.txt", "/..", "/.env",
                        "/assets/..\\..\\secret.txt"}) {
    Response r = files.Serve(Get(p));
    EXPECT_EQ(r.status, 404) << p;
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << p;
  }
}

TEST_F(StaticFilesTest, MissingBuildExplainsHowToBuild) {
  StaticFiles files((fs::path(dir_.path()) / "nothing").string());
  Response r = files.Serve(Get("/"));
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("scripts/build.sh"), std::string::npos);
}

TEST(StaticFilesContentType, ByExtension) {
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace loopdesk::http
