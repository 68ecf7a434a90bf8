// Messages meant for people, kept as an id and arguments until they are shown, so that
// the same fact reads in French or English (and is stored once, language-neutral).
// The catalog (core/catalog.hpp) maps each id to its French and English text, with {0},
// {1}… for the arguments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.hpp"
#include "core/lang.hpp"

namespace fabscope {

struct Message {
  std::string id;
  std::vector<std::string> args;
};

// The text of `m` in French or English (a decimal argument such as "0.3" reads "0,3" in
// French); an id missing from the catalog shows its arguments joined, as they are (that is
// how texts stored before ids existed come back).
std::string render(const Message& m, Lang lang);
// Several messages joined by "; ".
std::string render_all(const std::vector<Message>& messages, Lang lang);

// Stored form: a JSON array of {"id", "args"}. decode() of a text that is not such an
// array gives one message {"", [text]} (plain texts written by older versions).
std::string encode(const std::vector<Message>& messages);
std::vector<Message> decode(const std::string& stored);

}  // namespace fabscope
