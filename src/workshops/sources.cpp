#include "workshops/sources.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/geojson.hpp"

namespace fabscope::workshops {

const std::vector<RegisterSource>& register_sources() {
  static const std::vector<RegisterSource> table = {
      {"fablabs_io_fr_2017", "fablabs.io labs in France (JSON records)", &parse_fablabs_io},
      {"maplabbzh_2020", "MapLabBZH places of Bretagne (GeoJSON points)", &parse_maplabbzh},
  };
  return table;
}

const RegisterSource* find_register_source(std::string_view dataset_id) {
  for (const auto& s : register_sources()) {
    if (s.dataset_id == dataset_id) return &s;
  }
  return nullptr;
}

namespace {

// Typed access to one JSON object, recording problems at "label: [i].field".
class Record {
 public:
  Record(simdjson::dom::object obj, std::string label, std::string path, ProblemList& problems, Workshop& w,
         Provenance prov)
      : m_obj(obj),
        m_label(std::move(label)),
        m_path(std::move(path)),
        m_problems(problems),
        m_w(w),
        m_prov(std::move(prov)) {}

  std::optional<std::string> text(const char* key, const char* field) {
    simdjson::dom::element e;
    if (m_obj[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    std::string_view sv;
    if (e.get_string().get(sv) != simdjson::SUCCESS) {
      if (e.is_int64()) return std::to_string(int64_t(e));  // e.g. an id written as a number
      problem(key, "expected a string");
      return std::nullopt;
    }
    std::string clean(text::trim(sv));
    // Some registers keep HTML line breaks in their text fields.
    for (const char* br : {"<br />", "<br/>", "<br>"}) {
      for (auto p = clean.find(br); p != std::string::npos; p = clean.find(br))
        clean.replace(p, std::string_view(br).size(), ", ");
    }
    const auto t = text::trim(clean);
    if (t.empty()) return std::nullopt;
    if (field != nullptr) m_w.set_source(field, m_prov);
    return std::string(t);
  }
  std::optional<double> number(const char* key) {
    simdjson::dom::element e;
    if (m_obj[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    double v = 0;
    if (e.get_double().get(v) == simdjson::SUCCESS) return v;
    if (e.is_int64()) return static_cast<double>(int64_t(e));
    problem(key, "expected a number");
    return std::nullopt;
  }
  void problem(std::string_view key, std::string message) {
    m_problems.add({m_label, 0, 0, fmt::format("{}.{}", m_path, key)}, std::move(message));
  }
  void set(const char* field) { m_w.set_source(field, m_prov); }

 private:
  simdjson::dom::object m_obj;
  std::string m_label, m_path;
  ProblemList& m_problems;
  Workshop& m_w;
  Provenance m_prov;
};

void check_coordinates(Workshop& w, Record& r, const char* key) {
  if (!w.latitude || !w.longitude) return;
  if (*w.latitude < -90 || *w.latitude > 90 || *w.longitude < -180 || *w.longitude > 180) {
    r.problem(key, fmt::format("coordinates ({}, {}) out of range", *w.latitude, *w.longitude));
    w.latitude.reset();
    w.longitude.reset();
  }
}

// ---- fablabs.io: one lab record, field group by field group ---------------------------------

// The key (the slug of the lab's fablabs.io address, unique in the file) and the name; false
// when the record is left out.
bool fablabs_identity(Record& r, Workshop& w, std::set<std::string>& keys) {
  const auto url = r.text("url", nullptr);
  const auto name = r.text("name", "name");
  if (!url || url->find("/labs/") == std::string::npos) {
    r.problem("url", "expected the lab's fablabs.io address (…/labs/<slug>)");
    return false;
  }
  if (!name) {
    r.problem("name", "a lab without a name");
    return false;
  }
  w.source_key = url->substr(url->rfind("/labs/") + 6);
  w.id = "fablabs_io:" + w.source_key;
  if (!keys.insert(w.source_key).second) {
    r.problem("url", fmt::format("duplicate lab '{}'", w.source_key));
    return false;
  }
  w.name = *name;
  return true;
}

// Address, coordinates, contacts, description and the first link as the website.
void fablabs_place_and_contacts(simdjson::dom::object obj, Record& r, Workshop& w) {
  w.city = r.text("city", "city");
  w.postcode = r.text("postal_code", "postcode");
  std::string address;
  for (const char* k : {"address_1", "address_2"}) {
    if (const auto a = r.text(k, nullptr)) address += (address.empty() ? "" : ", ") + *a;
  }
  if (!address.empty()) {
    w.address = address;
    r.set("address");
  }
  w.latitude = r.number("latitude");
  w.longitude = r.number("longitude");
  if (w.latitude && w.longitude) r.set("coordinates");
  check_coordinates(w, r, "latitude");
  w.email = r.text("email", "email");
  w.phone = r.text("phone", "phone");
  w.description = r.text("description", "description");
  if (!w.description) w.description = r.text("blurb", "description");
  simdjson::dom::array links;
  if (obj["links"].get_array().get(links) == simdjson::SUCCESS) {
    for (auto l : links) {
      std::string_view s;
      if (l.get_string().get(s) == simdjson::SUCCESS && !text::trim(s).empty()) {
        w.website = std::string(text::trim(s));
        r.set("website");
        break;
      }
    }
  }
}

void fablabs_kind(Record& r, Workshop& w) {
  static const std::map<std::string, std::string, std::less<>> kKinds = {
      {"fab_lab", "fablab"}, {"mini_fab_lab", "mini_fablab"}, {"supernode", "fablab"}, {"mobile", "mobile_workshop"}};
  if (const auto kind = r.text("kind_name", nullptr)) {
    w.kind_in_source = *kind;
    const auto it = kKinds.find(*kind);
    if (it == kKinds.end()) {
      r.problem("kind_name", fmt::format("unknown fablabs.io kind '{}'", *kind));
    } else {
      w.kind = it->second;
      r.set("kind");
      if (*kind == "supernode") w.networks.insert("fablabs_io_supernode");
    }
  }
}

// The capabilities, separated by ';', as equipment ids.
void fablabs_equipment(Record& r, Workshop& w) {
  static const std::map<std::string, std::string, std::less<>> kCapabilities = {
      {"three_d_printing", "3d_printing"}, {"laser", "laser_cutting"},
      {"cnc_milling", "cnc_milling"},      {"precision_milling", "precision_milling"},
      {"vinyl_cutting", "vinyl_cutting"},  {"circuit_production", "electronics"}};
  const auto caps = r.text("capabilities", nullptr);
  if (!caps) return;
  std::set<std::string> equipment;
  std::size_t p = 0;
  while (p <= caps->size()) {
    const auto q = std::min(caps->find(';', p), caps->size());
    const std::string cap(text::trim(std::string_view(*caps).substr(p, q - p)));
    if (!cap.empty()) {
      const auto it = kCapabilities.find(cap);
      if (it == kCapabilities.end()) {
        r.problem("capabilities", fmt::format("unknown capability '{}'", cap));
      } else {
        equipment.insert(it->second);
      }
    }
    p = q + 1;
  }
  w.equipment = std::move(equipment);
  r.set("equipment");
}

}  // namespace

std::vector<Workshop> parse_fablabs_io(const std::filesystem::path& file, const sources::DatasetInfo& dataset) {
  const std::string label = file.filename().string();
  const std::string json = io::read_file(file);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  // Not JSON at all (truncated, binary, NaN, 1e400): located by line, column and byte.
  if (const auto err = parser.parse(json).get(root); err != simdjson::SUCCESS) {
    io::throw_json_error(json, label, simdjson::error_message(err));
  }
  simdjson::dom::array arr;
  if (root.get_array().get(arr) != simdjson::SUCCESS) {
    throw InputError(Problem{{label, 1, 1, {}}, "expected a JSON array of fablabs.io lab records"});
  }
  const Provenance prov{dataset.id, dataset.vintage};
  ProblemList problems;
  std::vector<Workshop> out;
  std::set<std::string> keys;
  std::size_t i = 0;
  for (auto item : arr) {
    const std::string path = fmt::format("[{}]", i++);
    simdjson::dom::object obj;
    if (item.get_object().get(obj) != simdjson::SUCCESS) {
      problems.add({label, 0, 0, path}, "expected an object");
      continue;
    }
    Workshop w;
    Record r(obj, label, path, problems, w, prov);
    w.source = dataset.id;
    if (!fablabs_identity(r, w, keys)) continue;
    fablabs_place_and_contacts(obj, r, w);
    fablabs_kind(r, w);
    fablabs_equipment(r, w);
    w.networks.insert("fablabs_io");
    r.set("networks");
    out.push_back(std::move(w));
  }
  problems.throw_if_any();
  return out;
}

std::vector<Workshop> parse_maplabbzh(const std::filesystem::path& file, const sources::DatasetInfo& dataset) {
  const std::string label = file.filename().string();
  const std::string json = io::read_file(file);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (const auto err = parser.parse(json).get(root); err != simdjson::SUCCESS) {
    io::throw_json_error(json, label, simdjson::error_message(err));
  }
  simdjson::dom::array features;
  if (root["features"].get_array().get(features) != simdjson::SUCCESS) {
    throw InputError(Problem{{label, 0, 0, "features"}, "expected a GeoJSON FeatureCollection"});
  }
  // MapLabBZH's categories ("structure") and the kinds of the study.
  static const std::map<std::string, std::string, std::less<>> kKinds = {{"fablab", "fablab"},
                                                                         {"fablabMIT", "fablab"},
                                                                         {"usages", "digital_mediation"},
                                                                         {"cantine", "tiers_lieu"},
                                                                         {"tierslieu", "tiers_lieu"},
                                                                         {"formation", "training_space"},
                                                                         {"frenchtech", "innovation_hub"},
                                                                         {"hakerspace", "hackerspace"},
                                                                         {"makerspace", "makerspace"}};
  const Provenance prov{dataset.id, dataset.vintage};
  ProblemList problems;
  std::vector<Workshop> out;
  std::set<std::string> keys;
  std::size_t i = 0;
  for (auto f : features) {
    const std::string path = fmt::format("features[{}]", i++);
    simdjson::dom::object props;
    if (f["properties"].get_object().get(props) != simdjson::SUCCESS) {
      problems.add({label, 0, 0, path + ".properties"}, "expected an object");
      continue;
    }
    Workshop w;
    Record r(props, label, path + ".properties", problems, w, prov);
    w.source = dataset.id;
    const auto id = r.text("id", nullptr);
    const auto name = r.text("name", "name");
    if (!id || !name) {
      r.problem(!id ? "id" : "name", "missing");
      continue;
    }
    w.source_key = *id;
    w.id = "maplabbzh:" + *id;
    if (!keys.insert(*id).second) {
      r.problem("id", fmt::format("duplicate id '{}'", *id));
      continue;
    }
    w.name = *name;
    if (const auto org = r.text("organisation", nullptr); org && *org != *name) {
      w.aliases.push_back(*org);
      r.set("aliases");
    }
    w.address = r.text("adresse", "address");
    w.postcode = r.text("cp", "postcode");
    w.city = r.text("ville", "city");
    w.website = r.text("web", "website");
    w.email = r.text("email", "email");
    w.phone = r.text("tel", "phone");
    if (const auto structure = r.text("structure", nullptr)) {
      w.kind_in_source = *structure;
      const auto it = kKinds.find(*structure);
      if (it == kKinds.end()) {
        r.problem("structure", fmt::format("unknown MapLabBZH category '{}'", *structure));
      } else {
        w.kind = it->second;
        r.set("kind");
        if (*structure == "fablabMIT") w.networks.insert("fab_charter");
      }
    }
    simdjson::dom::array coords;
    double lon = 0, lat = 0;
    if (f["geometry"]["coordinates"].get_array().get(coords) == simdjson::SUCCESS &&
        coords.at(0).get_double().get(lon) == simdjson::SUCCESS &&
        coords.at(1).get_double().get(lat) == simdjson::SUCCESS) {
      w.longitude = lon;
      w.latitude = lat;
      r.set("coordinates");
      check_coordinates(w, r, "geometry");
    }
    w.networks.insert("maplabbzh");
    r.set("networks");
    out.push_back(std::move(w));
  }
  problems.throw_if_any();
  return out;
}

}  // namespace fabscope::workshops
