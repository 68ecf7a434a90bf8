#include "core/lang.hpp"

namespace fabscope {

Lang parse_lang(std::string_view s) { return s == "en" ? Lang::en : Lang::fr; }
std::string_view lang_id(Lang lang) { return lang == Lang::en ? "en" : "fr"; }

}  // namespace fabscope
