// The one catalog of the texts people read, in French and English: the words of the pages,
// of the CLI, and the texts of the messages (core/message.hpp), under keys that are unique
// across the whole catalog.
//
// Each module's table of {key, fr, en} is a header of data only in src/core/texts/ (web,
// cli, territory, workshops: core includes nothing above it); core/catalog.cpp is the one
// place that registers them, so the catalog can enumerate every key (a unit test
// checks that every key is unique and has both languages). A module adds a text by adding
// a line to its table; a new table is added to the list in core/catalog.cpp.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/lang.hpp"

namespace fabscope {

// One text: its key (for a message, its id) and its French and English. Texts may hold
// {0}, {1}… (messages, format strings) filled by the caller.
struct MessageText {
  std::string_view id, fr, en;
  [[nodiscard]] constexpr std::string_view in(Lang lang) const { return lang == Lang::en ? en : fr; }
};

// A module's table.
struct TextTable {
  std::string_view module;  // "web", "cli", "territory", "workshops"
  std::span<const MessageText> texts;
};

// Every table, in registration order (the catalog enumerates its keys through them).
const std::vector<TextTable>& catalog_tables();

// The entry of `key`, nullptr when the catalog has no such key (for a caller with its own
// fallback).
const MessageText* find_text(std::string_view key);

// The text of `key` in `lang`; a missing key shows as itself.
std::string tr(Lang lang, std::string_view key);

}  // namespace fabscope
