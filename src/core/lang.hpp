// The language of what people read: French (the default) or English. One type for the CLI
// (--lang), the pages (?lang=en), the reports and the messages; the texts are in the one
// catalog (core/catalog.hpp).
#pragma once

#include <string_view>

namespace fabscope {

enum class Lang { fr, en };

Lang parse_lang(std::string_view s);  // "en" -> en, anything else -> fr
std::string_view lang_id(Lang lang);  // "fr" or "en"

// One of the two texts a datum carries in both languages (an indicator's label_fr and
// label_en, a référentiel's title_fr and title_en, a kind's labels): the program's own
// texts are not chosen this way but looked up in the catalog (tr).
template <class T>
constexpr const T& pick(Lang lang, const T& fr_text, const T& en_text) {
  return lang == Lang::en ? en_text : fr_text;
}

}  // namespace fabscope
