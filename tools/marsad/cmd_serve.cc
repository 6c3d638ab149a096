// `marsad serve --db PATH [--port 8080] [--host 127.0.0.1]`: the JSON API and
// the web page (src/server). Flag parsing, signal handling and the server's
// lifetime only.
#include <malloc.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "server/server.h"
#include "tools/marsad/commands.h"

namespace {

int RunServe(marsad::server::ServerOptions o) {
  // Responses of tens of kB are built and freed on many threads; glibc's
  // default trimming then hands the memory back with madvise after nearly every
  // request, and the TLB shootdowns that follow cost more CPU than the queries
  // (perf on /api/events). Keep freed memory for reuse instead.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
  // SIGINT/SIGTERM are taken by one thread that stops the server cleanly; the
  // mask is set before any worker thread exists so that they all inherit it.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  auto server = marsad::server::Server::Create(o);
  if (!server.ok()) {
    std::cerr << "marsad: " << server.status().message() << "\n";
    return 2;
  }
  auto port = (*server)->Bind();
  if (!port.ok()) {
    std::cerr << "marsad: " << port.status().message() << "\n";
    return 1;
  }
  std::cerr << "marsad: serving " << o.db << " on http://" << o.host << ":" << *port << "/"
            << (o.web_dir.empty() ? " (API only)" : "") << std::endl;
  marsad::server::Server* s = server->get();
  std::thread waiter([s, set] {
    int sig = 0;
    sigwait(&set, &sig);
    s->Stop();
  });
  bool ok = s->Run();
  if (waiter.joinable()) {
    // Run ended on its own (not by a signal): wake the waiter.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  }
  std::cerr << "marsad: stopped" << std::endl;
  return ok ? 0 : 1;
}

}  // namespace

namespace marsad::cli {

Command AddServe(CLI::App& app) {
  auto o = std::make_shared<marsad::server::ServerOptions>();
  o->web_dir = marsad::server::DefaultWebDir();
  auto api_only = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("serve", "JSON HTTP API and web page over a corpus database");
  cmd->add_option("--db", o->db, "Database built by marsad ingest")->required();
  cmd->add_option("--port", o->port, "TCP port (0 = any free one)")
      ->capture_default_str()->check(CLI::Range(0, 65535));
  cmd->add_option("--host", o->host, "Address to bind (0.0.0.0 exposes it to the network)")
      ->capture_default_str();
  cmd->add_option("--web-dir", o->web_dir, "The built page (default: build/web, or $MARSAD_WEB)")
      ->capture_default_str();
  cmd->add_flag("--api-only", *api_only, "Serve the API without the page");
  cmd->add_option("--tiles", o->tiles,
                  "Map tile URL template, e.g. https://tile.example.org/{z}/{x}/{y}.png "
                  "(default: the bundled country outlines only, works offline)");
  cmd->add_option("--tiles-attribution", o->tiles_attribution, "Credit shown for the tiles");
  cmd->add_option("--threads", o->threads, "Worker threads (connections served at once)")
      ->capture_default_str()->check(CLI::Range(1, 1024));
  return [=]() {
    if (!cmd->parsed()) return -1;
    auto opts = *o;
    if (*api_only) opts.web_dir.clear();
    return RunServe(opts);
  };
}

}  // namespace marsad::cli
