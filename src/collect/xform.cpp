// The ODK XForm of an instrument, as pyxform writes it (docs/collect/xlsform.md,
// "XForm export"): the same instance, binds, translations and controls, so the form runs
// offline in ODK Collect or Enketo.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "collect/xlsform.hpp"
#include "core/text.hpp"

namespace fabscope::collect {
namespace {

// pyxform escapes & < > and quotes, not apostrophes.
std::string xml(std::string_view s) { return text::xml_escape(s, false); }

// An element's attributes, written in alphabetical order as pyxform does.
using Attributes = std::map<std::string, std::string>;
std::string attrs(const Attributes& a) {
  std::string out;
  for (const auto& [k, v] : a) out += fmt::format(" {}=\"{}\"", k, xml(v));
  return out;
}

bool truthy(const std::string& v) {
  const auto l = text::to_lower(v);
  return l == "yes" || l == "true" || l == "true()" || l == "1";
}
bool falsy(const std::string& v) {
  const auto l = text::to_lower(v);
  return l == "no" || l == "false" || l == "false()" || l == "0";
}

std::string bind_type(const std::string& type) {
  static const std::map<std::string, std::string> types = {{"integer", "int"},
                                                           {"decimal", "decimal"},
                                                           {"range", "int"},
                                                           {"date", "date"},
                                                           {"time", "time"},
                                                           {"datetime", "dateTime"},
                                                           {"geopoint", "geopoint"},
                                                           {"geotrace", "geotrace"},
                                                           {"geoshape", "geoshape"},
                                                           {"image", "binary"},
                                                           {"audio", "binary"},
                                                           {"video", "binary"},
                                                           {"file", "binary"},
                                                           {"barcode", "barcode"},
                                                           {"start", "dateTime"},
                                                           {"end", "dateTime"},
                                                           {"today", "date"},
                                                           {"background-audio", "binary"},
                                                           {"start-geopoint", "geopoint"},
                                                           {"odk:rank", "odk:rank"},
                                                           {"rank", "odk:rank"}};
  const auto it = types.find(type);
  return it == types.end() ? "string" : it->second;
}

// pyxform's table-list groups: the group becomes a field-list whose first row is a select
// of the first question's list with appearance "label" (the column headers), named
// reserved_name_for_field_list_labels_<row>.
constexpr std::string_view kListLabels = "reserved_name_for_field_list_labels_";

void table_list_labels(Item& item) {
  for (auto& c : item.children) {
    if (c.kind == ItemKind::question) continue;
    table_list_labels(c);
    if (c.column("appearance") != "table-list") continue;
    c.columns["appearance"] = "field-list";
    const auto first =
        std::find_if(c.children.begin(), c.children.end(), [](const Item& q) { return !q.list.empty(); });
    if (first == c.children.end()) continue;
    Item labels;
    labels.type = first->type;
    labels.list = first->list;
    labels.name = std::string(kListLabels) + std::to_string(c.row + 1);
    labels.columns["appearance"] = "label";
    for (auto& q : c.children) {
      if (!q.list.empty() && q.column("appearance").empty()) q.columns["appearance"] = "list-nolabel";
    }
    c.children.insert(c.children.begin(), std::move(labels));
  }
}

// clean_text_values (a setting): straight quotes and single spaces in every text.
std::string clean(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\u201c", "\""}, {"\u201d", "\""}, {"\u2018", "'"}, {"\u2019", "'"}, {"  ", " "}}) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
  }
  return s;
}

void clean_texts(Item& item) {
  for (auto& [key, t] : item.texts) {
    for (auto& [lang, v] : t) v = clean(v);
  }
  for (auto& c : item.children) clean_texts(c);
}

Instrument with_table_list_labels(Instrument ins) {
  table_list_labels(ins.root);
  const auto it = ins.settings.find("clean_text_values");
  if (it != ins.settings.end() && (it->second == "TRUE" || text::to_lower(it->second) == "yes")) {
    clean_texts(ins.root);
    for (auto& l : ins.lists) {
      for (auto& c : l.choices) {
        for (auto& [key, t] : c.texts) {
          for (auto& [lang, v] : t) v = clean(v);
        }
      }
    }
  }
  return ins;
}

