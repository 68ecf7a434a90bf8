#include "server/http.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "core/text.hpp"

namespace fabscope::server::http {

const std::string* Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

const std::string* Request::param(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return &v;
  }
  return nullptr;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decoded text must be valid UTF-8 without control characters (NUL, CR, LF, DEL, …).
bool acceptable(std::string_view s, std::string& reason, const char* what) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      reason = std::string("control character in the ") + what;
      return false;
    }
  }
  if (text::find_invalid_utf8(s) != std::string_view::npos) {
    reason = std::string("invalid UTF-8 in the ") + what;
    return false;
  }
  return true;
}

}  // namespace

bool percent_decode(std::string_view in, bool plus, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (plus && c == '+') {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool decode_target(std::string_view target, std::string& path, std::vector<std::pair<std::string, std::string>>& query,
                   std::string& reason) {
  query.clear();
  if (target.empty() || target.front() != '/') {
    reason = "the request target must start with /";
    return false;
  }
  const auto q = target.find('?');
  const auto raw_path = target.substr(0, q);
  if (!percent_decode(raw_path, false, path)) {
    reason = "bad percent-encoding in the path";
    return false;
  }
  if (!acceptable(path, reason, "path")) return false;
  if (q == std::string_view::npos) return true;
  auto rest = target.substr(q + 1);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    std::string key, value;
    if (!percent_decode(part.substr(0, eq), true, key) ||
        (eq != std::string_view::npos && !percent_decode(part.substr(eq + 1), true, value))) {
      reason = "bad percent-encoding in the query string";
      return false;
    }
    if (!acceptable(key, reason, "query string") || !acceptable(value, reason, "query string")) return false;
    query.emplace_back(std::move(key), std::move(value));
  }
  return true;
}

// What the transport keeps of one request between libmicrohttpd's calls.
struct Server::Context {
  Request request;
  bool headers_seen = false;
  bool answered = false;
  bool counted = false;  // counted in Server::m_in_flight (its headers have arrived)
};

namespace {

MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(cls);
  std::string name = key != nullptr ? key : "";
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  headers->emplace_back(std::move(name), value != nullptr ? value : "");
  return MHD_YES;
}

void free_shared_body(void* cls) { delete static_cast<std::shared_ptr<const std::string>*>(cls); }

MHD_Result send(MHD_Connection* connection, const Response& r) {
  MHD_Response* response = nullptr;
  if (r.body && !r.body->empty()) {
    auto* keep = new std::shared_ptr<const std::string>(r.body);
    response = MHD_create_response_from_buffer_with_free_callback_cls(r.body->size(), const_cast<char*>(r.body->data()),
                                                                      &free_shared_body, keep);
    if (response == nullptr) delete keep;
  } else {
    response = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
  }
  if (response == nullptr) return MHD_NO;
  if (!r.content_type.empty() && r.status != 304 && r.status != 204)
    MHD_add_response_header(response, "Content-Type", r.content_type.c_str());
  for (const auto& [k, v] : r.headers) MHD_add_response_header(response, k.c_str(), v.c_str());
  const auto ret = MHD_queue_response(connection, static_cast<unsigned>(r.status), response);
  MHD_destroy_response(response);
  return ret;
}

// Called once per request with its raw target, before the headers are parsed.
void* on_uri(void* cls, const char* uri, MHD_Connection* connection) {
  auto* server = static_cast<Server*>(cls);
  (void)server;
  auto* ctx = new Server::Context();
  ctx->request.target = uri != nullptr ? uri : "";
  if (const auto* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      info != nullptr && info->client_addr != nullptr) {
    char buf[INET6_ADDRSTRLEN] = {};
    const auto* sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
    } else if (sa->sa_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
    }
    ctx->request.client = buf;
  }
  return ctx;
}

void on_completed(void* cls, MHD_Connection*, void** req_cls, MHD_RequestTerminationCode) {
  auto* server = static_cast<Server*>(cls);
  auto* ctx = static_cast<Server::Context*>(*req_cls);
  if (ctx == nullptr) return;
  if (ctx->counted) server->m_in_flight.fetch_sub(1);
  delete ctx;
  *req_cls = nullptr;
}

// The target is decoded by decode_target, not by libmicrohttpd: keep its arguments raw.
std::size_t keep_raw(void*, MHD_Connection*, char* s) { return std::strlen(s); }

void no_log(void*, const char*, va_list) {}

