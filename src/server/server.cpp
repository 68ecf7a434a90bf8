#include "server/server.hpp"

#include <fmt/format.h>
#include <libdeflate.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <regex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include "core/error.hpp"
#include "core/text.hpp"
#include "app/snapshot.hpp"

namespace fabscope::server {

std::string Request::param(const std::string& name, const std::string& fallback) const {
  const auto* v = http.param(name);
  return v != nullptr ? *v : fallback;
}

std::string Request::path_part(std::size_t index) const {
  return index < captures.size() ? captures[index] : std::string();
}

std::string dump(const Json& value, int indent) {
  auto text = value.dump(indent, ' ', false, Json::error_handler_t::replace);
  // '<', '>' and '&' only occur inside strings: escaped, no JSON answer can be read as markup.
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out += c;
    }
  }
  return out;
}

std::string quote_input(std::string_view in, std::size_t max) {
  std::string out;
  std::size_t i = 0;
  bool cut = false;
  while (i < in.size() && !cut) {
    const auto rest = in.substr(i);
    const auto bad = text::find_invalid_utf8(rest);
    const auto good = bad == std::string_view::npos ? rest.size() : bad;
    for (std::size_t k = 0; k < good;) {
      const auto c = static_cast<unsigned char>(rest[k]);
      const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (out.size() + len > max) {
        cut = true;
        break;
      }
      if (c < 0x20 || c == 0x7f) {
        out += '?';
      } else {
        out.append(rest.substr(k, len));
      }
      k += len;
    }
    if (cut) break;
    i += good;
    if (bad != std::string_view::npos) {
      if (out.size() + 3 > max) {
        cut = true;
        break;
      }
      out += "\xEF\xBF\xBD";  // U+FFFD for each invalid byte
      i += 1;
    }
  }
  if (cut) out += "\xE2\x80\xA6";  // …
  return out;
}

namespace {

const char* code_name(ApiError e) {
  switch (e) {
    case ApiError::bad_request:
      return "bad_request";
    case ApiError::not_found:
      return "not_found";
    case ApiError::no_data:
      return "no_data";
    case ApiError::internal:
      return "internal";
    case ApiError::method_not_allowed:
      return "method_not_allowed";
    case ApiError::too_large:
      return "too_large";
    case ApiError::too_many_requests:
      return "too_many_requests";
    case ApiError::preparing:
      return "preparing";
    case ApiError::unauthorized:
      return "unauthorized";
  }
  return "internal";
}

ApiError code_of_status(int status) {
  switch (status) {
    case 401:
      return ApiError::unauthorized;
    case 404:
      return ApiError::not_found;
    case 405:
      return ApiError::method_not_allowed;
    case 413:
    case 414:
    case 431:
      return ApiError::too_large;
    case 429:
      return ApiError::too_many_requests;
    case 503:
      return ApiError::no_data;
    default:
      return status >= 500 ? ApiError::internal : ApiError::bad_request;
  }
}

int status_of(ApiError e) {
  switch (e) {
    case ApiError::bad_request:
      return 400;
    case ApiError::not_found:
      return 404;
    case ApiError::no_data:
    case ApiError::preparing:
      return 503;
    case ApiError::internal:
      return 500;
    case ApiError::method_not_allowed:
      return 405;
    case ApiError::too_large:
      return 413;
    case ApiError::too_many_requests:
      return 429;
    case ApiError::unauthorized:
      return 401;
  }
  return 500;
}

// Headers of every answer (docs/reliability.md).
void security_headers(http::Response& r) {
  r.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
      "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  // A page may ask for less (the questionnaires: no-referrer, their links being secret).
  if (std::none_of(r.headers.begin(), r.headers.end(), [](const auto& h) { return h.first == "Referrer-Policy"; })) {
    r.headers.emplace_back("Referrer-Policy", "same-origin");
  }
  r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
}

// The cookies of a Cookie header ("a=1; b=2"); a malformed pair is skipped.
std::map<std::string, std::string> parse_cookies(std::string_view header) {
  std::map<std::string, std::string> out;
  std::size_t at = 0;
  while (at < header.size() && out.size() < 50) {
    auto end = header.find(';', at);
    if (end == std::string_view::npos) end = header.size();
    auto pair = header.substr(at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && eq > 0) out.emplace(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
    at = end + 1;
  }
  return out;
}

// The fields of an application/x-www-form-urlencoded body, in order; a field whose
// encoding is broken is refused as a whole (400).
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t at = 0;
  while (at < body.size()) {
    auto end = body.find('&', at);
    if (end == std::string_view::npos) end = body.size();
    const auto pair = body.substr(at, end - at);
    at = end + 1;
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string name, value;
    if (!http::percent_decode(pair.substr(0, eq), true, name) ||
        (eq != std::string_view::npos && !http::percent_decode(pair.substr(eq + 1), true, value))) {
      throw web::PageError(400, "a form field is not valid URL encoding");
    }
    if (text::find_invalid_utf8(name) != std::string::npos || text::find_invalid_utf8(value) != std::string::npos) {
      throw web::PageError(400, "a form field is not valid UTF-8");
    }
    if (out.size() == 5000) throw web::PageError(413, "more than 5,000 form fields");
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

// The credentials of an "Authorization: Bearer X" header (RFC 6750: the scheme is
// case-insensitive); "" for another scheme.
std::string bearer_credentials(std::string_view header) {
  constexpr std::string_view scheme = "bearer ";
  if (header.size() <= scheme.size()) return "";
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return "";
  }
  auto rest = header.substr(scheme.size());
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  return std::string(rest);
}

// A Host header fit to be written into a link: a name or address and a port, nothing else.
bool plain_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == ':' || c == '[' ||
           c == ']';
  });
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