class Writer {
 public:
  explicit Writer(const Instrument& ins) : m_ins(with_table_list_labels(ins)) {
    index(m_ins.root, "/" + m_ins.name);
    // Every list a select uses becomes a secondary instance read through an itemset.
    for (const auto& q : m_ins.questions()) {
      if (!q->list.empty() && q->type.find("from_file") == std::string::npos) m_filtered.insert(q->list);
    }
    m_itext = !m_ins.languages.empty() || has_media();
    if (m_itext) {
      m_langs = m_ins.languages;
      if (uses_default_language()) m_langs.insert(m_langs.begin(), "default");
    }
  }

  std::string write() {
    std::string out = "<?xml version=\"1.0\"?>\n";
    out +=
        "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:ev=\"http://www.w3.org/2001/xml-events\" "
        "xmlns:h=\"http://www.w3.org/1999/xhtml\" xmlns:jr=\"http://openrosa.org/javarosa\" "
        "xmlns:odk=\"http://www.opendatakit.org/xforms\" xmlns:orx=\"http://openrosa.org/xforms\" "
        "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n";
    out += "  <h:head>\n";
    out += fmt::format("    <h:title>{}</h:title>\n", xml(m_ins.title));
    out += "    <model odk:xforms-version=\"1.0.0\">\n";
    out += submission();
    if (m_itext) out += itext();
    out += "      <instance>\n";
    Attributes root = {{"id", m_ins.form_id}};
    if (!m_ins.version.empty()) root["version"] = m_ins.version;
    out += fmt::format("        <{}{}>\n", m_ins.name, attrs(root));
    for (const auto& c : m_ins.root.children) out += instance(c, 5);
    out += "          <meta>\n";
    if (!omit_instance_id()) out += "            <instanceID/>\n";
    if (!setting("instance_name").empty()) out += "            <instanceName/>\n";
    out += "          </meta>\n";
    out += fmt::format("        </{}>\n", m_ins.name);
    out += "      </instance>\n";
    out += secondary_instances();
    for (const auto& c : m_ins.root.children) out += binds(c, "/" + m_ins.name);
    const std::string meta = "/" + m_ins.name + "/meta";
    if (!omit_instance_id()) {
      out += fmt::format(
          "      <bind{}/>\n",
          attrs(
              {{"jr:preload", "uid"}, {"nodeset", meta + "/instanceID"}, {"readonly", "true()"}, {"type", "string"}}));
    }
    if (!setting("instance_name").empty()) {
      out +=
          fmt::format("      <bind{}/>\n", attrs({{"calculate", expression(setting("instance_name"))},
                                                  {"nodeset", meta + "/instanceName"},
                                                  {"type", "string"}}));
    }
    out += "    </model>\n  </h:head>\n  <h:body>\n";
    for (const auto& c : m_ins.root.children) out += control(c, "/" + m_ins.name, 2);
    out += "  </h:body>\n</h:html>\n";
    return out;
  }

 private:
  [[nodiscard]] std::string setting(const std::string& k) const {
    const auto it = m_ins.settings.find(k);
    return it == m_ins.settings.end() ? std::string() : it->second;
  }
  [[nodiscard]] bool omit_instance_id() const {
    const auto it = m_ins.settings.find("omit_instanceid");
    return it != m_ins.settings.end() && truthy(it->second);
  }

  void index(const Item& item, const std::string& path) {
    for (const auto& c : item.children) {
      m_paths[c.name] = path + "/" + c.name;
      if (c.kind != ItemKind::question) index(c, path + "/" + c.name);
    }
  }

