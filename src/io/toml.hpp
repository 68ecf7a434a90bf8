// TOML files of fabscope (catalog, mappings, decisions): parsed with the error located at
// file:line:column.
#pragma once

#include <string>

#include <toml++/toml.h>

namespace fabscope::io {

// Throws InputError(file:line:column, what the parser says).
toml::table parse_toml(const std::string& text, const std::string& label);
// The line of a node, for messages about its key.
std::int64_t toml_line(const toml::node& node);

}  // namespace fabscope::io
