// The demonstration campaign (demo.hpp, docs/collect/demo.md).
#include "app/demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "collect/answers.hpp"
#include "collect/answers_store.hpp"
#include "collect/campaign.hpp"
#include "collect/repository.hpp"
#include "collect/xlsform.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "referential/panel.hpp"

namespace fabscope::app {
namespace {

using collect::Item;
using collect::ItemKind;
using collect::Record;

// A seeded generator whose draws are the same on every platform (no std:: distributions,
// whose algorithms are the library's).
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : m_rng(seed) {}
  double u() { return static_cast<double>(m_rng() >> 11) * 0x1.0p-53; }  // [0, 1)
  int between(int lo, int hi) { return lo + static_cast<int>(std::floor(u() * (hi - lo + 1))); }
  bool chance(double p) { return u() < p; }
  double normal() {  // Box–Muller
    const double a = std::max(u(), 1e-12);
    return std::sqrt(-2 * std::log(a)) * std::cos(2 * M_PI * u());
  }

 private:
  std::mt19937_64 m_rng;
};

// What the generator knows of a workshop: its record and its territory.
struct Profile {
  const referential::PanelUnit* unit = nullptr;
  double size = 0.5;    // 0 (a small basin) … 1 (a metropolis): population within 30 km
  double rural = 0.5;   // 0 urban … 1 rural: the commune's density class
  double industry = 1;  // quotient of industry in the EPCI
};

double context(const referential::PanelUnit& u, std::string_view id) {
  for (std::size_t i = 0; i < std::size(referential::kContext); ++i) {
    if (referential::kContext[i].id == id && i < u.context.size()) return u.context[i];
  }
  return std::nan("");
}

Profile profile_of(const referential::PanelUnit& u) {
  Profile p;
  p.unit = &u;
  if (const double pop = context(u, "pop_within_30km"); !std::isnan(pop) && pop > 0) {
    p.size = std::clamp((std::log10(pop) - 4.5) / 2.0, 0.0, 1.0);
  }
  if (const double d = context(u, "density_class"); !std::isnan(d)) p.rural = std::clamp((d - 1) / 6.0, 0.0, 1.0);
  if (const double lq = context(u, "lq_be"); !std::isnan(lq)) p.industry = std::clamp(lq, 0.2, 3.0);
  return p;
}

std::vector<std::string> names_of(const collect::Instrument& ins, const Item& q) {
  std::vector<std::string> out;
  if (const auto* l = ins.list(q.list)) {
    for (const auto& c : l->choices) {
      if (c.name != "other") out.push_back(c.name);
    }
  }
  return out;
}

// A value of the question's type, before any conditioning.
std::string generic(const collect::Instrument& ins, const Item& q, Draw& d) {
  if (q.type == "integer") return std::to_string(d.between(0, 40));
  if (q.type == "decimal" || q.type == "range") return text::format_double(std::round(d.u() * 1000) / 10);
  if (q.type == "date")
    return fmt::format("20{:02}-{:02}-{:02}", d.between(15, 25), d.between(1, 12), d.between(1, 28));
  if (q.type == "select_one" || q.type == "select_multiple") {
    auto names = names_of(ins, q);
    if (names.empty()) return {};
    if (q.type == "select_one")
      return names[static_cast<std::size_t>(d.between(0, static_cast<int>(names.size()) - 1))];
    const int k = std::min<int>(d.between(1, 3), static_cast<int>(names.size()));
    std::string out;
    for (int i = 0; i < k; ++i) {
      const auto j = static_cast<std::size_t>(d.between(i, static_cast<int>(names.size()) - 1));
      std::swap(names[static_cast<std::size_t>(i)], names[j]);
      out += (out.empty() ? "" : " ") + names[static_cast<std::size_t>(i)];
    }
    return out;
  }
  if (q.type == "text") {
    const auto req = q.column("required");
    return req == "yes" || req == "true" ? "(réponse fictive)" : std::string();
  }
  return {};
}

// Shares of 100 (integers) drawn around `weights`.
std::vector<int> shares(const std::vector<double>& weights, Draw& d) {
  std::vector<double> w;
  double sum = 0;
  for (const double x : weights) {
    w.push_back(std::max(0.0, x * (0.6 + 0.8 * d.u())));
    sum += w.back();
  }
  std::vector<int> out;
  int total = 0;
  for (const double x : w) {
    out.push_back(static_cast<int>(std::floor(100 * x / sum)));
    total += out.back();
  }
  out.front() += 100 - total;
  return out;
}

// Values the territory and the record make plausible (docs/collect/demo.md lists them).
void condition_manager(Record& r, const Profile& p, Draw& d) {
  const auto& w = p.unit->record;
  const auto set = [&](const std::string& k, const std::string& v) {
    if (r.values.contains(k)) r.values[k] = v;
  };
  set("q_name", p.unit->name);
  set("q_city", w.city.value_or(p.unit->commune_name.empty() ? "—" : p.unit->commune_name));
  set("q_opening_year", std::to_string(w.opening_year.value_or(2008 + d.between(0, 14))));
  if (w.kind) set("q_kind", *w.kind);
  const double s = p.size;
  const int users = static_cast<int>(std::round((15 + 140 * s) * std::exp(0.35 * d.normal())));
  set("q_users_per_week", std::to_string(std::max(3, users)));
  const double fte = std::round((0.5 + 4 * s * d.u()) * 2) / 2;
  set("q_staff_fte", text::format_double(fte));
  set("q_wage_bill", std::to_string(static_cast<long>(std::round(fte * 1000 * d.between(30, 48)))));
  set("q_volunteers", std::to_string(d.between(0, 6 + static_cast<int>(20 * (1 - s)))));
  set("q_fabmanager", d.chance(0.35 + 0.45 * s) ? "yes" : "no");
  set("q_surface", std::to_string(d.between(40, 120 + static_cast<int>(500 * s))));
  set("q_budget", std::to_string(1000 * d.between(20, 60 + static_cast<int>(400 * s))));
  // Rural workshops live more on subsidies, urban ones on services and memberships.
  const auto rev = shares({30 + 40 * p.rural, 25 + 25 * (1 - p.rural), 15, 10, 10 + 10 * p.industry}, d);
  const char* keys[] = {"q_rev_public", "q_rev_services", "q_rev_memberships", "q_rev_training", "q_rev_private"};
  const char* sources[] = {"public_subsidies", "services", "memberships", "training", "private_partners"};
  std::string significant;
  for (std::size_t i = 0; i < 5; ++i) {
    set(keys[i], std::to_string(rev[i]));
    if (rev[i] > 10) significant += (significant.empty() ? "" : " ") + std::string(sources[i]);
  }
  if (r.values.contains("q_rev_total")) r.values.erase("q_rev_total");  // a calculation: recomputed
  set("q_revenue_sources", significant.empty() ? "public_subsidies" : significant);
  const int firms = static_cast<int>(std::round(p.industry * (2 + 25 * s) * d.u()));
  set("q_firms_served", std::to_string(firms));
  set("q_firm_projects", std::to_string(static_cast<int>(std::round(firms * (0.5 + 1.5 * d.u())))));
  set("q_jobs_from_projects", std::to_string(static_cast<int>(std::round(firms * 0.3 * d.u()))));
  set("q_companies_created", std::to_string(d.between(0, 1 + static_cast<int>(3 * s))));
  set("q_firms_adopting", std::to_string(static_cast<int>(std::round(firms * 0.6 * d.u()))));
  set("q_people_trained", std::to_string(static_cast<int>(users * (1 + 3 * d.u()))));
  set("q_digital_training_hours", std::to_string(d.between(40, 200 + static_cast<int>(600 * s))));
  const auto likert = [&](double centre) {
    return std::to_string(std::clamp(static_cast<int>(std::round(centre + 0.9 * d.normal())), 1, 5));
  };
  set("q_publics_diversity", likert(3 + s));
  set("q_impact_employment", likert(2.5 + p.industry / 2));
  set("q_impact_diversity", likert(3.2));
  set("q_impact_digital", likert(3 + s / 2));
  set("q_impact_attractiveness", likert(2.6 + p.rural));
  if (auto it = r.repeats.find("achats"); it != r.repeats.end()) {
    for (auto& a : it->second) {
      if (a.values.contains("q_purchase_amount"))
        a.values["q_purchase_amount"] = std::to_string(500 * d.between(1, 40));
      if (a.values.contains("q_purchase_local_share")) {
        a.values["q_purchase_local_share"] = std::to_string(d.between(10, 40 + static_cast<int>(40 * p.rural)));
      }
    }
  }
  // The budget covers the wages and the purchases, with a margin for the rest.
  if (r.values.contains("q_budget")) {
    const auto num = [](const std::string& v) { return text::parse_double(v).value_or(0.0); };
    double spent = num(r.value("q_wage_bill"));
    if (auto it = r.repeats.find("achats"); it != r.repeats.end()) {
      for (const auto& a : it->second) spent += num(a.value("q_purchase_amount"));
    }
    const double budget = std::max(num(r.value("q_budget")), spent * (1.1 + 0.3 * d.u()));
    r.values["q_budget"] = std::to_string(1000 * static_cast<long>(std::ceil(budget / 1000)));
  }
}

void condition_user(Record& r, const Profile& p, Draw& d) {
  const auto set = [&](const std::string& k, const std::string& v) {
    if (r.values.contains(k)) r.values[k] = v;
  };
  const int opened = p.unit->record.opening_year.value_or(2012);
  set("u_since", std::to_string(std::clamp(d.between(opened, 2026), 1980, 2026)));
  set("u_travel_minutes", std::to_string(d.between(5, 15 + static_cast<int>(35 * p.rural))));
  set("u_residence", p.unit->commune_name.empty() ? p.unit->commune : p.unit->commune_name);
  set("u_travel_mode", p.rural > 0.5 && d.chance(0.8) ? "car" : (d.chance(0.5) ? "public" : "bike"));
}

// A record of every question of the form (repeats: 1 to 3 instances), then conditioned,
// then repaired until the form's checks pass (values that break a constraint are drawn
// again); irrelevant answers are dropped.
Record generate(const collect::Instrument& ins, Draw& d, const std::function<void(Record&)>& condition) {
  std::function<void(const Item&, Record&)> fill = [&](const Item& group, Record& r) {
    for (const auto& c : group.children) {
      if (c.kind == ItemKind::group) {
        fill(c, r);
      } else if (c.kind == ItemKind::repeat) {
        auto& instances = r.repeats[c.name];
        const int n = d.between(1, 3);
        for (int i = 0; i < n; ++i) {
          Record inst;
          fill(c, inst);
          instances.push_back(std::move(inst));
        }
      } else if (c.type != "note" && c.type != "calculate" && !collect::is_metadata_type(c.type)) {
        if (auto v = generic(ins, c, d); !v.empty()) r.values[c.name] = std::move(v);
      }
    }
  };
  Record r;
  fill(ins.root, r);
  condition(r);
  const collect::AnswerChecker checker(ins, "2026-12-07");
  std::map<std::string, const Item*> questions;
  for (const auto* q : ins.questions()) questions.emplace(q->name, q);
  for (int round = 0; round < 50; ++round) {
    auto copy = r;
    const auto problems = checker.check(copy);
    std::vector<std::string> bad;
    for (const auto& p : problems) {
      if (p.error) bad.push_back(p.path);
    }
    if (bad.empty()) break;
    if (round == 49) {
      throw Error(ExitCode::failure, fmt::format("the demonstration generator cannot satisfy {} ({})", bad.front(),
                                                 problems.front().message));
    }
    for (const auto& path : bad) {
      const auto slash = path.rfind('/');
      const auto name = slash == std::string::npos ? path : path.substr(slash + 1);
      const auto q = questions.find(name);
      if (q == questions.end()) continue;
      if (slash == std::string::npos) {
        r.values[name] = generic(ins, *q->second, d);
      } else {  // "achats[2]/q_purchase_amount"
        const auto open = path.find('[');
        const auto rep = path.substr(0, open);
        const auto index = std::stoul(path.substr(open + 1)) - 1;
        r.repeats[rep].at(index).values[name] = generic(ins, *q->second, d);
      }
    }
  }
  collect::drop_irrelevant(ins, r, "2026-12-07");
  (void)checker.check(r);  // the calculations, stored with the answers
  return r;
}

std::pair<collect::StoredInstrument, collect::Instrument> instrument(store::Store& st,
                                                                     const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) {
    throw Error(ExitCode::missing_data,
                fmt::format("{}: the default questionnaire is missing (--instruments DIR)", file.string()),
                fmt::format("{} : le questionnaire par défaut manque (--instruments DOSSIER)", file.string()));
  }
  const auto bytes = io::read_file(file);
  auto ins = collect::read_xlsform_bytes(bytes, file.filename().string(), file.stem().string());
  auto stored = collect::save_instrument(st, ins, bytes, file.filename().string()).stored;
  return {stored, std::move(ins)};
}

}  // namespace

