// A questionnaire (an "instrument"), as XLSForm describes one (docs/collect/xlsform.md):
// settings, a tree of groups, repeats and questions, choice lists. The sheets are kept
// as written (every column, every cell) so that an export gives back the same
// spreadsheet; the tree is what validation, the XForm export and the web forms read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/lang.hpp"

namespace fabscope::collect {

// One sheet as written: its header and its rows (trailing empty cells dropped), with the
// sheet's row number of each row for messages.
struct Sheet {
  std::string name;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::int64_t> row_numbers;
};

// A text in each language of the form ("" when the column has no language).
using Translations = std::map<std::string, std::string>;

enum class ItemKind { question, group, repeat };

struct Item {
  ItemKind kind = ItemKind::question;
  std::string type;  // normalised question type (integer, select_one, note…); "group"/"repeat"
  std::string list;  // choice list of a select (or the file of select_one_from_file)
  bool or_other = false;
  std::string name;
  std::map<std::string, Translations> texts;   // label, hint, constraint_message… by language
  std::map<std::string, std::string> columns;  // relevant, constraint, required, calculation,
                                               // choice_filter, appearance, default, repeat_count…
  std::vector<Item> children;
  std::int64_t row = 0;  // row of the survey sheet
  [[nodiscard]] std::string column(const std::string& key) const {
    const auto it = columns.find(key);
    return it == columns.end() ? std::string() : it->second;
  }
  [[nodiscard]] std::string text(const std::string& key, const std::string& lang) const;
};

struct Choice {
  std::string name;
  std::map<std::string, Translations> texts;  // label, image…
  std::map<std::string, std::string> extra;   // other columns (for choice filters)
  std::int64_t row = 0;
};

struct ChoiceList {
  std::string name;
  std::vector<Choice> choices;
  std::vector<std::string> extra_columns;  // in the sheet's order
};

// A located problem that does not stop the import (a label missing, a typographic quote).
struct Warning {
  Location where;
  std::string message;
};

struct Instrument {
  std::string name;     // the form's root element (settings name, else the file's stem)
  std::string form_id;  // settings form_id, else name
  std::string title;    // settings form_title, else name
  std::string version;  // settings version ("" when none)
  std::string default_language;
  std::vector<std::string> languages;  // every language of a translated column, in order of appearance
  std::map<std::string, std::string> settings;
  Item root;  // kind group, the questions at the top level in children
  std::vector<ChoiceList> lists;
  std::vector<Sheet> sheets;  // survey, choices, settings (and any other sheet) as written
  std::vector<Warning> warnings;

  [[nodiscard]] const ChoiceList* list(const std::string& name) const;
  // Every question (not groups), depth first.
  [[nodiscard]] std::vector<const Item*> questions() const;
  // The path of names from the root to `item` ("/name/group/question"), nullopt if absent.
  [[nodiscard]] std::optional<std::string> path_of(const std::string& name) const;
  // The form's language for a reader of `lang`: the last of `languages` marked "(fr)" or
  // "(en)", else the default language.
  [[nodiscard]] std::string language_for(Lang lang) const;
};

// Summary counts, for the CLI and the store.
struct InstrumentSummary {
  std::size_t questions = 0, groups = 0, repeats = 0, lists = 0, choices = 0, with_relevance = 0, with_constraint = 0,
              required = 0, calculations = 0, choice_filters = 0, or_other = 0;
  std::map<std::string, std::size_t> types;
};
InstrumentSummary summarize(const Instrument& instrument);

// One ${name} reference of an expression or a label.
struct Reference {
  std::size_t position = 0, length = 0;  // of the whole ${name}
  std::string name;
};
// Every ${name} of `text`, in order (a scan, no regular expression: cells may be long).
std::vector<Reference> references(std::string_view text);

// The question types fabscope knows (XLSForm's, after aliases: int → integer, string → text,
// begin_group → begin group…).
bool is_known_type(const std::string& type);
// Types that hold no answer of the respondent's (metadata collected by the device).
bool is_metadata_type(const std::string& type);

}  // namespace fabscope::collect