MHD_Result on_request(void* cls, MHD_Connection* connection, const char*, const char* method, const char* version,
                      const char* upload_data, std::size_t* upload_data_size, void** req_cls) {
  auto* server = static_cast<Server*>(cls);
  auto* ctx = static_cast<Server::Context*>(*req_cls);
  if (ctx == nullptr) return MHD_NO;  // cannot happen: on_uri always sets it
  auto& req = ctx->request;
  const auto& limits = server->m_limits;
  if (!ctx->headers_seen) {
    ctx->headers_seen = true;
    ctx->counted = true;
    server->m_in_flight.fetch_add(1);
    req.method = method != nullptr ? method : "";
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &collect_header, &req.headers);
    std::size_t header_bytes = req.target.size();
    std::size_t content_lengths = 0;
    for (const auto& [k, v] : req.headers) {
      header_bytes += k.size() + v.size() + 4;
      if (k == "content-length") ++content_lengths;
    }
    if (req.target.size() > limits.max_url_bytes) {
      req.rejection = 414;
      req.rejection_reason = "the request target is longer than " + std::to_string(limits.max_url_bytes) + " bytes";
    } else if (req.headers.size() > limits.max_header_count) {
      req.rejection = 431;
      req.rejection_reason = "more than " + std::to_string(limits.max_header_count) + " header fields";
    } else if (header_bytes > limits.max_header_bytes) {
      req.rejection = 431;
      req.rejection_reason = "the header fields are longer than " + std::to_string(limits.max_header_bytes) + " bytes";
    } else if (version != nullptr && std::strcmp(version, "HTTP/1.1") == 0 && req.header("host") == nullptr) {
      req.rejection = 400;
      req.rejection_reason = "HTTP/1.1 requests need a Host header";
    } else if (content_lengths > 1) {
      req.rejection = 400;
      req.rejection_reason = "more than one Content-Length";
    } else if (req.target.find_first_of(" \t") != std::string::npos) {
      req.rejection = 400;
      req.rejection_reason = "white space in the request target";
    } else if (const auto* cl = req.header("content-length")) {
      const auto n = text::parse_int(*cl);
      if (!n || *n < 0) {
        req.rejection = 400;
        req.rejection_reason = "invalid Content-Length";
      } else if (static_cast<std::uint64_t>(*n) > limits.max_body_bytes) {
        req.rejection = 413;
        req.rejection_reason = "the body is larger than " + std::to_string(limits.max_body_bytes) + " bytes";
      }
    }
    if (req.rejection == 0 && !decode_target(req.target, req.path, req.query, req.rejection_reason)) {
      req.rejection = 400;
    }
    if (req.rejection != 0) {
      ctx->answered = true;
      return send(connection, server->run(req));
    }
    return MHD_YES;  // the body (if any) comes in the next calls
  }
  if (*upload_data_size != 0) {
    if (!ctx->answered) {
      if (req.body.size() + *upload_data_size > limits.max_body_bytes) {
        req.rejection = 413;
        req.rejection_reason = "the body is larger than " + std::to_string(limits.max_body_bytes) + " bytes";
        req.body.clear();
        ctx->answered = true;
        *upload_data_size = 0;
        return send(connection, server->run(req));
      }
      req.body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (ctx->answered) return MHD_YES;
  ctx->answered = true;
  return send(connection, server->run(req));
}

}  // namespace

Response Server::run(Request& request) const {
  try {
    return m_handler(request);
  } catch (...) {
    // The handler has its own boundary; this is the last resort.
    Response r;
    r.status = 500;
    r.set_body("internal error\n");
    return r;
  }
}

Server::Server(Limits limits, Handler handler) : m_limits(limits), m_handler(std::move(handler)) {}

Server::~Server() { stop(); }

int Server::start(const std::string& address, int port) {
  // Enough descriptors for every connection allowed.
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, 65536);
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  sockaddr_storage ss{};
  socklen_t len = 0;
  int family = AF_INET;
  if (address.find(':') != std::string::npos) {
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&ss);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET6, address.c_str(), &a6->sin6_addr) != 1)
      throw std::runtime_error("not an IP address: " + address);
    family = AF_INET6;
    len = sizeof(sockaddr_in6);
  } else {
    auto* a4 = reinterpret_cast<sockaddr_in*>(&ss);
    a4->sin_family = AF_INET;
    a4->sin_port = htons(static_cast<std::uint16_t>(port));
    const std::string a = address == "localhost" ? "127.0.0.1" : address;
    if (inet_pton(AF_INET, a.c_str(), &a4->sin_addr) != 1) throw std::runtime_error("not an IP address: " + address);
    len = sizeof(sockaddr_in);
  }
  const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("cannot create a socket: ") + std::strerror(errno));
  // SO_REUSEADDR lets a restarted server bind at once; SO_REUSEPORT is never set, so a second
  // server cannot bind the same port and answer in its place.
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 ||
      ::listen(fd, static_cast<int>(m_limits.listen_backlog)) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    throw std::runtime_error("cannot listen on " + address + ":" + std::to_string(port) + ": " + why);
  }
  socklen_t got = len;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &got);
  const int bound = family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                                       : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  const unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                         (family == AF_INET6 ? MHD_USE_IPv6 : 0);
  m_daemon = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &on_request, this, MHD_OPTION_EXTERNAL_LOGGER, &no_log, nullptr,
      MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE, std::max(1U, m_limits.threads),
      MHD_OPTION_CONNECTION_LIMIT, m_limits.max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      m_limits.max_connections_per_address, MHD_OPTION_CONNECTION_TIMEOUT, m_limits.idle_timeout_seconds,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<std::size_t>(m_limits.max_header_bytes + std::size_t{16} * 1024),
      MHD_OPTION_URI_LOG_CALLBACK, &on_uri, this, MHD_OPTION_NOTIFY_COMPLETED, &on_completed, this,
      MHD_OPTION_UNESCAPE_CALLBACK, &keep_raw, nullptr, MHD_OPTION_END);
  if (m_daemon == nullptr) {
    ::close(fd);
    throw std::runtime_error("cannot start the HTTP server on " + address + ":" + std::to_string(bound));
  }
  return bound;
}

void Server::stop() {
  if (m_daemon == nullptr) return;
  const auto fd = MHD_quiesce_daemon(m_daemon);  // no new connections from here on
  if (fd >= 0) ::close(fd);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(m_limits.stop_grace_seconds);
  while (m_in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  MHD_stop_daemon(m_daemon);
  m_daemon = nullptr;
}

}  // namespace fabscope::server::http
