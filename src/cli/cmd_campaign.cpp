// fabscope campaign create | invite | status | close | revoke | export (docs/commands/campaign.md)
#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "collect/answers_store.hpp"
#include "collect/campaign.hpp"
#include "collect/repository.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace fabscope::cli {
namespace {

collect::Campaign campaign_named(store::Store& st, const std::string& name) {
  auto c = collect::find_campaign(st, name);
  if (!c) {
    throw Error(ExitCode::not_found, fmt::format("no campaign is named « {} » (fabscope campaign status)", name),
                fmt::format("aucune campagne ne s'appelle « {} » (fabscope campaign status)", name));
  }
  return *c;
}

// A date given on the command line (yyyy-mm-dd) as the end of that day, UTC.
std::string end_of_day(const std::string& date) {
  if (date.empty()) return {};
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
    throw Error(ExitCode::usage, fmt::format("« {} » is not a date (yyyy-mm-dd)", date),
                fmt::format("« {} » n'est pas une date (aaaa-mm-jj)", date));
  }
  return date + "T23:59:59Z";
}

class CampaignCreate final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("name", m_name, "The campaign's name (unique)")->required();
    app.add_option("--form", m_form, "The questionnaire (form_id)")->required();
    app.add_option("--version", m_version, "The questionnaire's version (default: the latest)");
    app.add_option("--closes", m_closes, "Last day answers are taken (yyyy-mm-dd)");
    app.add_flag("--fictitious", m_fictitious, "A demonstration campaign: every page and export says so");
    app.add_option("--users", m_users,
                   "The campaign of the user questionnaire into which this campaign's managers forward links");
  }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    store::Savepoint tx(*st, "campaign_create");
    const auto c =
        collect::create_campaign(*st, m_name, m_form, m_version ? std::optional<int>(m_version) : std::nullopt,
                                 end_of_day(m_closes), m_fictitious);
    if (!m_users.empty()) collect::set_users_campaign(*st, c, campaign_named(*st, m_users));
    tx.release();
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.campaign.created")), c.name, c.form_id, c.version,
                             c.closes_at.empty() ? "—" : c.closes_at.substr(0, 10));
    if (!m_users.empty()) {
      std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.campaign.forwards")), m_users);
    }
    return 0;
  }

 private:
  std::string m_name, m_form, m_closes, m_users;
  int m_version = 0;
  bool m_fictitious = false;
};

class CampaignInvite final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("name", m_name, "The campaign")->required();
    app.add_option("--workshop", m_workshops, "A workshop's register id (repeatable)");
    app.add_option("--dep", m_dep, "Every workshop of a département (code)");
    app.add_flag("--all", m_all, "Every workshop of the register");
    app.add_flag("--open", m_open, "Links tied to no workshop (--count of them), e.g. a user survey handed out openly");
    app.add_option("--role", m_role, "manager (default) or user")->check(CLI::IsMember({"manager", "user"}));
    app.add_option("--count", m_count, "Links per workshop (e.g. user links to hand out; default 1)")
        ->check(CLI::Range(1, 1000));
    app.add_option("--label", m_label, "Whom the links are for (shown in the status, printed in the CSV)");
    app.add_option("--expires", m_expires, "Last day the links work (yyyy-mm-dd; default: the campaign's)");
    app.add_option("--base-url", m_base, "The server's address, to print whole links (default http://127.0.0.1:8080)");
    app.add_option("-o,--output", m_output, "CSV of the links for a mail merge (default: standard output)");
  }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    const auto c = campaign_named(*st, m_name);
    std::vector<std::pair<std::string, std::string>> workshops;  // id, name
    {
      std::string sql =
          "SELECT w.id, w.name FROM workshop w LEFT JOIN cog_commune c ON c.code = w.commune AND c.type = "
          "'commune-actuelle' WHERE w.merged_into IS NULL";
      if (!m_all && m_dep.empty() && m_workshops.empty() && !m_open) {
        throw Error(ExitCode::usage, "say whom to invite: --workshop ID, --dep CODE, --all or --open",
                    "dites qui inviter : --workshop ID, --dep CODE, --all ou --open");
      }
      if (!m_all && !m_dep.empty()) sql += " AND c.departement = ?";
      SQLite::Statement q(st->db(), sql + " ORDER BY w.id");
      if (!m_all && !m_dep.empty()) q.bind(1, m_dep);
      std::map<std::string, std::string> known;
      while (q.executeStep()) known.emplace(q.getColumn(0).getString(), q.getColumn(1).getString());
      if (m_all || !m_dep.empty()) {
        workshops.assign(known.begin(), known.end());
      }
      for (const auto& id : m_workshops) {
        const auto it = known.find(id);
        if (it == known.end()) {
          throw Error(ExitCode::not_found,
                      fmt::format("no workshop « {} » in the register (fabscope workshops list)", id),
                      fmt::format("pas d'atelier « {} » dans le registre (fabscope workshops list)", id));
        }
        workshops.emplace_back(*it);
      }
      if (m_open) workshops.emplace_back("", "");
      if (workshops.empty()) {
        throw Error(ExitCode::not_found, "no workshop matches", "aucun atelier ne correspond");
      }
    }
    std::vector<collect::Invitee> invitees;
    std::vector<std::string> names;
    for (const auto& [id, name] : workshops) {
      for (int k = 0; k < m_count; ++k) {
        invitees.push_back({id, m_label});
        names.push_back(name);
      }
    }
    const auto links =
        collect::invite(*st, c, invitees, m_role, m_expires.empty() ? c.closes_at : end_of_day(m_expires));
    std::string csv = "invitation,workshop_id,workshop_name,role,label,expires_at,link\n";
    for (std::size_t i = 0; i < links.size(); ++i) {
      const auto& inv = links[i].invitation;
      csv += fmt::format("{},{},{},{},{},{},{}\n", inv.id, text::csv_field(inv.workshop_id), text::csv_field(names[i]),
                         inv.role, text::csv_field(inv.label), inv.expires_at, m_base + "/q/" + links[i].token);
    }
    emit(m_output, csv);
    std::cerr << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.campaign.invited")), links.size(), c.name);
    return 0;
  }

 private:
  std::string m_name, m_dep, m_role = "manager", m_label, m_expires, m_base = "http://127.0.0.1:8080", m_output;
  std::vector<std::string> m_workshops;
  bool m_all = false, m_open = false;
  int m_count = 1;
};

