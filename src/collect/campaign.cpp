// Survey campaigns (campaign.hpp).
#include "collect/campaign.hpp"

#include <fmt/format.h>
#include <sys/random.h>

#include <array>
#include <cerrno>
#include <map>

#include "collect/answers_store.hpp"
#include "collect/repository.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"

namespace fabscope::collect {
namespace {

void random_bytes(unsigned char* out, std::size_t size);

constexpr const char* kCampaignColumns =
    "SELECT id, name, form_id, version, created_at, closes_at, closed_at, fictitious, COALESCE(users_campaign_id, 0) "
    "FROM campaign";
constexpr const char* kInvitationColumns =
    "SELECT id, campaign_id, COALESCE(parent_id, 0), workshop_id, role, label, created_at, expires_at, revoked_at, "
    "submitted_at FROM invitation";

Campaign campaign_row(SQLite::Statement& q) {
  Campaign c;
  c.id = q.getColumn(0).getInt64();
  c.name = q.getColumn(1).getString();
  c.form_id = q.getColumn(2).getString();
  c.version = q.getColumn(3).getInt();
  c.created_at = q.getColumn(4).getString();
  c.closes_at = q.getColumn(5).getString();
  c.closed_at = q.getColumn(6).getString();
  c.fictitious = q.getColumn(7).getInt() != 0;
  c.users_campaign_id = q.getColumn(8).getInt64();
  return c;
}

Invitation invitation_row(SQLite::Statement& q) {
  Invitation i;
  i.id = q.getColumn(0).getInt64();
  i.campaign_id = q.getColumn(1).getInt64();
  i.parent_id = q.getColumn(2).getInt64();
  i.workshop_id = q.getColumn(3).getString();
  i.role = q.getColumn(4).getString();
  i.label = q.getColumn(5).getString();
  i.created_at = q.getColumn(6).getString();
  i.expires_at = q.getColumn(7).getString();
  i.revoked_at = q.getColumn(8).getString();
  i.submitted_at = q.getColumn(9).getString();
  return i;
}

NewLink insert_link(store::Store& store, const Campaign& campaign, const std::string& workshop, const std::string& role,
                    const std::string& label, std::int64_t parent, const std::string& expires_at) {
  NewLink out;
  out.token = new_token();
  auto& inv = out.invitation;
  inv.campaign_id = campaign.id;
  inv.workshop_id = workshop;
  inv.role = role;
  inv.label = label;
  inv.parent_id = parent;
  inv.created_at = store::now_iso8601();
  inv.expires_at = expires_at;
  SQLite::Statement ins(store.db(),
                        "INSERT INTO invitation (campaign_id, token_sha256, workshop_id, role, label, parent_id, "
                        "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, campaign.id);
  ins.bind(2, token_digest(out.token));
  ins.bind(3, workshop);
  ins.bind(4, role);
  ins.bind(5, label);
  if (parent != 0) {
    ins.bind(6, parent);
  } else {
    ins.bind(6);
  }
  ins.bind(7, inv.created_at);
  ins.bind(8, expires_at);
  ins.exec();
  inv.id = store.db().getLastInsertRowid();
  return out;
}

}  // namespace

namespace {
void random_bytes(unsigned char* out, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const auto n = getrandom(out + got, size - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ExitCode::failure, "the system's random generator failed",
                  "le générateur aléatoire du système a échoué");
    }
    got += static_cast<std::size_t>(n);
  }
}
}  // namespace

std::string new_instance_id() {
  std::array<unsigned char, 16> b{};
  random_bytes(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  std::string hex;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
    hex += fmt::format("{:02x}", b[i]);
  }
  return "uuid:" + hex;
}

std::string new_token() {
  std::array<unsigned char, 32> bytes{};
  random_bytes(bytes.data(), bytes.size());
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const auto b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
  return out;
}

std::string token_digest(const std::string& token) { return sha256_bytes(token); }