DemoResult make_demo(store::Store& store, const DemoOptions& options) {
  DemoResult out;
  if (collect::find_campaign(store, options.campaign)) {
    out.already = true;
    return out;
  }
  const auto panel = referential::build_panel(store, referential::Referential::builtin());
  if (panel.units.empty()) {
    throw Error(ExitCode::missing_data, "no placed workshop in the register: run `fabscope run` first",
                "aucun atelier placé dans le registre : lancez d'abord `fabscope run`");
  }
  store::Savepoint tx(store, "demo");
  const auto [manager_v, manager] = instrument(store, options.instruments / "questionnaire_gestionnaire.xlsx");
  const auto [user_v, user] = instrument(store, options.instruments / "questionnaire_usager.xlsx");
  const auto [documents_v, documents] = instrument(store, options.instruments / "grille_documents.xlsx");
  Draw d(options.seed);
  // The invited workshops: a seeded shuffle of the panel.
  std::vector<std::size_t> order(panel.units.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[static_cast<std::size_t>(d.between(0, static_cast<int>(i) - 1))]);
  }
  order.resize(std::min(order.size(), options.workshops));
  std::sort(order.begin(), order.end());
  const auto campaign = collect::create_campaign(store, options.campaign, manager.form_id, manager_v.version, "", true);
  // The user questionnaire, into which the managers' links forward (/q/{token}/usagers).
  if (!collect::find_campaign(store, options.campaign + " — usagers")) {
    const auto users_campaign =
        collect::create_campaign(store, options.campaign + " — usagers", user.form_id, user_v.version, "", true);
    collect::set_users_campaign(store, campaign, users_campaign);
  }
  std::vector<collect::Invitee> invitees;
  invitees.reserve(order.size());
  for (const auto i : order) invitees.push_back({panel.units[i].id, "démonstration"});
  const auto links = collect::invite(store, campaign, invitees, "manager", "");
  out.invited = links.size();
  std::vector<collect::Submission> users;
  for (std::size_t k = 0; k < links.size(); ++k) {
    const auto& unit = panel.units[order[k]];
    const auto p = profile_of(unit);
    if (!d.chance(options.response_rate)) continue;
    collect::Draft draft;
    draft.instance_id = fmt::format("demo:{}:{}", options.seed, unit.id);
    draft.data = generate(manager, d, [&](Record& r) { condition_manager(r, p, d); });
    collect::Link link{collect::LinkState::open, links[k].invitation, campaign};
    if (collect::submit(store, link, draft, "demo")) ++out.managers;
    // The evaluators' reading of its documents (statutes, reports, budget, website).
    collect::Submission doc;
    doc.instance_id = fmt::format("demo:{}:{}:documents", options.seed, unit.id);
    doc.workshop_id = unit.id;
    doc.submitted_at = "2026-12-01";
    doc.meta["source_row"] = "fabscope demo (fictitious)";
    doc.data = generate(documents, d, [&](Record& r) {
      if (r.values.contains("press_mentions"))
        r.values["press_mentions"] = std::to_string(d.between(0, 2 + static_cast<int>(20 * p.size)));
    });
    out.documents += collect::save_submissions(store, documents_v, {doc}, "demo", true).inserted;
    const int n = d.between(static_cast<int>(options.users_min), static_cast<int>(options.users_max));
    for (int j = 0; j < n; ++j) {
      collect::Submission s;
      s.instance_id = fmt::format("demo:{}:{}:user{}", options.seed, unit.id, j + 1);
      s.workshop_id = unit.id;
      s.submitted_at = "2026-12-01";
      s.meta["source_row"] = "fabscope demo (fictitious)";
      s.data = generate(user, d, [&](Record& r) { condition_user(r, p, d); });
      users.push_back(std::move(s));
    }
  }
  out.users = collect::save_submissions(store, user_v, users, "demo", true).inserted;
  tx.release();
  return out;
}

}  // namespace fabscope::app
