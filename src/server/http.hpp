// The HTTP transport of `fabscope serve`, on GNU libmicrohttpd: a bounded pool of event
// loops (epoll) that read requests without holding a thread per connection, so slow or
// idle clients cannot starve the others. It enforces the limits below before any handler
// runs, decodes the request target itself (strictly: bad percent-encoding, NUL, control
// characters and invalid UTF-8 are refused) and never lets an exception out of a handler.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct MHD_Daemon;

namespace fabscope::server::http {

// Limits of a public server (documented in docs/reliability.md and `fabscope serve --help`).
struct Limits {
  std::size_t max_url_bytes = std::size_t{8} * 1024;      // request target (path and query): 414 beyond
  std::size_t max_header_count = 100;        // 431 beyond
  std::size_t max_header_bytes = std::size_t{32} * 1024;  // request line and headers together: 431 beyond
  std::size_t max_body_bytes = 1 << 20;      // 413 beyond (also when Content-Length says so)
  unsigned idle_timeout_seconds = 15;        // a connection that sends nothing for this long is closed
  unsigned threads = 4;                      // event loops (each serves many connections)
  unsigned max_connections = 4096;           // open connections in all; more wait in the backlog
  unsigned max_connections_per_address = 0;  // 0: no limit per client address
  unsigned listen_backlog = 1024;
  unsigned stop_grace_seconds = 10;  // requests in flight may finish for this long after a stop
};

struct Request {
  std::string method;  // as sent (GET, HEAD, POST, …)
  std::string target;  // the raw request target as sent, e.g. /ateliers?q=brest
  std::string path;    // percent-decoded path (valid UTF-8 without control characters when rejection == 0)
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string client;  // the peer's address
  // Set when the transport refused the request before routing (400, 405, 413, 414, 431); the handler
  // is still called, to format the error, and must not route the request.
  int rejection = 0;
  std::string rejection_reason;  // English, ASCII

  [[nodiscard]] const std::string* header(std::string_view name) const;  // name in lower case
  [[nodiscard]] const std::string* param(std::string_view name) const;   // first value
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::shared_ptr<const std::string> body;  // shared: cached answers are sent without a copy
  std::vector<std::pair<std::string, std::string>> headers;

  void set_body(std::string text) { body = std::make_shared<const std::string>(std::move(text)); }
};

using Handler = std::function<Response(const Request&)>;

// Strict decoding of a request target; false (with the reason) when it must be refused.
bool decode_target(std::string_view target, std::string& path, std::vector<std::pair<std::string, std::string>>& query,
                   std::string& reason);
// Percent-decoding of one component (`plus` turns '+' into a space, as in query strings).
bool percent_decode(std::string_view in, bool plus, std::string& out);

class Server {
 public:
  Server(Limits limits, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds address:port (port 0: any free port), starts the event loops and returns the port.
  // Throws std::runtime_error when the address cannot be bound (in use: no SO_REUSEPORT).
  int start(const std::string& address, int port);
  // Graceful stop: no new connections, requests in flight finish (stop_grace_seconds at most),
  // then every connection is closed. Idempotent.
  void stop();

  // libmicrohttpd callbacks (public for the C trampolines only).
  struct Context;
  Response run(Request& request) const;
  std::atomic<unsigned> m_in_flight{0};
  Limits m_limits;

 private:
  Handler m_handler;
  MHD_Daemon* m_daemon = nullptr;
};

}  // namespace fabscope::server::http