Campaign create_campaign(store::Store& store, const std::string& name, const std::string& form_id,
                         std::optional<int> version, const std::string& closes_at, bool fictitious) {
  if (name.empty() || name.size() > 200) {
    throw Error(ExitCode::usage, "a campaign needs a name (200 characters at most)",
                "une campagne a besoin d'un nom (200 caractères au plus)");
  }
  if (find_campaign(store, name)) {
    throw Error(ExitCode::usage, fmt::format("a campaign is already named « {} »", name),
                fmt::format("une campagne s'appelle déjà « {} »", name));
  }
  const auto versions = instrument_versions(store, form_id);
  if (versions.empty()) throw localized_error(ExitCode::not_found, "error.form.unknown", form_id);
  Campaign c;
  c.name = name;
  c.form_id = form_id;
  c.version = version.value_or(versions.back().version);
  if (std::none_of(versions.begin(), versions.end(), [&](const auto& v) { return v.version == c.version; })) {
    throw Error(ExitCode::not_found, fmt::format("{} has no version {}", form_id, c.version),
                fmt::format("{} n'a pas de version {}", form_id, c.version));
  }
  c.created_at = store::now_iso8601();
  c.closes_at = closes_at;
  c.fictitious = fictitious;
  SQLite::Statement ins(
      store.db(),
      "INSERT INTO campaign (name, form_id, version, created_at, closes_at, fictitious) VALUES (?, ?, "
      "?, ?, ?, ?)");
  ins.bind(1, name);
  ins.bind(2, form_id);
  ins.bind(3, c.version);
  ins.bind(4, c.created_at);
  ins.bind(5, closes_at);
  ins.bind(6, fictitious ? 1 : 0);
  ins.exec();
  c.id = store.db().getLastInsertRowid();
  return c;
}

std::optional<Campaign> find_campaign(store::Store& store, const std::string& name) {
  SQLite::Statement q(store.db(), std::string(kCampaignColumns) + " WHERE name = ?");
  q.bind(1, name);
  if (!q.executeStep()) return std::nullopt;
  return campaign_row(q);
}

