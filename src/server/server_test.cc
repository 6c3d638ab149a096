// The server over real sockets on an ephemeral loopback port: the page and the
// API, security headers, oversized requests refused, path traversal refused,
// and every request answered under concurrent load.
#include <httplib.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "corpus/test_util.h"
#include "server/server.h"

namespace marsad::server {
namespace {

using nlohmann::json;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto store = corpus::testing::OpenOrDie(dir_.File("s.db"));
      ASSERT_TRUE(store);
      corpus::testing::IngestAll(
          *store, {corpus::testing::Doc("a1", "2024-05-01", "وكالة", "عنوان", "نص الخبر هنا.")});
    }
    std::filesystem::create_directory(dir_.File("web"));
    std::ofstream(dir_.File("web/index.html")) << "<!doctype html><title>marsad</title>";
    ServerOptions o;
    o.db = dir_.File("s.db");
    o.port = 0;
    o.web_dir = dir_.File("web");
    o.threads = 8;
    EXPECT_EQ(o.host, "127.0.0.1");  // loopback unless asked otherwise
    auto s = Server::Create(o);
    ASSERT_TRUE(s.ok()) << s.status().message();
    server_ = std::move(s).value();
    auto port = server_->Bind();
    ASSERT_TRUE(port.ok());
    port_ = *port;
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Client Client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
  }

  corpus::testing::TempDir dir_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ServerTest, ServesThePageAndTheApiWithSecurityHeaders) {
  auto c = Client();
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("marsad"), std::string::npos);
  const std::string csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  auto events = c.Get("/api/events?limit=5");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->status, 200);
  EXPECT_EQ(json::parse(events->body)["limit"], 5);
  auto bad = c.Get("/api/events?from=2024-99-99");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["error"], "from wants a date YYYY-MM-DD");
  auto arabic = c.Get("/api/search?q=%D8%A7%D9%84%D8%AE%D8%A8%D8%B1");  // الخبر
  ASSERT_TRUE(arabic);
  EXPECT_EQ(json::parse(arabic->body)["hits"].size(), 1u);
}

TEST_F(ServerTest, RefusesOversizedAndOddRequestsWithJson) {
  auto c = Client();
  auto big = c.Post("/api/events", std::string(1 << 20, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  auto long_uri = c.Get(("/api/search?q=" + std::string(20000, 'a')).c_str());
  ASSERT_TRUE(long_uri);
  EXPECT_EQ(long_uri->status, 414);
  auto post = Client().Post("/api/events", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(json::parse(post->body)["status"], 405);
  auto missing = Client().Get("/no-such-file.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body)["status"], 404);
  auto traversal = Client().Get("/../s.db");
  ASSERT_TRUE(traversal);
  EXPECT_NE(traversal->status, 200);
}

TEST_F(ServerTest, AnswersEveryRequestUnderConcurrentLoad) {
  constexpr int kThreads = 16, kEach = 40;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t)
    clients.emplace_back([&, t] {
      auto c = Client();
      c.set_keep_alive(t % 2 == 0);  // both fresh and kept-alive connections
      for (int i = 0; i < kEach; ++i) {
        auto r = c.Get(i % 3 == 0 ? "/api/events" : i % 3 == 1 ? "/api/articles/a1"
                                                                : "/api/search?q=%D9%86%D8%B5");
        (r && r->status == 200 ? ok : failed)++;
      }
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(ok.load(), kThreads * kEach);
}

TEST(ServerCreate, BadDatabaseOrWebDirIsAClearError) {
  ServerOptions o;
  o.db = "/nonexistent/none.db";
  auto s = Server::Create(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("no database at"), std::string::npos);
  corpus::testing::TempDir dir;
  { auto store = corpus::testing::OpenOrDie(dir.File("x.db")); }
  o.db = dir.File("x.db");
  o.web_dir = dir.File("nowhere");
  s = Server::Create(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("no web page at"), std::string::npos);
}

}  // namespace
}  // namespace marsad::server
