#!/usr/bin/python3
"""Builds data/instruments/nesta_uk_makerspaces.xlsx: an XLSForm of the questionnaire behind
Nesta's 2015 survey of UK makerspaces (../shared/data/makerspaces/nesta_uk_makerspaces_2015.csv,
CC BY-SA 4.0), written so that the published answers import against it
(docs/collect/answers.md, "The Nesta example"). Run after editing:
    /usr/bin/python3 data/instruments/build_nesta_form.py

The survey was a Google-Forms-style web form: the export's headers are the questions'
labels, answers are the choices' labels, a checkbox question's answers share one cell
separated by ", ", and "Other:" answers are free text in the same cell. Each question's
English label here is the export's header, so that columns match by label; choice lists
hold the options the form offered, as far as the answers show them; free answers outside
them are read as "other, specify" where the form allowed it (or_other). Questions the
form asked as free text stay text (floor space was typed as "603.87 sq m (6500 sq ft)").
The timestamp is the tool's (11-Feb-15): text.
"""
import os
import sys

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_instruments import save  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

YES_NO = [("yes", "Yes"), ("no", "No")]
SHARE = [("lt10", "<10%"), ("p10", "10-19%"), ("p20", "20-29%"), ("p30", "30-39%"), ("p40", "40-49%"),
         ("p50", "50-59%"), ("p60", "60-69%"), ("p70", "70-79%"), ("p80", "80-89%"), ("p90", "90-100%"),
         ("dont_know", "Don't know"), ("prefer_not", "Prefer not to say")]
LISTS = {
    "yes_no": YES_NO,
    "region": [("north_east", "North East"), ("north_west", "North West"), ("yorkshire", "Yorkshire and Humber"),
               ("east_midlands", "East Midlands"), ("west_midlands", "West Midlands"),
               ("east", "East of England"), ("london", "London"), ("south_east", "South East"),
               ("south_west", "South West"), ("wales", "Wales"), ("scotland", "Scotland"),
               ("northern_ireland", "North Ireland")],
    "location_type": [("permanent", "Permanent location"), ("temporary", "Temporary location"),
                      ("mobile", "Mobile location")],
    "host": [("private_landlord", "Leased from private landlord"), ("council", "Leased from council"),
             ("he", "Hosted by HE institution"), ("public", "Hosted by public institution"),
             ("charity", "Hosted by charitable organisation"), ("company", "Hosted by company"),
             ("homeowner", "Hosted by private homeowner"), ("owned", "Owned by makerspace")],
    "closed": [("loss_of_space", "Closed due to loss of space")],
    "access": [("member_any_time", "Member (or keyholder) access any time"),
               ("member_set_hours", "Member (or keyholder) access in set hours"),
               ("public_any_time", "Public access any time"), ("public_set_hours", "Public access in set hours"),
               ("public_courses", "Public access for courses or training only"),
               ("public_events", "Public access for special events only"),
               ("occasional", "Occasional open access to public"), ("bookable", "Bookable time"),
               ("appointment", "Access by appointment only")],
    "amenities": [("storage", "Long term project storage"), ("kitchen", "Shared kitchen"),
                  ("event_space", "Bookable event space"), ("social", "Social, non-working area"),
                  ("toilets", "Toilets"), ("library", "Library"), ("wifi", "Wifi"), ("ethernet", "Wired ethernet"),
                  ("reception", "Reception desk or area"), ("cafe", "Caf_ on site"), ("gallery", "Gallery"),
                  ("carpark", "Carpark"), ("offices", "Offices or incubator space")],
    "accessibility": [("wheelchair", "Wheelchair accessible"), ("children_workspace", "Children allowed in workspace"),
                      ("children_not_workspace", "Children welcome, but not in workspace"),
                      ("guide_dogs", "Guide dogs welcome"), ("all_dogs", "All dogs welcome")],
    "materials_provided": [("yes", "Yes"), ("no_bring_own", "No, users bring their own")],
    "materials": [("metals", "Metals"), ("plastics", "Plastics"), ("fabrics", "Fabrics, yarns"),
                  ("wood", "Wood and derivatives"), ("paper", "Paper and card"), ("electronics", "Electronics"),
                  ("inks", "Inks, paints"), ("chemicals", "Chemicals"), ("biological", "Biological or organic"),
                  ("stone", "Stone, clay, ceramics")],
    "size_cluster": [("large", "large"), ("medium", "medium"), ("small", "small"), ("unknown", "unknown")],
    "share": SHARE,
    "visits": [("v0", "0-10"), ("v10", "10 to 50"), ("v50", "50-100"), ("v100", "100-250"), ("v250", "250-1000"),
               ("v1000", "1000-5000"), ("v5000", "5000+"), ("not_open", "n/a not open")],
    "staff": [("none", "No staff"), ("volunteers", "Volunteer staff"), ("informal", "Informal user support"),
              ("full_time", "Full-time technician(s)"), ("part_time", "Part-time technician(s)"),
              ("dbs", "(Some) staff have DBS certificate"), ("business", "Business support")],
    "training": [("informal", "Informal help"), ("classes", "Classes"), ("inductions", "Tool inductions"),
                 ("technical", "Technical support"), ("formal", "Formal courses"),
                 ("advanced", "Advance tool training"), ("none", "No training offered")],
    "events": [("public", "Public events"), ("member", "Member events"), ("free", "Free events"),
               ("family", "Family events"), ("corporate", "Corporate/business events")],
    "programmes": [("qualifications", "Qualification opportunities (e.g. BTEC, CPD (Continuing Professional "
                                      "Development))"),
                   ("affiliated", "Affiliated programmes (e.g. _Code Club, STEM ambassodors, Young Rewired State, "
                                  "Raspi Jam)"),
                   ("schools", "School programmes"),
                   ("commercial", "Commercial services (e.g. design/project/manufacturing/material consultancy)")],
    "founders": [("informal_group", "Informal group"), ("individual", "Individual"),
                 ("organisation", "Company or existing organisation")],
    "legal": [("clg", "Company limited by guarantee"), ("cls", "Company limited by shares"), ("cic", "CIC"),
              ("coop", "Cooperative"), ("charity", "Charity"), ("not_for_profit", "Not for profit"),
              ("for_profit", "For profit"), ("informal", "Informal collaboration"),
              ("ips", "Industrial and provident society"), ("unincorporated", "Unincorporated association")],
}

