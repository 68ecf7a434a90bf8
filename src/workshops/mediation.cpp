// The national standard of lieux de médiation numérique (docs/commands/workshops-export.md).
#include "workshops/mediation.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"

namespace fabscope::workshops {
namespace {

constexpr std::string_view kExtra = "mediation:";

std::vector<std::string> split_bar(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t from = 0;;) {
    const auto at = s.find('|', from);
    auto part = std::string(text::trim(s.substr(from, at == std::string::npos ? std::string::npos : at - from)));
    if (!part.empty()) out.push_back(std::move(part));
    if (at == std::string::npos) break;
    from = at + 1;
  }
  return out;
}

Workshop from_row(const io::SchemaRow& r, const std::string& date) {
  Workshop w;
  w.source = std::string(kMediationSource);
  w.source_key = r.get("id");
  w.id = fmt::format("{}:{}", kMediationSource, w.source_key);
  w.name = r.get("nom");
  const Provenance p{std::string(kMediationSource), date};
  w.set_source("name", p);
  auto set = [&](std::optional<std::string>& field, const char* key, const std::string& value) {
    if (value.empty()) return;
    field = value;
    w.set_source(key, p);
  };
  set(w.city, "city", r.get("commune"));
  set(w.postcode, "postcode", r.get("code_postal"));
  set(w.address, "address", r.get("adresse"));
  set(w.phone, "phone", r.get("telephone"));
  set(w.opening_hours, "opening_hours", r.get("horaires"));
  set(w.description, "description", r.get("presentation_resume"));
  if (const auto mails = split_bar(r.get("courriels")); !mails.empty()) set(w.email, "email", mails.front());
  if (const auto sites = split_bar(r.get("site_web")); !sites.empty()) set(w.website, "website", sites.front());
  for (const auto& [key, field] :
       {std::pair{"latitude", &Workshop::latitude}, std::pair{"longitude", &Workshop::longitude}}) {
    if (const auto v = text::parse_double(r.get(key))) {
      w.*field = *v;
      w.set_source(key, p);
    }
  }
  const auto typologie = r.get("typologie");
  set(w.kind_in_source, "kind_in_source", typologie);
  w.kind = typologie.find("TIERS_LIEUX") != std::string::npos ? "tiers_lieu" : "digital_mediation";
  w.set_source("kind", p);
  w.offer = std::set<std::string>{"digital_mediation"};
  w.set_source("offer", p);
  static const std::map<std::string, std::string> publics = {{"Jeunes", "young_people"},
                                                             {"Étudiants", "students"},
                                                             {"Familles et/ou enfants", "families"},
                                                             {"Seniors", "seniors"},
                                                             {"Femmes", "women"}};
  if (const auto listed = split_bar(r.get("publics_specifiquement_adresses")); !listed.empty()) {
    std::set<std::string> ids;
    for (const auto& l : listed) {
      const auto it = publics.find(l);
      if (it != publics.end()) ids.insert(it->second);
    }
    w.publics = ids;
    w.set_source("publics", p);
  }
  w.status = "active";
  for (const auto& [k, v] : r.values) {
    if (!v.empty()) w.extra[std::string(kExtra) + k] = v;
  }
  return w;
}

std::string kind_typology(const std::optional<std::string>& kind) {
  if (!kind) return {};
  static const std::map<std::string, std::string> typologies = {
      {"tiers_lieu", "TIERS_LIEUX"}, {"fablab", "FABLAB"},      {"mini_fablab", "FABLAB"},
      {"makerspace", "FABLAB"},      {"hackerspace", "FABLAB"}, {"university_lab", "FABLAB"}};
  const auto it = typologies.find(*kind);
  return it == typologies.end() ? std::string() : it->second;
}

// A French phone number in the schema's form (+33 and the digits): "04 92 72 67 09",
// "+33-4-50590783", "+336 71 34 90 24" → "+33492726709"…; as given when it is not one.
std::string schema_phone(const std::string& phone) {
  std::string digits;
  for (const char ch : phone) {
    if (std::isdigit(static_cast<unsigned char>(ch)) != 0) digits += ch;
  }
  if (phone.rfind('+', 0) == 0 || digits.rfind("33", 0) == 0) {
    if (digits.rfind("33", 0) == 0 && digits.size() == 11) return "+" + digits;
  } else if (digits.size() == 10 && digits[0] == '0') {
    return "+33" + digits.substr(1);
  }
  return phone;
}

// A workshop of another register as a row: the fields the model has.
io::SchemaRow built_row(const Workshop& w, const std::string& today) {
  io::SchemaRow r;
  auto put = [&](const char* k, const std::optional<std::string>& v) { r.values.emplace_back(k, v.value_or("")); };
  r.values.emplace_back("id", w.id);
  r.values.emplace_back("pivot", "");  // a SIRET or RNA: the register has none
  r.values.emplace_back("nom", w.name);
  put("commune", w.city);
  put("code_postal", w.postcode);
  put("adresse", w.address);
  r.values.emplace_back("latitude", w.latitude ? text::format_double(*w.latitude) : "");
  r.values.emplace_back("longitude", w.longitude ? text::format_double(*w.longitude) : "");
  r.values.emplace_back("typologie", kind_typology(w.kind));
  r.values.emplace_back("telephone", w.phone ? schema_phone(*w.phone) : "");
  put("courriels", w.email);
  put("site_web", w.website);
  put("horaires", w.opening_hours);
  std::string resume = w.description.value_or("");
  if (resume.size() > 270) {  // the schema's 280 characters, cut at a character boundary
    std::size_t cut = 270;
    while (cut > 0 && (static_cast<unsigned char>(resume[cut]) & 0xC0) == 0x80) --cut;
    resume = resume.substr(0, cut) + "…";
  }
  r.values.emplace_back("presentation_resume", resume);
  r.values.emplace_back("source", fmt::format("fabscope:{}", w.source));
  r.values.emplace_back("date_maj", today);
  return r;
}

}  // namespace