std::optional<Campaign> campaign_by_id(store::Store& store, std::int64_t id) {
  SQLite::Statement q(store.db(), std::string(kCampaignColumns) + " WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return campaign_row(q);
}

std::vector<Campaign> list_campaigns(store::Store& store) {
  SQLite::Statement q(store.db(), std::string(kCampaignColumns) + " ORDER BY id");
  std::vector<Campaign> out;
  while (q.executeStep()) out.push_back(campaign_row(q));
  return out;
}

void close_campaign(store::Store& store, const Campaign& campaign) {
  SQLite::Statement q(store.db(), "UPDATE campaign SET closed_at = ? WHERE id = ? AND closed_at = ''");
  q.bind(1, store::now_iso8601());
  q.bind(2, campaign.id);
  q.exec();
}

std::vector<NewLink> invite(store::Store& store, const Campaign& campaign, const std::vector<Invitee>& invitees,
                            const std::string& role, const std::string& expires_at) {
  store::Savepoint tx(store, "invite");
  std::vector<NewLink> out;
  out.reserve(invitees.size());
  for (const auto& i : invitees) {
    out.push_back(insert_link(store, campaign, i.workshop_id, role, i.label, 0, expires_at));
  }
  tx.release();
  return out;
}

void set_users_campaign(store::Store& store, const Campaign& campaign, const Campaign& users) {
  if (users.id == campaign.id) {
    throw Error(ExitCode::usage, "a campaign cannot forward links into itself",
                "une campagne ne peut pas transmettre de liens vers elle-même");
  }
  if (!users.closed_at.empty()) {
    throw Error(ExitCode::usage, fmt::format("the campaign « {} » is closed", users.name),
                fmt::format("la campagne « {} » est close", users.name));
  }
  SQLite::Statement q(store.db(), "UPDATE campaign SET users_campaign_id = ? WHERE id = ?");
  q.bind(1, users.id);
  q.bind(2, campaign.id);
  q.exec();
}

std::vector<Invitation> forwarded(store::Store& store, std::int64_t parent_id) {
  SQLite::Statement q(store.db(), std::string(kInvitationColumns) + " WHERE parent_id = ? ORDER BY id");
  q.bind(1, parent_id);
  std::vector<Invitation> out;
  while (q.executeStep()) out.push_back(invitation_row(q));
  return out;
}

namespace {

struct Refusal {
  std::string en, fr;
};

// Why a link may not forward, or nullopt; `users` receives the users campaign.
std::optional<Refusal> refusal(store::Store& store, const Link& from, std::optional<Campaign>& users) {
  if (from.state != LinkState::open && from.state != LinkState::submitted) {
    return Refusal{"this link no longer works", "ce lien ne fonctionne plus"};
  }
  if (from.invitation.role != "manager" || from.invitation.workshop_id.empty()) {
    return Refusal{"only the link of a workshop's manager can forward the user questionnaire",
                   "seul le lien du responsable d'un atelier peut transmettre le questionnaire des usagers"};
  }
  if (from.campaign.users_campaign_id != 0) users = campaign_by_id(store, from.campaign.users_campaign_id);
  if (!users) {
    return Refusal{"this campaign has no user questionnaire to forward",
                   "cette campagne n'a pas de questionnaire des usagers à transmettre"};
  }
  const auto now = store::now_iso8601();
  if (!users->closed_at.empty() || (!users->closes_at.empty() && users->closes_at <= now)) {
    return Refusal{"the user questionnaire is closed", "le questionnaire des usagers est clos"};
  }
  return std::nullopt;
}

}  // namespace

std::string forward_refusal(store::Store& store, const Link& from, Lang lang) {
  std::optional<Campaign> users;
  const auto r = refusal(store, from, users);
  return r ? (lang == Lang::en ? r->en : r->fr) : std::string();
}

std::vector<NewLink> forward(store::Store& store, const Link& from, std::size_t count, const std::string& label) {
  std::optional<Campaign> users;
  if (const auto r = refusal(store, from, users)) throw Error(ExitCode::usage, r->en, r->fr);
  if (count < 1 || count > kMaxForwardBatch) {
    throw Error(ExitCode::usage, fmt::format("from 1 to {} links at a time", kMaxForwardBatch),
                fmt::format("de 1 à {} liens à la fois", kMaxForwardBatch));
  }
  if (label.size() > 200) {
    throw Error(ExitCode::usage, "a label has 200 characters at most", "une étiquette a 200 caractères au plus");
  }
  store::Savepoint tx(store, "forward");
  SQLite::Statement n(store.db(), "SELECT count(*) FROM invitation WHERE parent_id = ?");
  n.bind(1, from.invitation.id);
  n.executeStep();
  const auto already = static_cast<std::size_t>(n.getColumn(0).getInt64());
  if (already + count > kMaxForwarded) {
    throw Error(ExitCode::usage,
                fmt::format("a manager's link forwards {} links at most ({} already)", kMaxForwarded, already),
                fmt::format("un lien de responsable transmet {} liens au plus ({} déjà)", kMaxForwarded, already));
  }
  std::vector<NewLink> out;
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(
        insert_link(store, *users, from.invitation.workshop_id, "user", label, from.invitation.id, users->closes_at));
  }
  tx.release();
  return out;
}

bool revoke(store::Store& store, const Campaign& campaign, std::int64_t invitation_id) {
  SQLite::Statement q(store.db(),
                      "UPDATE invitation SET revoked_at = ? WHERE id = ? AND campaign_id = ? AND revoked_at = ''");
  q.bind(1, store::now_iso8601());
  q.bind(2, invitation_id);
  q.bind(3, campaign.id);
  return q.exec() == 1;
}

std::vector<Invitation> invitations(store::Store& store, const Campaign& campaign) {
  SQLite::Statement q(store.db(), std::string(kInvitationColumns) + " WHERE campaign_id = ? ORDER BY id");
  q.bind(1, campaign.id);
  std::vector<Invitation> out;
  while (q.executeStep()) out.push_back(invitation_row(q));
  return out;
}

Link open_link(store::Store& store, const std::string& token, const std::string& now) {
  Link out;
  if (token.size() < 20 || token.size() > 100) return out;
  SQLite::Statement q(store.db(), std::string(kInvitationColumns) + " WHERE token_sha256 = ?");
  q.bind(1, token_digest(token));
  if (!q.executeStep()) return out;
  out.invitation = invitation_row(q);
  const auto c = campaign_by_id(store, out.invitation.campaign_id);
  if (!c) return out;
  out.campaign = *c;
  const auto past = [&](const std::string& when) { return !when.empty() && when <= now; };
  if (!out.invitation.revoked_at.empty()) {
    out.state = LinkState::revoked;
  } else if (!out.invitation.submitted_at.empty()) {
    out.state = LinkState::submitted;
  } else if (!out.campaign.closed_at.empty()) {
    out.state = LinkState::closed;
  } else if (past(out.invitation.expires_at) || past(out.campaign.closes_at)) {
    out.state = LinkState::expired;
  } else {
    out.state = LinkState::open;
  }
  return out;
}