GRID_GENDER = ["Female", "Male", "Other", "Prefer not to say"]
GRID_ETHNIC = ["White", "Mixed or multiple ethnic groups", "Asian or Asian British",
               "Black, African, Caribbean or Black British", "Other ethnic group"]
GRID_USERS = ["Visitors or observers", "Hobbyist", "Startups", "Sole traders/Microbusinesses", "SMEs",
              "Corporates, and large orgs", "Students", "Teachers", "Other / don't know"]
GRID_PURPOSE = ["Receive training, instruction or learn a skill", "Introduction to making", "Make something specific",
                "Prototype", "Make one-off pieces", "Small batch production",
                "Network or find a maker/partner/designer, etc", "Socialise", "Other (detail below)"]


def grid(prefix, question, rows):
    return [("select_one share", f"{prefix}_{i + 1}", f"{question} [{row}]") for i, row in enumerate(rows)]


EQUIPMENT = ["Tools and equipment (unsorted list)", "General workshop equipment", "General Hand tools (manual)",
             "General Hand tools (powered)", "General workshop (bench mounted/freestanding tools)", "Woodwork",
             "Metalwork", "Fine metalwork (e.g. jewellery)", "Fabrics", "Ceramics", "Plastics", "Glass",
             "Painting and graphic arts", "Print making", "Photography and film making",
             "Science, Synthetic Bio, Chemistry", "Computing", "Digital fabrication", "Electronics", "Audio and music",
             "Sculpture", "Construction and architecture", "Display", "Project documentation"]