class CampaignStatus final : public Command {
 public:
  void setup(CLI::App& app) override { app.add_option("name", m_name, "The campaign (default: every campaign)"); }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    const Lang lang = ctx.lang();
    std::vector<collect::Campaign> cs;
    if (m_name.empty()) {
      cs = collect::list_campaigns(*st);
    } else {
      cs.push_back(campaign_named(*st, m_name));
    }
    if (cs.empty()) {
      std::cout << tr(lang, "cli.campaign.none");
      return 0;
    }
    for (const auto& c : cs) {
      const auto state = !c.closed_at.empty() ? tr(lang, "cli.campaign.closed") : tr(lang, "cli.campaign.open");
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.campaign.header")), c.name, c.form_id, c.version, state,
                               c.closes_at.empty() ? "—" : c.closes_at.substr(0, 10),
                               c.fictitious ? tr(lang, "cli.campaign.fictitious") : "");
      std::vector<std::vector<std::string>> t = {{tr(lang, "cli.campaign.role"), tr(lang, "cli.campaign.dep"),
                                                  tr(lang, "cli.campaign.kind"), tr(lang, "cli.campaign.invited_col"),
                                                  tr(lang, "cli.campaign.started"), tr(lang, "cli.campaign.submitted"),
                                                  tr(lang, "cli.campaign.revoked"), tr(lang, "cli.campaign.rate")}};
      std::size_t inv = 0, sub = 0;
      for (const auto& r : collect::campaign_status(*st, c)) {
        const auto live = r.invited - r.revoked;
        t.push_back(
            {r.role, r.departement.empty() ? "—" : r.departement, r.kind.empty() ? "—" : r.kind,
             std::to_string(r.invited), std::to_string(r.started), std::to_string(r.submitted),
             std::to_string(r.revoked),
             live == 0 ? "—"
                       : text::percent(lang, 100.0 * static_cast<double>(r.submitted) / static_cast<double>(live), 0)});
        inv += live;
        sub += r.submitted;
      }
      std::cout << table(t, true, true);
      std::cout << fmt::format(
          fmt::runtime(tr(lang, "cli.campaign.total")), sub, inv,
          inv == 0 ? "—" : text::percent(lang, 100.0 * static_cast<double>(sub) / static_cast<double>(inv), 0));
    }
    return 0;
  }

 private:
  std::string m_name;
};

class CampaignClose final : public Command {
 public:
  void setup(CLI::App& app) override { app.add_option("name", m_name, "The campaign")->required(); }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    collect::close_campaign(*st, campaign_named(*st, m_name));
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.campaign.closed_now")), m_name);
    return 0;
  }

 private:
  std::string m_name;
};

class CampaignRevoke final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("name", m_name, "The campaign")->required();
    app.add_option("invitation", m_id, "The link's invitation number (first column of the invite CSV)")->required();
  }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(true);
    if (!collect::revoke(*st, campaign_named(*st, m_name), m_id)) {
      throw Error(ExitCode::not_found, fmt::format("no live link {} in « {} »", m_id, m_name),
                  fmt::format("pas de lien actif {} dans « {} »", m_id, m_name));
    }
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.campaign.revoked_now")), m_id, m_name);
    return 0;
  }

 private:
  std::string m_name;
  std::int64_t m_id = 0;
};

class CampaignExport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("name", m_name, "The campaign")->required();
    m_out.add_options(app);
  }
  int run(const Context& ctx) override {
    auto st = ctx.open_store(false);
    const auto c = campaign_named(*st, m_name);
    const auto loaded = collect::load_instrument(*st, c.form_id, c.version);
    if (!loaded) throw localized_error(ExitCode::not_found, "error.form.unknown", c.form_id);
    m_out.write(ctx, loaded->second, collect::load_submissions(*st, c.form_id, c.id));
    return 0;
  }

 private:
  std::string m_name;
  AnswerOutput m_out;
};

}  // namespace

std::unique_ptr<Command> make_campaign_create() { return std::make_unique<CampaignCreate>(); }
std::unique_ptr<Command> make_campaign_invite() { return std::make_unique<CampaignInvite>(); }
std::unique_ptr<Command> make_campaign_status() { return std::make_unique<CampaignStatus>(); }
std::unique_ptr<Command> make_campaign_close() { return std::make_unique<CampaignClose>(); }
std::unique_ptr<Command> make_campaign_revoke() { return std::make_unique<CampaignRevoke>(); }
std::unique_ptr<Command> make_campaign_export() { return std::make_unique<CampaignExport>(); }

}  // namespace fabscope::cli