  [[nodiscard]] bool has_media() const {
    bool media = false;
    for (const auto* q : m_ins.questions()) {
      for (const auto* k : {"image", "audio", "video", "big-image"}) media = media || q->texts.count(k) > 0;
    }
    for (const auto& l : m_ins.lists) {
      for (const auto& c : l.choices) {
        for (const auto* k : {"image", "audio", "video", "big-image"}) media = media || c.texts.count(k) > 0;
      }
    }
    return media;
  }

  // Texts written without a language column go to pyxform's "default" translation.
  [[nodiscard]] bool uses_default_language() const {
    bool plain = false;
    for (const auto* q : m_ins.questions()) {
      for (const auto& [k, t] : q->texts) plain = plain || t.count("") > 0;
    }
    for (const auto& l : m_ins.lists) {
      for (const auto& c : l.choices) {
        for (const auto& [k, t] : c.texts) plain = plain || t.count("") > 0;
      }
    }
    return plain;
  }

  // ${name} → the node's absolute path, spaced as pyxform writes it.
  [[nodiscard]] std::string expression(const std::string& e) const {
    std::string out;
    std::size_t last = 0;
    for (const auto& r : references(e)) {
      out.append(e, last, r.position - last);
      const auto p = m_paths.find(r.name);
      out += " " + (p == m_paths.end() ? e.substr(r.position, r.length) : p->second) + " ";
      last = r.position + r.length;
    }
    return out.append(e, last, std::string::npos);
  }

  [[nodiscard]] std::string submission() const {
    const auto url = setting("submission_url");
    const auto key = setting("public_key");
    if (url.empty() && key.empty()) return {};
    Attributes a = {{"method", "post"}};
    if (!url.empty()) a["action"] = url;
    if (!key.empty()) a["base64RsaPublicKey"] = key;
    return fmt::format("      <submission{}/>\n", attrs(a));
  }

  std::string instance(const Item& item, int depth) {
    const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
    std::string out;
    if (item.kind == ItemKind::question) {
      out += fmt::format("{}<{}/>\n", pad, item.name);
      if (item.or_other) out += fmt::format("{}<{}_other/>\n", pad, item.name);
      return out;
    }
    if (item.kind == ItemKind::repeat && !item.column("repeat_count").empty())
      out += fmt::format("{}<{}_count/>\n", pad, item.name);
    std::string inner;
    for (const auto& c : item.children) inner += instance(c, depth + 1);
    if (item.kind == ItemKind::repeat) {
      out += fmt::format("{}<{} jr:template=\"\">\n{}{}</{}>\n", pad, item.name, inner, pad, item.name);
    }
    out += fmt::format("{}<{}>\n{}{}</{}>\n", pad, item.name, inner, pad, item.name);
    return out;
  }

  [[nodiscard]] std::vector<Choice> choices_of(const ChoiceList& l) const {
    std::vector<Choice> out = l.choices;
    for (const auto* q : m_ins.questions()) {
      if (q->list == l.name && q->or_other) {
        Choice other;
        other.name = "other";
        other.texts["label"][m_itext && !m_langs.empty() ? m_langs.front() : ""] = "Other";
        out.push_back(other);
        break;
      }
    }
    return out;
  }

  std::string secondary_instances() {
    std::string out;
    for (const auto& l : m_ins.lists) {
      if (m_filtered.count(l.name) == 0) continue;
      out += fmt::format("      <instance id=\"{}\">\n        <root>\n", xml(l.name));
      const auto choices = choices_of(l);
      for (std::size_t k = 0; k < choices.size(); ++k) {
        const auto& c = choices[k];
        out += "          <item>\n";
        if (m_itext) {
          out += fmt::format("            <itextId>{}-{}</itextId>\n", xml(l.name), k);
        } else {
          out += fmt::format("            <label>{}</label>\n", xml(choice_label(c)));
        }
        out += fmt::format("            <name>{}</name>\n", xml(c.name));
        for (const auto& col : l.extra_columns) {
          const auto it = c.extra.find(col);
          if (it != c.extra.end()) out += fmt::format("            <{0}>{1}</{0}>\n", col, xml(it->second));
        }
        out += "          </item>\n";
      }
      out += "        </root>\n      </instance>\n";
    }
    return out;
  }

