#include "server/server.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace fabscope::server {

std::string Request::param(const std::string& name, const std::string& fallback) const {
  return http.has_param(name) ? http.get_param_value(name) : fallback;
}

std::string Request::path_part(std::size_t index) const {
  return index < http.matches.size() ? std::string(http.matches[static_cast<int>(index)]) : std::string();
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
  }
  return "internal";
}

int status_of(ApiError e) {
  switch (e) {
    case ApiError::bad_request:
      return 400;
    case ApiError::not_found:
      return 404;
    case ApiError::no_data:
      return 503;
    case ApiError::internal:
      return 500;
  }
  return 500;
}

void answer_error(httplib::Response& res, ApiError code, const std::string& message) {
  res.status = status_of(code);
  res.set_content(nlohmann::json{{"code", code_name(code)}, {"message", message}}.dump(), "application/json");
}

}  // namespace

Server::Server(ServerOptions options) : m_options(std::move(options)), m_http(std::make_unique<httplib::Server>()) {
  auto& http = *m_http;
  http.set_payload_max_length(m_options.max_body_bytes);
  http.set_read_timeout(m_options.timeout_seconds, 0);
  http.set_write_timeout(m_options.timeout_seconds, 0);
  http.set_tcp_nodelay(true);
  for (const auto& route : routes()) {
    if (route.page) {
      const auto page = route.page;
      const auto store_path = m_options.store_path;
      const auto data_dir = m_options.data_dir;
      http.Get(route.pattern, [page, store_path, data_dir](const httplib::Request& req, httplib::Response& res) {
        web::PageRequest pr;
        pr.store_path = store_path;
        pr.data_dir = data_dir;
        pr.path = req.path;
        for (const auto& [k, v] : req.params) pr.params[k] = v;
        pr.lang = web::parse_lang(pr.param("lang"));
        for (const auto& m : req.matches) pr.captures.emplace_back(m);
        // The one translation point of pages: a 4xx page with a clear message, never a trace.
        auto fail = [&](int status, const std::string& message) {
          res.status = status;
          res.set_content(web::error_page(pr.lang, status, message), "text/html; charset=utf-8");
        };
        try {
          auto reply = page(pr);
          res.status = reply.status;
          if (!reply.filename.empty())
            res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", reply.filename));
          res.set_content(std::move(reply.body), reply.content_type);
        } catch (const web::PageError& e) {
          fail(e.status, e.message);
        } catch (const Error& e) {
          const int status = e.code() == ExitCode::not_found      ? 404
                             : e.code() == ExitCode::missing_data ? 503
                             : e.code() == ExitCode::usage        ? 400
                                                                  : 500;
          fail(status, status == 500 ? "internal error" : e.what());
        } catch (...) {
          fail(500, "internal error");
        }
      });
      continue;
    }
    const auto handler = route.handler;
    const auto store_path = m_options.store_path;
    auto wrapped = [handler, store_path](const httplib::Request& req, httplib::Response& res) {
      // The one translation point: every failure becomes {code, message}, never a trace.
      try {
        res.set_content(handler(Request{req, store_path, {}}), "application/json");
      } catch (const ApiException& e) {
        answer_error(res, e.code, e.message);
      } catch (const Error& e) {
        const auto code = e.code() == ExitCode::not_found      ? ApiError::not_found
                          : e.code() == ExitCode::missing_data ? ApiError::no_data
                          : e.code() == ExitCode::usage        ? ApiError::bad_request
                                                               : ApiError::internal;
        answer_error(res, code, code == ApiError::internal ? "internal error" : e.what());
      } catch (...) {
        answer_error(res, ApiError::internal, "internal error");
      }
    };
    if (route.method == "GET") http.Get(route.pattern, wrapped);
  }
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    const bool page = req.path.rfind("/api/", 0) != 0;
    if (page && res.body.empty()) {
      res.set_content(web::error_page(web::parse_lang(req.has_param("lang") ? req.get_param_value("lang") : ""),
                                      res.status, fmt::format("{} {}", req.method, req.path)),
                      "text/html; charset=utf-8");
    } else if (res.status == 404 && res.body.empty()) {
      answer_error(res, ApiError::not_found,
                   fmt::format("no route for {} {} (see /api/v1/openapi.json)", req.method, req.path));
    } else if (res.body.empty()) {
      answer_error(res, res.status >= 500 ? ApiError::internal : ApiError::bad_request,
                   fmt::format("HTTP {}", res.status));
    }
  });
}

Server::~Server() = default;

int Server::bind() {
  const int port = m_options.port == 0 ? m_http->bind_to_any_port(m_options.bind)
                                       : (m_http->bind_to_port(m_options.bind, m_options.port) ? m_options.port : -1);
  if (port < 0) {
    throw Error(ExitCode::failure, fmt::format("cannot listen on {}:{} (in use?)", m_options.bind, m_options.port));
  }
  return port;
}

void Server::serve() { m_http->listen_after_bind(); }
void Server::stop() { m_http->stop(); }

}  // namespace fabscope::server
