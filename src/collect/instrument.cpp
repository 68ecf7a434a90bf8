// The questionnaire model (docs/collect/xlsform.md).
#include "collect/instrument.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

namespace fabscope::collect {
namespace {

constexpr std::array<std::string_view, 46> kTypes = {"integer",
                                                     "decimal",
                                                     "range",
                                                     "text",
                                                     "select_one",
                                                     "select_multiple",
                                                     "select_one_from_file",
                                                     "select_multiple_from_file",
                                                     "rank",
                                                     "note",
                                                     "geopoint",
                                                     "geotrace",
                                                     "geoshape",
                                                     "date",
                                                     "time",
                                                     "datetime",
                                                     "image",
                                                     "audio",
                                                     "video",
                                                     "file",
                                                     "barcode",
                                                     "calculate",
                                                     "acknowledge",
                                                     "hidden",
                                                     "xml-external",
                                                     "csv-external",
                                                     "start",
                                                     "end",
                                                     "today",
                                                     "deviceid",
                                                     "subscriberid",
                                                     "simserial",
                                                     "phonenumber",
                                                     "username",
                                                     "email",
                                                     "audit",
                                                     "background-audio",
                                                     "start-geopoint",
                                                     "uri:deviceid",
                                                     "trigger",
                                                     "background-geopoint",
                                                     "uri:email",
                                                     "uri:username",
                                                     "uri:phonenumber",
                                                     "uri:subscriberid",
                                                     "uri:simserial"};

constexpr std::array<std::string_view, 17> kMetadata = {
    "start",         "end",           "today",        "deviceid",        "subscriberid",
    "simserial",     "phonenumber",   "username",     "email",           "audit",
    "uri:deviceid",  "uri:email",     "uri:username", "uri:phonenumber", "uri:subscriberid",
    "uri:simserial", "start-geopoint"};

void walk(const Item& item, const std::function<void(const Item&)>& f) {
  f(item);
  for (const auto& c : item.children) walk(c, f);
}

bool find_path(const Item& item, const std::string& name, std::string& path) {
  for (const auto& c : item.children) {
    if (c.name == name) {
      path += "/" + c.name;
      return true;
    }
    const auto size = path.size();
    if (c.kind != ItemKind::question) {
      path += "/" + c.name;
      if (find_path(c, name, path)) return true;
      path.resize(size);
    }
  }
  return false;
}

}  // namespace

std::string Item::text(const std::string& key, const std::string& lang) const {
  const auto it = texts.find(key);
  if (it == texts.end() || it->second.empty()) return {};
  const auto l = it->second.find(lang);
  if (l != it->second.end()) return l->second;
  const auto plain = it->second.find("");
  return plain != it->second.end() ? plain->second : it->second.begin()->second;
}

const ChoiceList* Instrument::list(const std::string& n) const {
  for (const auto& l : lists) {
    if (l.name == n) return &l;
  }
  return nullptr;
}

std::vector<const Item*> Instrument::questions() const {
  std::vector<const Item*> out;
  walk(root, [&](const Item& i) {
    if (i.kind == ItemKind::question) out.push_back(&i);
  });
  return out;
}

std::string Instrument::language_for(Lang lang) const {
  std::string out = default_language;
  for (const auto& l : languages) {
    if (l.find(lang == Lang::en ? "(en)" : "(fr)") != std::string::npos) out = l;
  }
  return out;
}

std::optional<std::string> Instrument::path_of(const std::string& n) const {
  std::string path = "/" + name;
  if (find_path(root, n, path)) return path;
  return std::nullopt;
}

InstrumentSummary summarize(const Instrument& instrument) {
  InstrumentSummary s;
  walk(instrument.root, [&](const Item& i) {
    if (&i == &instrument.root) return;
    if (i.kind == ItemKind::group) ++s.groups;
    if (i.kind == ItemKind::repeat) ++s.repeats;
    if (i.kind != ItemKind::question) return;
    ++s.questions;
    ++s.types[i.type];
    s.with_relevance += i.column("relevant").empty() ? 0 : 1;
    s.with_constraint += i.column("constraint").empty() ? 0 : 1;
    const auto req = i.column("required");
    s.required += !req.empty() && req != "no" && req != "false" && req != "FALSE" ? 1 : 0;
    s.calculations += i.column("calculation").empty() ? 0 : 1;
    s.choice_filters += i.column("choice_filter").empty() ? 0 : 1;
    s.or_other += i.or_other ? 1 : 0;
  });
  s.lists = instrument.lists.size();
  for (const auto& l : instrument.lists) s.choices += l.choices.size();
  return s;
}

std::vector<Reference> references(std::string_view text) {
  std::vector<Reference> out;
  for (std::size_t at = text.find("${"); at != std::string_view::npos; at = text.find("${", at)) {
    const auto close = text.find('}', at + 2);
    if (close == std::string_view::npos) break;
    out.push_back({at, close + 1 - at, std::string(text.substr(at + 2, close - at - 2))});
    at = close + 1;
  }
  return out;
}

bool is_known_type(const std::string& type) { return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end(); }

bool is_metadata_type(const std::string& type) {
  return std::find(kMetadata.begin(), kMetadata.end(), type) != kMetadata.end();
}

}  // namespace fabscope::collect
