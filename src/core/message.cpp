#include "core/message.hpp"

#include <fmt/args.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fabscope {

namespace {
// A decimal number argument ("0.3", "-4.25") is written with a decimal comma in French.
std::string localise(const std::string& a, Lang lang) {
  if (lang == Lang::en) return a;
  const auto dot = a.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == a.size()) return a;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char c = a[i];
    const bool ok = (c >= '0' && c <= '9') || i == dot || (i == 0 && c == '-' && dot > 1);
    if (!ok) return a;
  }
  std::string out = a;
  out[dot] = ',';
  return out;
}
}  // namespace

std::string render(const Message& m, Lang lang) {
  if (const auto* t = m.id.empty() ? nullptr : find_text(m.id)) {
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    for (const auto& a : m.args) store.push_back(localise(a, lang));
    try {
      return fmt::vformat(t->in(lang), store);
    } catch (const fmt::format_error&) {
      // wrong number of arguments: show them as they are
    }
  }
  return fmt::format("{}", fmt::join(m.args, " "));
}

std::string render_all(const std::vector<Message>& messages, Lang lang) {
  std::string out;
  for (const auto& m : messages) {
    if (!out.empty()) out += "; ";
    out += render(m, lang);
  }
  return out;
}

std::string encode(const std::vector<Message>& messages) {
  if (messages.empty()) return {};
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& m : messages) arr.push_back({{"id", m.id}, {"args", m.args}});
  return arr.dump();
}

std::vector<Message> decode(const std::string& stored) {
  if (stored.empty()) return {};
  if (stored.front() == '[') {
    const auto j = nlohmann::json::parse(stored, nullptr, /*allow_exceptions=*/false);
    if (j.is_array()) {
      std::vector<Message> out;
      bool ok = true;
      for (const auto& e : j) {
        if (!e.is_object() || !e.contains("id") || !e["id"].is_string() || !e.contains("args") ||
            !e["args"].is_array()) {
          ok = false;
          break;
        }
        Message m{e["id"].get<std::string>(), {}};
        for (const auto& a : e["args"]) m.args.push_back(a.is_string() ? a.get<std::string>() : a.dump());
        out.push_back(std::move(m));
      }
      if (ok) return out;
    }
  }
  return {Message{"", {stored}}};
}

}  // namespace fabscope
