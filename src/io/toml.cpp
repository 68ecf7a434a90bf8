#include "io/toml.hpp"

#include "core/error.hpp"

namespace fabscope::io {

toml::table parse_toml(const std::string& text, const std::string& label) {
  try {
    return toml::parse(text, label);
  } catch (const toml::parse_error& e) {
    throw InputError(Problem{{label,
                              static_cast<std::int64_t>(e.source().begin.line),
                              static_cast<std::int64_t>(e.source().begin.column),
                              {}},
                             std::string(e.description())});
  }
}

std::int64_t toml_line(const toml::node& node) { return static_cast<std::int64_t>(node.source().begin.line); }

}  // namespace fabscope::io