  [[nodiscard]] std::string choice_label(const Choice& c) const {
    const auto it = c.texts.find("label");
    if (it == c.texts.end() || it->second.empty()) return c.name;
    const auto plain = it->second.find("");
    return plain != it->second.end() ? plain->second : it->second.begin()->second;
  }

  std::string binds(const Item& item, const std::string& parent) {
    const std::string path = parent + "/" + item.name;
    std::string out;
    Attributes a = {{"nodeset", path}};
    auto expr = [&](const char* column, const char* attribute) {
      const auto v = item.column(column);
      if (!v.empty()) a[attribute] = expression(v);
    };
    expr("relevant", "relevant");
    if (item.kind == ItemKind::question) {
      expr("constraint", "constraint");
      expr("calculation", "calculate");
      const auto req = item.column("required");
      if (truthy(req)) {
        a["required"] = "true()";
      } else if (falsy(req)) {
        a["required"] = "false()";
      } else if (!req.empty()) {
        a["required"] = expression(req);
      }
      const auto ro = item.column("read_only");
      if (truthy(ro) || item.type == "note") a["readonly"] = "true()";
      text_attribute(item, path, "constraint_message", "jr:constraintMsg", a);
      text_attribute(item, path, "required_message", "jr:requiredMsg", a);
      preload(item, a);
      a["type"] = bind_type(item.type);
      for (const auto& [k, v] : item.columns) {
        if (k.rfind("bind::", 0) == 0) a[k.substr(6)] = v;
        if (k.rfind("jr:", 0) == 0) a[k] = v;
      }
      out += fmt::format("      <bind{}/>\n", attrs(a));
      if (item.or_other) {
        out += fmt::format("      <bind{}/>\n", attrs({{"nodeset", path + "_other"},
                                                       {"relevant", fmt::format("selected(../{}, 'other')", item.name)},
                                                       {"type", "string"}}));
      }
      return out;
    }
    if (item.kind == ItemKind::repeat && !item.column("repeat_count").empty()) {
      out += fmt::format("      <bind{}/>\n", attrs({{"calculate", expression(item.column("repeat_count"))},
                                                     {"nodeset", path + "_count"},
                                                     {"readonly", "true()"},
                                                     {"type", "string"}}));
    }
    if (a.size() > 1) out += fmt::format("      <bind{}/>\n", attrs(a));
    for (const auto& c : item.children) out += binds(c, path);
    return out;
  }

  void text_attribute(const Item& item, const std::string& path, const std::string& key, const std::string& attribute,
                      Attributes& a) const {
    const auto it = item.texts.find(key);
    if (it == item.texts.end() || it->second.empty()) return;
    if (m_itext && (it->second.size() > 1 || it->second.count("") == 0)) {
      a[attribute] = fmt::format("jr:itext('{}:{}')", path, attribute);
    } else {
      a[attribute] = expression(it->second.begin()->second);
    }
  }

  static void preload(const Item& item, Attributes& a) {
    if (item.type == "start" || item.type == "end") {
      a["jr:preload"] = "timestamp";
      a["jr:preloadParams"] = item.type;
    } else if (item.type == "today") {
      a["jr:preload"] = "date";
      a["jr:preloadParams"] = "today";
    } else if (is_metadata_type(item.type) && item.type != "audit" && item.type != "start-geopoint") {
      a["jr:preload"] = "property";
      a["jr:preloadParams"] = item.type;
    }
  }

  // <label> and <hint> of a control: inline text, or a reference to its translations.
  [[nodiscard]] std::string texts(const Item& item, const std::string& path, const std::string& pad) const {
    std::string out;
    for (const auto* key : {"label", "hint"}) {
      const auto it = item.texts.find(key);
      const bool media = std::string(key) == "label" &&
                         (item.texts.count("image") + item.texts.count("audio") + item.texts.count("video")) > 0;
      if ((it == item.texts.end() || it->second.empty()) && !media) continue;
      const bool translated = it != item.texts.end() && (it->second.size() > 1 || it->second.count("") == 0);
      if (m_itext && (translated || media)) {
        out += fmt::format("{}<{} ref=\"jr:itext('{}:{}')\"/>\n", pad, key, xml(path), key);
      } else {
        out += fmt::format("{}<{}>{}</{}>\n", pad, key, output_refs(it->second.begin()->second), key);
      }
    }
    return out;
  }