bool compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.rfind("application/json", 0) == 0 || type.rfind("image/svg+xml", 0) == 0 ||
         type.rfind("application/geo+json", 0) == 0 || type.rfind("application/javascript", 0) == 0;
}

std::shared_ptr<const std::string> gzip(const std::string& body) {
  struct Compressor {
    libdeflate_compressor* c = libdeflate_alloc_compressor(6);
    ~Compressor() { libdeflate_free_compressor(c); }
  };
  thread_local Compressor comp;
  if (comp.c == nullptr) return nullptr;
  std::string out(libdeflate_gzip_compress_bound(comp.c, body.size()), '\0');
  const auto n = libdeflate_gzip_compress(comp.c, body.data(), body.size(), out.data(), out.size());
  if (n == 0) return nullptr;
  out.resize(n);
  return std::make_shared<const std::string>(std::move(out));
}

bool accepts_gzip(const http::Request& req) {
  const auto* ae = req.header("accept-encoding");
  return ae != nullptr && ae->find("gzip") != std::string::npos;
}

// A file name for Content-Disposition: letters, digits, '.', '-', '_' only.
std::string safe_filename(const std::string& name) {
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += (std::isalnum(u) != 0 || c == '.' || c == '-' || c == '_') && u < 0x80 ? c : '_';
  }
  return out.empty() ? std::string("download") : out;
}

}  // namespace

struct Server::Impl {
  struct Compiled {
    const Route* route;
    std::regex regex;
    std::string prefix;  // the pattern's literal beginning: a path without it cannot match
    bool literal;        // the pattern is that literal alone
  };
  std::vector<Compiled> compiled;
  const std::atomic<std::uint64_t>* generation = nullptr;  // of the watched store

  // One answer, as rendered, valid for one generation of the store.
  struct Cached {
    std::uint64_t generation = 0;
    int status = 200;
    std::string content_type, disposition, cache_control, etag, location;
    std::vector<std::pair<std::string, std::string>> headers;  // from the page (Set-Cookie)
    std::shared_ptr<const std::string> body;
    std::once_flag gz_once;
    std::shared_ptr<const std::string> gz;
  };
  std::shared_mutex cache_mutex;
  std::unordered_map<std::string, std::shared_ptr<Cached>> cache;
  std::size_t cache_used = 0;

  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  std::mutex rate_mutex;
  std::unordered_map<std::string, Bucket> buckets;

  // The phases of an answer to a request the transport accepted (Server::answer).
  http::Response answer_routed(const http::Request& req, bool api, const ServerOptions& options);
  // The first route whose pattern matches the whole path and whose method fits; `path_known`: some pattern
  // matched the path.
  const Compiled* route_of(const http::Request& req, std::smatch& m, bool& path_known) const;
  std::shared_ptr<Cached> cached(const std::string& target, std::uint64_t current);
  static std::shared_ptr<Cached> render(const Route& route, const http::Request& req, const std::smatch& m,
                                        std::uint64_t current, const ServerOptions& options);
  void keep(const std::string& target, const std::shared_ptr<Cached>& entry, std::size_t cache_bytes);