io::TableSchema mediation_schema(const std::filesystem::path& data_dir) {
  const auto path = data_dir / kMediationSchemaPath;
  if (!std::filesystem::is_regular_file(path)) {
    throw Error(ExitCode::missing_data,
                fmt::format("the schema of lieux de médiation numérique is not at {}", path.string()),
                fmt::format("le schéma des lieux de médiation numérique n'est pas à {}", path.string()));
  }
  return io::parse_table_schema(io::read_file(path), path.filename().string());
}

std::vector<Workshop> parse_mediation(const std::string& csv, const std::string& label, const io::TableSchema& schema,
                                      std::string& vintage) {
  const auto rows = io::read_with_schema(csv, label, schema);
  vintage.clear();
  for (const auto& r : rows) vintage = std::max(vintage, r.get("date_maj"));
  std::vector<Workshop> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r, r.get("date_maj")));
  return out;
}

RegisterImportReport import_mediation(store::Store& store, const sources::Catalog& catalog,
                                      const std::filesystem::path& file, const RegisterImportOptions& options) {
  const auto schema = mediation_schema(options.data_dir);
  if (!std::filesystem::is_regular_file(file))
    throw Error(ExitCode::missing_data, fmt::format("{}: not found", file.string()));
  const std::string source(kMediationSource);
  const auto bytes = io::read_file(file);
  const auto sha = sha256_bytes(bytes);
  if (const auto prev = store.import_record(source); prev && prev->sha256 == sha && !options.force) {
    RegisterImportReport report;
    report.source = source;
    report.unchanged = true;
    report.workshops = static_cast<std::size_t>(prev->rows);
    return report;
  }
  std::string vintage;
  auto workshops = parse_mediation(bytes, file.filename().string(), schema, vintage);
  return write_register(store, catalog, {source, vintage, file.filename().string(), sha, std::move(workshops)},
                        options);
}

MediationExport export_mediation(const std::vector<Workshop>& workshops, const io::TableSchema& schema,
                                 const std::string& today) {
  MediationExport out;
  for (const auto& w : workshops) {
    io::SchemaRow r;
    if (w.source == kMediationSource) {
      for (const auto& f : schema.fields) {
        const auto it = w.extra.find(std::string(kExtra) + f.name);
        r.values.emplace_back(f.name, it == w.extra.end() ? std::string() : it->second);
      }
    } else {
      r = built_row(w, today);
    }
    std::vector<std::string> why;
    for (const auto& f : schema.fields) {
      if (const auto problem = io::check_value(f, r.get(f.name)); !problem.empty())
        why.push_back(fmt::format("{}: {}", f.name, problem));
    }
    if (why.empty()) {
      out.rows.push_back(std::move(r));
    } else {
      out.left_out.emplace_back(w.id, fmt::format("{}", fmt::join(why, "; ")));
    }
  }
  return out;
}

}  // namespace fabscope::workshops
