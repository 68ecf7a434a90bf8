// fabscope's HTTP server: server-rendered pages (web/pages.hpp) and a JSON API under /api/v1 (the one route table in
// routes.cpp, documented by /api/v1/openapi.json). Handlers are thin: parse, call the core, format. Errors are answered
// as {"code", "message"} with stable codes (only ever appended to).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>

#include "web/pages.hpp"

namespace fabscope::server {

struct ServerOptions {
  std::string bind = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0 = any free port
  std::filesystem::path store_path;
  std::filesystem::path data_dir;  // geometries of the maps (geo/*.geojson)
  std::size_t max_body_bytes = 1 << 20;
  int timeout_seconds = 10;
};

// Stable error codes of the API (docs/api/index.md); never renamed, only appended.
enum class ApiError { bad_request, not_found, no_data, internal };
struct ApiException {
  ApiError code;
  std::string message;
};

struct Request {
  const httplib::Request& http;
  std::filesystem::path store_path;
  std::filesystem::path data_dir;
  [[nodiscard]] std::string param(const std::string& name, const std::string& fallback = "") const;
  [[nodiscard]] std::string path_part(std::size_t index) const;  // regex captures
};

struct Route {
  std::string method;   // GET
  std::string pattern;  // regex, e.g. R"(/api/v1/territories/(\w+)/([\w]+))"
  std::string path;     // OpenAPI path, e.g. /api/v1/territories/{level}/{code}
  std::string summary;
  std::vector<std::pair<std::string, std::string>> query;     // documented query parameters
  std::function<std::string(const Request&)> handler;         // returns a JSON body (API routes)
  std::function<web::Reply(const web::PageRequest&)> page{};  // HTML pages and downloads (not in OpenAPI)
};

const std::vector<Route>& routes();
std::string openapi_json();

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  // Binds (throws on failure) and returns the port; serve() blocks until stop().
  int bind();
  void serve();
  void stop();

 private:
  ServerOptions m_options;
  std::unique_ptr<httplib::Server> m_http;
};

}  // namespace fabscope::server