  // Token bucket per client address; false: refuse (429).
  bool allow(const std::string& client, unsigned per_minute) {
    if (per_minute == 0) return true;
    const double capacity = std::max(1.0, per_minute / 4.0);
    const auto now = std::chrono::steady_clock::now();
    const std::lock_guard<std::mutex> lock(rate_mutex);
    if (buckets.size() > 100000) buckets.clear();  // bounded memory under address churn
    auto [it, fresh] = buckets.try_emplace(client, Bucket{capacity, now});
    auto& b = it->second;
    if (!fresh) {
      const double elapsed = std::chrono::duration<double>(now - b.last).count();
      b.tokens = std::min(capacity, b.tokens + elapsed * per_minute / 60.0);
      b.last = now;
    }
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
  }
};

Server::Server(ServerOptions options) : m_options(std::move(options)), m_impl(std::make_unique<Impl>()) {
  for (const auto& r : routes()) {
    const auto meta = r.pattern.find_first_of("\\^$.|?*+()[]{}");
    m_impl->compiled.push_back({&r, std::regex(r.pattern), r.pattern.substr(0, meta), meta == std::string::npos});
  }
}

Server::~Server() { stop(); }

int Server::bind() {
  if (m_options.prepare_in_background) {
    app::watch(m_options.store_path);
    m_impl->generation = app::generation_counter(m_options.store_path);
  }
  m_http = std::make_unique<http::Server>(m_options.limits, [this](const http::Request& r) { return answer(r); });
  try {
    return m_http->start(m_options.bind, m_options.port);
  } catch (const std::exception& e) {
    m_http.reset();
    throw Error(ExitCode::failure, fmt::format("{} (is another server using the port?)", e.what()));
  }
}

void Server::serve() {
  while (!m_stop_requested.load() && m_http) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop();
}

void Server::stop() {
  if (m_stopped) return;
  m_stopped = true;
  m_stop_requested.store(true);
  if (m_http) m_http->stop();
  if (m_options.prepare_in_background) app::unwatch(m_options.store_path);
}