std::optional<Draft> load_draft(store::Store& store, std::int64_t invitation_id) {
  SQLite::Statement q(store.db(), "SELECT instance_id, data, updated_at FROM draft WHERE invitation_id = ?");
  q.bind(1, invitation_id);
  if (!q.executeStep()) return std::nullopt;
  Draft d;
  d.instance_id = q.getColumn(0).getString();
  d.data = record_from_json(q.getColumn(1).getString());
  d.updated_at = q.getColumn(2).getString();
  return d;
}

void save_draft(store::Store& store, std::int64_t invitation_id, const Draft& draft) {
  store::Savepoint tx(store, "save_draft");  // its first statement writes: the write lock at once
  SQLite::Statement q(
      store.db(),
      "INSERT INTO draft (invitation_id, instance_id, data, updated_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (invitation_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at");
  q.bind(1, invitation_id);
  q.bind(2, draft.instance_id);
  q.bind(3, record_json(draft.data));
  q.bind(4, store::now_iso8601());
  q.exec();
  tx.release();
}

bool submit(store::Store& store, const Link& link, const Draft& draft, const std::string& origin) {
  store::Savepoint tx(store, "submit");  // its first statement writes: the write lock at once
  SQLite::Statement mark(
      store.db(), "UPDATE invitation SET submitted_at = ? WHERE id = ? AND submitted_at = '' AND revoked_at = ''");
  const auto now = store::now_iso8601();
  mark.bind(1, now);
  mark.bind(2, link.invitation.id);
  if (mark.exec() != 1) return false;  // already submitted (a double click, a second tab) or revoked meanwhile
  SQLite::Statement ins(
      store.db(),
      "INSERT INTO submission (instance_id, form_id, version, workshop_id, origin, fictitious, source, "
      "submitted_at, received_at, data, meta, invitation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?) "
      "ON CONFLICT (instance_id) DO NOTHING");
  ins.bind(1, draft.instance_id);
  ins.bind(2, link.campaign.form_id);
  ins.bind(3, link.campaign.version);
  ins.bind(4, link.invitation.workshop_id);
  ins.bind(5, origin);
  ins.bind(6, link.campaign.fictitious ? 1 : 0);
  ins.bind(7, fmt::format("campagne « {} », lien {}", link.campaign.name, link.invitation.id));
  ins.bind(8, now);
  ins.bind(9, now);
  ins.bind(10, record_json(draft.data));
  ins.bind(11, link.invitation.id);
  if (ins.exec() != 1) return false;  // the rollback undoes the mark
  SQLite::Statement del(store.db(), "DELETE FROM draft WHERE invitation_id = ?");
  del.bind(1, link.invitation.id);
  del.exec();
  tx.release();
  return true;
}

std::vector<StatusRow> campaign_status(store::Store& store, const Campaign& campaign) {
  SQLite::Statement q(store.db(),
                      "SELECT i.role, COALESCE(c.departement, ''), COALESCE(w.kind, ''), count(*), "
                      "sum(d.invitation_id IS NOT NULL), sum(i.submitted_at != ''), sum(i.revoked_at != '') "
                      "FROM invitation i LEFT JOIN workshop w ON w.id = i.workshop_id "
                      "LEFT JOIN cog_commune c ON c.code = w.commune AND c.type = 'commune-actuelle' "
                      "LEFT JOIN draft d ON d.invitation_id = i.id WHERE i.campaign_id = ? "
                      "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  q.bind(1, campaign.id);
  std::vector<StatusRow> out;
  while (q.executeStep()) {
    StatusRow r;
    r.role = q.getColumn(0).getString();
    r.departement = q.getColumn(1).getString();
    r.kind = q.getColumn(2).getString();
    r.invited = static_cast<std::size_t>(q.getColumn(3).getInt64());
    r.started = static_cast<std::size_t>(q.getColumn(4).getInt64());
    r.submitted = static_cast<std::size_t>(q.getColumn(5).getInt64());
    r.revoked = static_cast<std::size_t>(q.getColumn(6).getInt64());
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace fabscope::collect