  // A label as XML, each ${name} becoming <output value=" path "/>.
  [[nodiscard]] std::string output_refs(const std::string& s) const {
    std::string out;
    std::size_t last = 0;
    for (const auto& r : references(s)) {
      out += xml(s.substr(last, r.position - last));
      const auto p = m_paths.find(r.name);
      out +=
          fmt::format("<output value=\" {} \"/>", xml(p == m_paths.end() ? s.substr(r.position, r.length) : p->second));
      last = r.position + r.length;
    }
    return out + xml(s.substr(last));
  }

  std::string items(const Item& item, const std::string& pad) {
    const auto* l = m_ins.list(item.list);
    if (l == nullptr) return {};
    if (m_filtered.count(l->name) > 0) {
      std::string filter = item.column("choice_filter");
      const std::string nodeset = fmt::format("instance('{}')/root/item{}", l->name,
                                              filter.empty() ? std::string() : "[" + expression(filter) + "]");
      return fmt::format(
          "{0}<itemset nodeset=\"{1}\">\n{0}  <value ref=\"name\"/>\n{0}  <label ref=\"{2}\"/>\n{0}</itemset>\n", pad,
          xml(nodeset), m_itext ? "jr:itext(itextId)" : "label");
    }
    std::string out;
    const auto choices = choices_of(*l);
    for (std::size_t k = 0; k < choices.size(); ++k) {
      out += pad + "<item>\n";
      if (m_itext) {
        out += fmt::format("{}  <label ref=\"jr:itext('{}-{}')\"/>\n", pad, xml(l->name), k);
      } else {
        out += fmt::format("{}  <label>{}</label>\n", pad, xml(choice_label(choices[k])));
      }
      out += fmt::format("{}  <value>{}</value>\n{}</item>\n", pad, xml(choices[k].name), pad);
    }
    return out;
  }

  std::string control(const Item& item, const std::string& parent, int depth) {
    const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
    const std::string path = parent + "/" + item.name;
    const auto appearance = item.column("appearance");
    Attributes a = {{"ref", path}};
    if (!appearance.empty()) a["appearance"] = appearance;
    for (const auto& [k, v] : item.columns) {
      if (k == "rows" || k == "autoplay") a[k] = v;
      if (k.rfind("body::", 0) == 0) a[k.substr(6)] = v;
    }
    if (item.kind != ItemKind::question) {
      std::string inner = texts(item, path, pad + "  ");
      std::string children;
      for (const auto& c : item.children) children += control(c, path, depth + (item.kind == ItemKind::repeat ? 2 : 1));
      if (item.kind == ItemKind::repeat) {
        Attributes r = {{"nodeset", path}};
        if (!item.column("repeat_count").empty()) r["jr:count"] = " " + path + "_count ";
        inner += fmt::format("{}  <repeat{}>\n{}{}  </repeat>\n", pad, attrs(r), children, pad);
      } else {
        inner += children;
      }
      return fmt::format("{}<group{}>\n{}{}</group>\n", pad, attrs(a), inner, pad);
    }
    const auto& t = item.type;
    std::string element;
    if (t == "select_one" || t == "select_one_from_file") {
      element = "select1";
    } else if (t == "select_multiple" || t == "select_multiple_from_file") {
      element = "select";
    } else if (t == "rank") {
      element = "odk:rank";
    } else if (t == "image" || t == "audio" || t == "video" || t == "file") {
      element = "upload";
      a["mediatype"] = t == "file" ? "application/*" : t + "/*";
    } else if (t == "acknowledge") {
      element = "trigger";
    } else if (t == "calculate" || t == "hidden" || is_metadata_type(t) || t == "xml-external" || t == "csv-external") {
      return {};
    } else {
      element = "input";
    }
    std::string out = fmt::format("{}<{}{}>\n", pad, element, attrs(a)) + texts(item, path, pad + "  ");
    if (item.name.rfind(kListLabels, 0) == 0) out += pad + "  <label></label>\n";
    if (element == "select1" || element == "select" || element == "odk:rank") out += items(item, pad + "  ");
    out += fmt::format("{}</{}>\n", pad, element);
    if (item.or_other) {
      out += fmt::format("{}<input ref=\"{}_other\">\n{}  <label>Specify other.</label>\n{}</input>\n", pad, path, pad,
                         pad);
    }
    return out;
  }

