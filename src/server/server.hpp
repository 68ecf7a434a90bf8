// fabscope's HTTP server: server-rendered pages (web/pages.hpp) and a JSON API under /api/v1 (the one route table in
// routes.cpp, documented by /api/v1/openapi.json). Handlers are thin: parse, call the core, return a value; the server
// serialises it once. Errors are answered as {"code", "message"} with stable codes (only ever appended to).
//
// One boundary (Server::answer) catches everything a handler throws, and formats every answer, including the requests
// the transport refused (server/http.hpp: limits, strict decoding of the target). Answers are cached per store
// generation, with ETag/304 and gzip, so that a page is rendered once per change of the store.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/http.hpp"
#include "web/pages.hpp"

namespace fabscope::server {

struct ServerOptions {
  std::string bind = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0 = any free port
  std::filesystem::path store_path;
  std::filesystem::path data_dir;  // geometries of the maps (geo/*.geojson)
  http::Limits limits;
  // Requests per minute and client address to the expensive routes (PNG maps, XLSX downloads) when the answer is not
  // cached; 0: no limit. Bursts of up to a quarter of it are allowed.
  unsigned expensive_per_minute = 60;
  std::size_t cache_bytes = 256U << 20;  // answers kept in memory (rendered pages, JSON, downloads)
  bool prepare_in_background = true;     // build the snapshot of the store on a thread (never block a request)
  // The public address of the site ("https://enquetes.example.fr"), for the whole links a
  // page shows (forwarded questionnaire links); empty: http:// and the request's Host.
  std::string base_url;
};

// Stable error codes of the API (docs/api/index.md); never renamed, only appended.
enum class ApiError {
  bad_request,
  not_found,
  no_data,
  internal,
  method_not_allowed,
  too_large,
  too_many_requests,
  preparing,
  unauthorized  // an evaluator's route without a session (401)
};
struct ApiException : std::runtime_error {
  ApiException(ApiError c, const std::string& m) : std::runtime_error(m), code(c), message(m) {}
  ApiError code;
  std::string message;
};

using Json = nlohmann::ordered_json;

struct Request {
  const http::Request& http;
  std::filesystem::path store_path;
  std::vector<std::string> captures;  // regex captures, 0 = whole path
  [[nodiscard]] std::string param(const std::string& name, const std::string& fallback = "") const;
  [[nodiscard]] std::string path_part(std::size_t index) const;
};

struct Route {
  std::string method;   // GET (HEAD is answered by every GET route)
  std::string pattern;  // regex, e.g. R"(/api/v1/territories/(\w+)/([\w]+))"
  std::string path;     // OpenAPI path, e.g. /api/v1/territories/{level}/{code}
  std::string summary;
  std::vector<std::pair<std::string, std::string>> query;     // documented query parameters
  std::function<Json(const Request&)> handler;                // API routes: a JSON value
  std::function<web::Reply(const web::PageRequest&)> page{};  // HTML pages and downloads (not in OpenAPI)
  bool expensive = false;                                     // rate limited per address when not cached
  bool cacheable = true;                                      // false: computed at every request (health)
  bool evaluators = false;  // evaluators only: a session cookie or an API token (OpenAPI "security")
};

const std::vector<Route>& routes();
Json openapi();

// JSON text of a value; invalid UTF-8 in strings is replaced (U+FFFD), never thrown.
std::string dump(const Json& value, int indent = -1);
// User text quoted in a message: invalid UTF-8 and control characters replaced, cut at `max` bytes (with "…").
std::string quote_input(std::string_view text, std::size_t max = 120);

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  // Binds (throws Error on failure), starts serving and preparing the store's snapshot, returns the port.
  int bind();
  // Blocks until stop() or request_stop(), then stops gracefully (requests in flight finish).
  void serve();
  void stop();
  // Async-signal-safe: only sets a flag that serve() polls.
  void request_stop() { m_stop_requested.store(true); }
  // For tests and scripts: waits until the snapshot is ready (or failed); false on timeout.
  bool wait_ready(std::chrono::seconds timeout) const;

  // The one boundary: every request, refused or not, goes through it.
  http::Response answer(const http::Request& request);

  struct Impl;

 private:
  ServerOptions m_options;
  std::unique_ptr<Impl> m_impl;
  std::unique_ptr<http::Server> m_http;
  std::atomic<bool> m_stop_requested{false};
  bool m_stopped = false;
};

}  // namespace fabscope::server