SURVEY = [
    ("text", "timestamp", "Timestamp"),
    ("begin group", "identity", "Identity and online presence"),
    ("text", "name", "Name of makerspace"),
    ("text", "website", "Website / URL"),
    ("text", "twitter", "Twitter"),
    ("text", "facebook", "Facebook"),
    ("text", "other_online", "Other online presence / social media account"),
    ("text", "irc", "IRC Channel"),
    ("text", "mailing_list", "Public mailing list, newsgroup or forum"),
    ("end group", None, None),
    ("begin group", "location", "Location"),
    ("text", "address", "Address"),
    ("text", "postcode", "Postcode"),
    ("select_one region", "region", "Region"),
    ("text", "area", "Area"),
    ("select_one location_type or_other", "location_type", "Type of location"),
    ("select_one yes_no or_other", "moved", "Was your makerspace previously at another location"),
    ("text", "move_reason", "If so, where and what was the reason for your move?"),
    ("select_one host or_other", "host", "Who owns or hosts your physical space?"),
    ("text", "floor_sqm", "Floor space (sq m)"),
    ("text", "floor_sqft", "Floor space (sq ft )"),
    ("date", "opened", "Date your space opened (or plans to open)"),
    ("date", "closed", "Date your space closed (if it is no longer running)"),
    ("select_multiple closed or_other", "closed_how", "If closed:"),
    ("end group", None, None),
    ("begin group", "access", "Access and fees"),
    ("select_multiple access or_other", "access_modes", "What access do people have to the space?"),
    ("text", "fees", "Please tell us about your membership fees"),
    ("text", "access_notes", "Notes on access rules"),
    ("text", "fee_structure", "Membership fee structure type"),
    ("text", "monthly_cost", "cost to member/user per month"),
    ("select_multiple amenities or_other", "amenities", "Amenities / facilities"),
    ("select_multiple accessibility or_other", "accessibility", "Accessibility for those with special needs"),
    ("text", "accessibility_notes", "Notes on accessibility"),
    ("end group", None, None),
    ("begin group", "equipment", "Tools and equipment by area of practice"),
    *[("text", f"equipment_{i + 1}", label) for i, label in enumerate(EQUIPMENT)],
    ("text", "other_practice", "Are there any other areas of practice you support?"),
    ("text", "tool_specialism", "Does your space specialise in any tools or technologies?"),
    ("text", "induction_tools", "Which tools can be operated only after induction?"),
    ("text", "staff_only_tools", "Which tools are operated only by staff?"),
    ("text", "tool_restrictions", "Describe any other restrictions on access to tools"),
    ("end group", None, None),
    ("begin group", "materials", "Materials"),
    ("select_one yes_no", "materials_shop", "Do you have a materials shop?"),
    ("select_multiple materials_provided", "materials_provided", "Are materials provided"),
    ("select_multiple materials or_other", "material_types", "Types of materials used in the space"),
    ("text", "material_specialism", "Does your space specialise in any materials?"),
    ("select_multiple yes_no", "donations", "Do you accept donations of materials and components for general use?"),
    ("end group", None, None),
    ("begin group", "membership", "Members and users"),
    ("select_one yes_no", "member_list", "Do you keep a list of members or regular users?"),
    ("text", "members", "Current membership or userbase"),
    ("select_one size_cluster", "size_cluster", "cluster type by size"),
    ("select_one yes_no", "code_of_conduct", "Have you adopted a code of conduct?"),
    *grid("gender", "Gender balance of members or regular users", GRID_GENDER),
    *grid("ethnic", "What ethnic groups are represented amongst your membership?", GRID_ETHNIC),
    ("select_one visits", "visits", "Total visits in November 2014"),
    ("select_one visits", "unique_users", "Unique users in November 2014"),
    *grid("user_type", "User types in November 2014", GRID_USERS),
    *grid("purpose", "Purpose of user visits in November 2014", GRID_PURPOSE),
    ("text", "other_purpose", "Other reason for visit"),
    ("end group", None, None),
    ("begin group", "activities", "Staff, training and events"),
    ("select_multiple staff or_other", "staff", "Staff and support"),
    ("select_multiple training or_other", "training", "What training do you offer?"),
    ("select_multiple events or_other", "events", "What events do you run?"),
    ("select_multiple programmes or_other", "programmes", "Other programmes"),
    ("text", "offsite_events", "Does your space host or have a presence at off-site events?"),
    ("text", "open_source", "Does your makerspace community contribute to or maintain any open hardware or open "
                            "source software projects?"),
    ("end group", None, None),
    ("begin group", "network", "Relations and networks"),
    ("text", "council", "Do you have a direct relationship with your local council?"),
    ("text", "neighbours", "Do your neighbours in nearby buildings know what you are?"),
    ("text", "manager_networks", "Are you on any mailing lists, forums, or private online communities for makerspace "
                                 "managers/founders/staff?"),
    ("text", "collaborations", "Do you regularly collaborate or work with any other makerspaces in particular? "),
    ("end group", None, None),
    ("begin group", "organisation", "Organisation"),
    ("select_one yes_no", "accounts", "Do you produce accounts?"),
    ("select_multiple founders or_other", "founders", "Founders"),
    ("text", "founder_backgrounds", "What backgrounds do the founders/managers/directors have?"),
    ("select_multiple legal or_other", "legal_structure", "Legal Structure"),
    ("text", "ambitions", "What are your ambitions for your makerspace?"),
    ("text", "challenges", "What problems or challenges has your makerspace encountered?"),
    ("text", "success_story", "What is your best success story?"),
    ("end group", None, None),
]


def main():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)"])
    for row in SURVEY:
        ws.append(list(row))
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)"])
    for name, choices in LISTS.items():
        for value, label in choices:
            ch.append([name, value, label])
    st = wb.create_sheet("settings")
    st.append(["form_title", "form_id", "version", "default_language"])
    st.append(["UK makerspaces survey (Nesta, 2015)", "nesta_uk_makerspaces", "2015", "English (en)"])
    path = os.path.join(HERE, "nesta_uk_makerspaces.xlsx")
    save(wb, path)
    print("written:", path)


if __name__ == "__main__":
    main()
