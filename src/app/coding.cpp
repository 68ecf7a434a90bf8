#include "app/coding.hpp"

namespace fabscope::app {

std::vector<collect::CodebookCode> referential_codebook(const referential::Referential& ref, Lang lang) {
  const auto label = [&](const std::string& fr, const std::string& en) {
    return lang == Lang::en && !en.empty() ? en : fr;
  };
  std::vector<collect::CodebookCode> book;
  for (const auto& d : ref.dimensions) {
    collect::CodebookCode dim{d.id, label(d.label_fr, d.label_en), d.definition, {}};
    for (const auto& c : d.children) {
      collect::CodebookCode crit{c.id, label(c.label_fr, c.label_en), c.definition, {}};
      for (const auto i : c.indicators) {
        const auto& ind = ref.indicators[i];
        crit.children.push_back({ind.id,
                                 label(ind.label_fr, ind.label_en),
                                 ind.definition.empty() ? referential::source_text(ind) : ind.definition,
                                 {}});
      }
      dim.children.push_back(std::move(crit));
    }
    book.push_back(std::move(dim));
  }
  return book;
}

namespace {
void collect_ids(const std::vector<collect::CodebookCode>& codes, std::vector<std::string>& out) {
  for (const auto& c : codes) {
    out.push_back(c.id);
    collect_ids(c.children, out);
  }
}
}  // namespace

std::vector<std::string> codebook_ids(const std::vector<collect::CodebookCode>& book) {
  std::vector<std::string> out;
  collect_ids(book, out);
  return out;
}

}  // namespace fabscope::app
