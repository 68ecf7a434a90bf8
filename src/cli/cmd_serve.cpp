// fabscope serve: the JSON API (and, as issue 5 goes on, the pages).
#include <fmt/format.h>

#include <csignal>
#include <iostream>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "server/server.hpp"
#include "web/snapshot.hpp"

namespace fabscope::cli {
namespace {

server::Server* g_running = nullptr;
void on_signal(int) {
  if (g_running != nullptr) g_running->stop();
}

class Serve final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--port", m_port, "Port (default 8080; 0 = any free port)");
    app.add_option("--bind", m_bind, "Address to listen on (default 127.0.0.1: this machine only)");
  }
  int run(const Context& ctx) override {
    server::ServerOptions o;
    o.bind = m_bind;
    o.port = m_port;
    o.store_path = std::filesystem::absolute(ctx.store_path);
    o.data_dir = ctx.data_dir;
    // Pages read a snapshot of the store (territories, register, evaluation with Monte
    // Carlo intervals): build it now so that the first visitor does not wait.
    if (std::filesystem::exists(o.store_path)) {
      if (!ctx.quiet)
        std::cerr << (ctx.fr() ? "Préparation des pages (évaluation du panel)…\n"
                               : "Preparing the pages (evaluating the panel)…\n");
      try {
        (void)web::snapshot(o.store_path);
      } catch (const Error& e) {
        std::cerr << e.what() << "\n";
      }
    }
    server::Server s(o);
    const int port = s.bind();
    g_running = &s;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::cout
        << fmt::format(
               fmt::runtime(
                   ctx.fr()
                       ? "fabscope écoute sur http://{}:{}/ (API : /api/v1/openapi.json ; Ctrl-C pour arrêter)\n"
                       : "fabscope listening on http://{}:{}/?lang=en (API: /api/v1/openapi.json; Ctrl-C to stop)\n"),
               m_bind == "0.0.0.0" ? "localhost" : m_bind, port)
        << std::flush;
    s.serve();
    g_running = nullptr;
    return 0;
  }

 private:
  int m_port = 8080;
  std::string m_bind = "127.0.0.1";
};

}  // namespace

std::unique_ptr<Command> make_serve() { return std::make_unique<Serve>(); }

}  // namespace fabscope::cli
