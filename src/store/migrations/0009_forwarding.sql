-- 0009: user links forwarded by managers (docs/collect/campaigns.md#forwarding). A campaign
-- (of the manager questionnaire) may name the campaign of the user questionnaire into which
-- its managers forward links; each forwarded link records its manager's link (parent_id).
ALTER TABLE campaign ADD COLUMN users_campaign_id INTEGER REFERENCES campaign (id);
CREATE INDEX invitation_parent ON invitation (parent_id);
