// Survey campaigns (docs/collect/campaigns.md): a questionnaire version put before a set of
// respondents, each with a secret link. A link's token is 256 random bits shown once, at
// invitation; the store keeps only its SHA-256, so the store's content cannot be turned
// back into links, and a link is found by the digest of what the browser sent (nothing to
// enumerate, nothing compared byte by byte). Links are revocable and expire with the
// campaign or at their own date. What a respondent has typed is kept as a draft, page by
// page; the final answer is one submission, written with the invitation's state in one
// transaction: a second submit of the same link changes nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "collect/answers.hpp"
#include "core/lang.hpp"
#include "store/store.hpp"

namespace fabscope::collect {

struct Campaign {
  std::int64_t id = 0;
  std::string name, form_id;
  int version = 0;
  std::string created_at, closes_at, closed_at;
  bool fictitious = false;
  std::int64_t users_campaign_id = 0;  // where its managers forward user links (0: none)
};

struct Invitation {
  std::int64_t id = 0, campaign_id = 0, parent_id = 0;
  std::string workshop_id, role, label, created_at, expires_at, revoked_at, submitted_at;
};

struct NewLink {
  Invitation invitation;
  std::string token;  // shown once; the store keeps its SHA-256
};

// A fresh token: 32 bytes from the system's generator (getrandom), base64url, 43 characters.
std::string new_token();
std::string token_digest(const std::string& token);
// An instance id as ODK writes one: "uuid:" and a random (version 4) UUID.
std::string new_instance_id();

// Creates a campaign for a form's version (the latest when `version` is empty); throws
// Error(usage) when the name is taken, Error(not_found) when the form is unknown.
Campaign create_campaign(store::Store& store, const std::string& name, const std::string& form_id,
                         std::optional<int> version, const std::string& closes_at, bool fictitious);
std::optional<Campaign> find_campaign(store::Store& store, const std::string& name);
std::optional<Campaign> campaign_by_id(store::Store& store, std::int64_t id);
std::vector<Campaign> list_campaigns(store::Store& store);
void close_campaign(store::Store& store, const Campaign& campaign);

struct Invitee {
  std::string workshop_id, label;
};
// One link per invitee, in one transaction.
std::vector<NewLink> invite(store::Store& store, const Campaign& campaign, const std::vector<Invitee>& invitees,
                            const std::string& role, const std::string& expires_at);
// Names the campaign into which the managers of `campaign` forward user-questionnaire links
// (`users`: another campaign, not closed). Throws Error(usage) otherwise.
void set_users_campaign(store::Store& store, const Campaign& campaign, const Campaign& users);

// Revokes a link by its id; false when there is none in the campaign.
bool revoke(store::Store& store, const Campaign& campaign, std::int64_t invitation_id);
std::vector<Invitation> invitations(store::Store& store, const Campaign& campaign);

enum class LinkState { open, unknown, revoked, expired, closed, submitted };
struct Link {
  LinkState state = LinkState::unknown;
  Invitation invitation;
  Campaign campaign;
};
// What a token opens at `now` (ISO 8601, UTC).
Link open_link(store::Store& store, const std::string& token, const std::string& now);

// Forwarding (docs/collect/campaigns.md#forwarding): a manager's link of a workshop makes
// `count` user links (1 to kMaxForwardBatch) in its campaign's users campaign, for the same
// workshop, role user, with `label`, expiring with that campaign; at most kMaxForwarded
// per manager link. Throws Error(usage) with a message for the manager (French and English)
// when the link may not forward. The manager's link may be open or already submitted.
inline constexpr std::size_t kMaxForwardBatch = 50;
inline constexpr std::size_t kMaxForwarded = 500;
std::vector<NewLink> forward(store::Store& store, const Link& from, std::size_t count, const std::string& label);
// Why `from` may not forward (empty when it may): no users campaign, not a manager's link…
std::string forward_refusal(store::Store& store, const Link& from, Lang lang);
// The links forwarded by a manager's link, oldest first.
std::vector<Invitation> forwarded(store::Store& store, std::int64_t parent_id);

struct Draft {
  std::string instance_id, updated_at;
  Record data;
};
std::optional<Draft> load_draft(store::Store& store, std::int64_t invitation_id);
// Saves the draft (durably: the store syncs every commit).
void save_draft(store::Store& store, std::int64_t invitation_id, const Draft& draft);
// The final answer: the submission, the invitation marked submitted and the draft removed,
// in one transaction. False (nothing written) when the link was already submitted or the
// instance id is already stored.
bool submit(store::Store& store, const Link& link, const Draft& draft, const std::string& origin = "web");

// Response counts of a campaign by role, département and kind of workshop.
struct StatusRow {
  std::string role, departement, kind;
  std::size_t invited = 0, started = 0, submitted = 0, revoked = 0;
};
std::vector<StatusRow> campaign_status(store::Store& store, const Campaign& campaign);

}  // namespace fabscope::collect