bool Server::wait_ready(std::chrono::seconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto s = app::snapshot_state(m_options.store_path);
    if (!s.watched || (!s.building && (s.ready || !s.error.empty()))) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

namespace {

bool is_api(const http::Request& req) {
  const auto& p = req.rejection == 0 ? req.path : req.target;
  return p.rfind("/api/", 0) == 0 || p == "/api";
}

Lang lang_of(const http::Request& req) {
  const auto* l = req.param("lang");
  return parse_lang(l != nullptr ? *l : "");
}

// Every error answer goes through here: JSON for the API, an HTML page otherwise.
http::Response error_response(const http::Request& req, bool api, int status, ApiError code,
                              const std::string& message) {
  http::Response res;
  res.status = status;
  if (api) {
    res.content_type = "application/json";
    res.set_body(dump(Json{{"code", code_name(code)}, {"message", message}}));
  } else {
    res.content_type = "text/html; charset=utf-8";
    std::string page;
    try {
      page = code == ApiError::preparing
                 ? web::error_page(lang_of(req), status, tr(lang_of(req), "error.preparing"))
                 : web::error_page(lang_of(req), status, message);
    } catch (...) {
      page = "<!doctype html><title>fabscope</title><p>" + std::to_string(status) + "</p>";
    }
    res.set_body(std::move(page));
  }
  res.headers.emplace_back("Cache-Control", "no-store");
  if (api && status == 401) res.headers.emplace_back("WWW-Authenticate", R"(Bearer realm="fabscope")");
  if (code == ApiError::preparing) {
    res.headers.emplace_back("Retry-After", "2");
    if (!api) res.headers.emplace_back("Refresh", "2");  // reloads by itself, without a script
  }
  return res;
}

// No route for the method: the allowed methods for a known path (OPTIONS, 405), else 404.
http::Response unrouted(const http::Request& req, bool api, bool path_known) {
  if (path_known && req.method == "OPTIONS") {
    http::Response res;
    res.status = 204;
    res.content_type.clear();
    res.headers.emplace_back("Allow", "GET, HEAD, OPTIONS");
    return res;
  }
  if (path_known) {
    auto res =
        error_response(req, api, 405, ApiError::method_not_allowed,
                       fmt::format("method {} is not allowed here (allowed: GET, HEAD)", quote_input(req.method, 20)));
    res.headers.emplace_back("Allow", "GET, HEAD, OPTIONS");
    return res;
  }
  return error_response(req, api, 404, ApiError::not_found,
                        api ? fmt::format("no route for {} {} (see /api/v1/openapi.json)", quote_input(req.method, 20),
                                          quote_input(req.path))
                            : fmt::format("{} {}", quote_input(req.method, 20), quote_input(req.path)));
}

// The answer from a rendered entry: headers, 304 when the client holds it, gzip when accepted.
http::Response respond(const http::Request& req, Server::Impl::Cached& entry) {
  http::Response res;
  res.status = entry.status;
  res.content_type = entry.content_type;
  if (!entry.disposition.empty()) res.headers.emplace_back("Content-Disposition", entry.disposition);
  if (!entry.location.empty()) res.headers.emplace_back("Location", entry.location);
  for (const auto& h : entry.headers) res.headers.push_back(h);
  res.headers.emplace_back("Cache-Control", entry.cache_control);
  const bool gz = accepts_gzip(req) && compressible(entry.content_type) && entry.body->size() > 1024;
  const std::string etag = gz ? entry.etag.substr(0, entry.etag.size() - 1) + "-gz\"" : entry.etag;
  res.headers.emplace_back("ETag", etag);
  if (compressible(entry.content_type)) res.headers.emplace_back("Vary", "Accept-Encoding");
  if (const auto* inm = req.header("if-none-match");
      inm != nullptr && entry.status == 200 &&
      (inm->find(etag) != std::string::npos || inm->find(entry.etag) != std::string::npos || *inm == "*")) {
    res.status = 304;
    res.body.reset();
  } else if (gz) {
    std::call_once(entry.gz_once, [&] { entry.gz = gzip(*entry.body); });
    if (entry.gz) {
      res.body = entry.gz;
      res.headers.emplace_back("Content-Encoding", "gzip");
    } else {
      res.body = entry.body;
    }
  } else {
    res.body = entry.body;
  }
  return res;
}

}  // namespace

const Server::Impl::Compiled* Server::Impl::route_of(const http::Request& req, std::smatch& m, bool& path_known) const {
  const bool get = req.method == "GET" || req.method == "HEAD";
  for (const auto& c : compiled) {
    if (req.path.compare(0, c.prefix.size(), c.prefix) != 0) continue;
    if (c.literal) m = std::smatch();
    if (c.literal ? req.path == c.prefix : std::regex_match(req.path, m, c.regex)) {
      path_known = true;
      if (c.route->method == "GET" ? get : req.method == c.route->method) return &c;
    }
  }
  return nullptr;
}

std::shared_ptr<Server::Impl::Cached> Server::Impl::cached(const std::string& target, std::uint64_t current) {
  const std::shared_lock<std::shared_mutex> lock(cache_mutex);
  const auto it = cache.find(target);
  if (it != cache.end() && it->second->generation == current) return it->second;
  return nullptr;
}

// Calls the route's page or handler; the captures are the regex's, or the whole path for a literal route.
std::shared_ptr<Server::Impl::Cached> Server::Impl::render(const Route& route, const http::Request& req,
                                                           const std::smatch& m, std::uint64_t current,
                                                           const ServerOptions& options) {
  auto e = std::make_shared<Cached>();
  e->generation = current;
  e->cache_control = "no-cache";
  if (route.page) {
    web::PageRequest pr;
    pr.store_path = options.store_path;
    pr.data_dir = options.data_dir;
    pr.path = req.path;
    for (const auto& [k, v] : req.query) pr.params.emplace(k, v);  // the first value of a name wins
    pr.lang = lang_of(req);
    pr.method = req.method;
    pr.client = req.client;
    if (const auto* cookie = req.header("cookie")) pr.cookies = parse_cookies(*cookie);
    if (const auto* auth = req.header("authorization")) pr.bearer = bearer_credentials(*auth);
    pr.base_url = options.base_url;
    if (const auto* host = req.header("host"); pr.base_url.empty() && host != nullptr && plain_host(*host)) {
      pr.base_url = "http://" + *host;
    }
    if (req.method == "POST") {
      const auto* type = req.header("content-type");
      if (type == nullptr || type->rfind("application/x-www-form-urlencoded", 0) != 0) {
        throw web::PageError(415, "a form is sent as application/x-www-form-urlencoded");
      }
      pr.form = parse_form(req.body);
    }
    for (const auto& s : m) pr.captures.emplace_back(s);
    if (pr.captures.empty()) pr.captures.push_back(req.path);  // a literal route: the whole path
    web::Reply reply;
    try {
      reply = route.page(pr);
    } catch (const web::PageRedirect& to) {
      reply.status = 302;
      // The target is built by the page from a known code (letters and digits, URL-encoded).
      reply.body = "<!doctype html><title>302</title><p>" + std::string(tr(pr.lang, "error.moved")) + "</p>";
      e->location = to.location;
    }
    e->status = reply.status;
    e->content_type = reply.content_type;
    if (!reply.location.empty()) e->location = reply.location;
    e->headers = std::move(reply.headers);
    if (!reply.filename.empty())
      e->disposition = fmt::format("attachment; filename=\"{}\"", safe_filename(reply.filename));
    if (!reply.cache_control.empty()) e->cache_control = reply.cache_control;
    e->body = std::make_shared<const std::string>(std::move(reply.body));
  } else {
    Request r{req, options.store_path, {}};
    for (const auto& s : m) r.captures.emplace_back(s);
    if (r.captures.empty()) r.captures.push_back(req.path);
    e->content_type = "application/json";
    e->body = std::make_shared<const std::string>(dump(route.handler(r)));
  }
  e->etag = fmt::format("\"{:016x}\"", fnv1a(*e->body));
  return e;
}

void Server::Impl::keep(const std::string& target, const std::shared_ptr<Cached>& entry, std::size_t cache_bytes) {
  const std::unique_lock<std::shared_mutex> lock(cache_mutex);
  if (cache_used + entry->body->size() > cache_bytes) {
    cache.clear();  // simple and bounded: start again
    cache_used = 0;
  }
  auto& slot = cache[target];
  if (slot) cache_used -= std::min(cache_used, slot->body->size());
  slot = entry;
  cache_used += entry->body->size();
}

// Route, then the cached answer of this generation of the store, else render it (rate limited when expensive) and
// keep it.
http::Response Server::Impl::answer_routed(const http::Request& req, bool api, const ServerOptions& options) {
  std::smatch m;
  bool path_known = false;
  const Compiled* found = route_of(req, m, path_known);
  if (found == nullptr) return unrouted(req, api, path_known);
  const Route& route = *found->route;
  const auto current = generation != nullptr ? generation->load(std::memory_order_acquire)
                                             : app::snapshot_state(options.store_path).generation;
  std::shared_ptr<Cached> entry = route.cacheable ? cached(req.target, current) : nullptr;
  if (!entry) {
    const auto* format = req.param("format");
    const bool expensive = route.expensive || (format != nullptr && (*format == "xlsx" || *format == "pdf"));
    if (expensive && !allow(req.client, options.expensive_per_minute)) {
      auto res = error_response(req, api, 429, ApiError::too_many_requests,
                                "too many requests for this resource; try again in a minute");
      res.headers.emplace_back("Retry-After", "15");
      return res;
    }
    entry = render(route, req, m, current, options);
    if (route.cacheable && entry->status == 200 && entry->body->size() < (16U << 20)) {
      keep(req.target, entry, options.cache_bytes);
    }
  }
  return respond(req, *entry);
}

http::Response Server::answer(const http::Request& req) {
  const bool api = is_api(req);
  http::Response res;
  try {
    res = req.rejection != 0
              ? error_response(req, api, req.rejection, code_of_status(req.rejection), req.rejection_reason)
              : m_impl->answer_routed(req, api, m_options);
  } catch (const app::Preparing& e) {
    res = error_response(req, api, 503, ApiError::preparing, e.what());
  } catch (const ApiException& e) {
    res = error_response(req, api, status_of(e.code), e.code, e.message);
  } catch (const web::PageError& e) {
    res = error_response(req, api, e.status, code_of_status(e.status), e.message);
  } catch (const Error& e) {
    const auto code = e.code() == ExitCode::not_found      ? ApiError::not_found
                      : e.code() == ExitCode::missing_data ? ApiError::no_data
                      : e.code() == ExitCode::usage        ? ApiError::bad_request
                                                           : ApiError::internal;
    res = error_response(req, api, status_of(code), code, code == ApiError::internal ? "internal error" : e.what());
  } catch (...) {
    res = error_response(req, api, 500, ApiError::internal, "internal error");
  }
  security_headers(res);
  return res;
}

}  // namespace fabscope::server
