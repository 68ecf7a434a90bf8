// fabscope serve: the JSON API (and, as issue 5 goes on, the pages).
#include <fmt/format.h>

#include <csignal>
#include <iostream>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "referential/referential.hpp"
#include "server/server.hpp"

namespace fabscope::cli {
namespace {

server::Server* g_running = nullptr;
void on_signal(int) {
  if (g_running != nullptr) g_running->request_stop();  // async-signal-safe: a flag serve() polls
}

class Serve final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--port", m_port, "Port (default 8080; 0 = any free port)")->check(CLI::Range(0, 65535));
    app.add_option("--bind", m_bind, "Address to listen on (default 127.0.0.1: this machine only)");
    app.add_option("--threads", m_o.limits.threads, "Event loops serving the connections (default 4)")
        ->check(CLI::Range(1U, 64U));
    app.add_option("--max-connections", m_o.limits.max_connections, "Open connections at most (default 4096)")
        ->check(CLI::Range(16U, 100000U));
    app.add_option("--max-connections-per-address", m_o.limits.max_connections_per_address,
                   "Open connections per client address at most (default 0: no limit)")
        ->check(CLI::Range(0U, 100000U));
    app.add_option("--timeout", m_o.limits.idle_timeout_seconds,
                   "Seconds of silence after which a connection is closed (default 15)")
        ->check(CLI::Range(1U, 3600U));
    app.add_option("--max-url-bytes", m_o.limits.max_url_bytes, "Longest request target (default 8192)")
        ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 20));
    app.add_option("--max-header-bytes", m_o.limits.max_header_bytes,
                   "Longest request line and headers together (default 32768)")
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 20));
    app.add_option("--max-headers", m_o.limits.max_header_count, "Most header fields (default 100)")
        ->check(CLI::Range(std::size_t{8}, std::size_t{10000}));
    app.add_option("--max-body-bytes", m_o.limits.max_body_bytes, "Largest request body (default 1048576)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 30));
    app.add_option("--expensive-per-minute", m_o.expensive_per_minute,
                   "Requests per minute and address to PNG maps and XLSX downloads not yet cached (default 60; 0: "
                   "no limit)")
        ->check(CLI::Range(0U, 1000000U));
    app.add_option("--cache-mb", m_cache_mb, "Memory for rendered answers, in MB (default 256)")
        ->check(CLI::Range(0U, 65536U));
    app.add_option("--base-url", m_o.base_url,
                   "Public address of the site for whole links shown on pages, e.g. https://enquetes.example.fr "
                   "(default: http:// and the request's Host)")
        ->check([](const std::string& v) -> std::string {
          const bool scheme = v.starts_with("http://") || v.starts_with("https://");
          const bool clean = v.find_first_of(" \t\"'<>\\?#") == std::string::npos && !v.ends_with("/");
          return scheme && clean ? "" : "an http:// or https:// address without spaces, query or final /";
        });
    app.add_option("--referential", m_referential,
                   "Référentiel file the pages, the API and the scenarios use (default: data/referential.toml)");
  }
  int run(const Context& ctx) override {
    // Validated before anything is served (errors name the file, line and key).
    if (!m_referential.empty()) referential::Referential::set_active(referential::Referential::load(m_referential));
    server::ServerOptions o = m_o;
    o.bind = m_bind;
    o.port = m_port;
    o.store_path = std::filesystem::absolute(ctx.store_path);
    o.data_dir = ctx.data_dir;
    o.cache_bytes = static_cast<std::size_t>(m_cache_mb) << 20;
    // The pages read a snapshot of the store (territories, register, evaluation with Monte
    // Carlo intervals), built in the background: the server answers at once (pages say
    // "being prepared" with Retry-After until it is ready).
    server::Server s(o);
    const int port = s.bind();
    g_running = &s;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.serve.listening")),
                             m_bind == "0.0.0.0" ? "localhost" : m_bind, port)
              << std::flush;
    s.serve();
    g_running = nullptr;
    if (!ctx.quiet) std::cerr << tr(ctx.lang(), "cli.serve.stopped");
    return 0;
  }

 private:
  std::string m_referential;
  int m_port = 8080;
  std::string m_bind = "127.0.0.1";
  unsigned m_cache_mb = 256;
  server::ServerOptions m_o;
};

}  // namespace

std::unique_ptr<Command> make_serve() { return std::make_unique<Serve>(); }

}  // namespace fabscope::cli