  std::string itext() {
    std::string out = "      <itext>\n";
    const std::string default_lang = m_ins.default_language.empty() ? m_langs.front() : m_ins.default_language;
    for (const auto& lang : m_langs) {
      Attributes a = {{"lang", lang}};
      if (lang == default_lang ||
          (lang == "default" && std::find(m_langs.begin(), m_langs.end(), default_lang) == m_langs.end())) {
        a["default"] = "true()";
      }
      out += fmt::format("        <translation{}>\n", attrs(a));
      const std::string key = lang == "default" ? "" : lang;
      for (const auto& l : m_ins.lists) {
        const auto choices = choices_of(l);
        for (std::size_t k = 0; k < choices.size(); ++k)
          out += text_entry(fmt::format("{}-{}", l.name, k), choices[k].texts, key);
      }
      item_texts(m_ins.root, "/" + m_ins.name, key, out);
      out += "        </translation>\n";
    }
    return out + "      </itext>\n";
  }

  void item_texts(const Item& item, const std::string& path, const std::string& lang, std::string& out) {
    for (const auto& c : item.children) {
      const std::string p = path + "/" + c.name;
      std::map<std::string, Translations> label;
      for (const auto* k : {"label", "image", "audio", "video", "big-image"}) {
        const auto it = c.texts.find(k);
        if (it != c.texts.end()) label[k] = it->second;
      }
      if (!label.empty()) out += text_entry(p + ":label", label, lang);
      for (const auto& [key, id] : std::vector<std::pair<std::string, std::string>>{
               {"hint", "hint"}, {"constraint_message", "jr:constraintMsg"}, {"required_message", "jr:requiredMsg"}}) {
        const auto it = c.texts.find(key);
        if (it == c.texts.end()) continue;
        if (it->second.size() == 1 && it->second.count("") > 0) continue;  // written inline
        out += text_entry(fmt::format("{}:{}", p, id), {{"label", it->second}}, lang);
      }
      if (c.kind != ItemKind::question) item_texts(c, p, lang, out);
    }
  }

  [[nodiscard]] std::string text_entry(const std::string& id, const std::map<std::string, Translations>& texts,
                                       const std::string& lang) const {
    std::string values;
    for (const auto& [key, t] : texts) {
      auto it = t.find(lang);
      std::string v = it != t.end() ? it->second : "-";
      if (key == "label" || key == "hint") {
        values += fmt::format("            <value>{}</value>\n", output_refs(v));
      } else if (it != t.end()) {
        const std::string folder = key == "audio" ? "audio" : key == "video" ? "video" : "images";
        values += fmt::format("            <value form=\"{}\">jr://{}/{}</value>\n", key, folder, xml(v));
      }
    }
    if (values.empty()) return fmt::format("          <text id=\"{}\"/>\n", xml(id));  // media of another language
    return fmt::format("          <text id=\"{}\">\n{}          </text>\n", xml(id), values);
  }

  const Instrument m_ins;
  std::map<std::string, std::string> m_paths;
  std::set<std::string> m_filtered;
  bool m_itext = false;
  std::vector<std::string> m_langs;
};

}  // namespace

std::string to_xform(const Instrument& instrument) { return Writer(instrument).write(); }

}  // namespace fabscope::collect
