"""Field names and labels whose value is a person: `"assignee": ...`, `first_name=...`, `Reviewed-by: ...`.

A label is normalised (lower case, letters and digits only) and its last one to four words are tried, so
"customer_name", "Next of kin", "Co-authored-by" and "reviewers" all resolve.
"""

from __future__ import annotations

import enum

import regex as re

from detectors.not_names import words_of


class KeyKind(enum.Enum):
    PERSON = "person"  # the value is a person: a lone rare word is enough
    NAME = "name"  # "name", "display_name": also services, steps and products, so a lone word must be a census name
    HEADER = "header"  # From:, To:, Cc:: also lists, bots and teams, so a lone word must be clearly rare


_PERSON_ROLES = (
    "author authors authorname writer creator createdby updatedby modifiedby editedby owner owners ownername "
    "maintainer maintainers contributor contributors committer signedoffby coauthoredby ackedby testedby "
    "reportedby suggestedby requestedby reviewedby approvedby assignedto requester requestor reporter assignee "
    "assignees reviewer reviewers approver approvers contact contacts contactname contactperson manager "
    "managers supervisor lead teamlead techlead oncall employee employees staff person people patient patients "
    "patientname customer customername client clientname applicant applicants candidate candidates attending "
    "doctor physician clinician nurse gp consultant surgeon pharmacist dentist midwife therapist counsellor "
    "counselor caseworker socialworker referrer prescriber practitioner student students pupil teacher tutor "
    "guardian parent mother father spouse nextofkin emergencycontact kin sender recipient recipients attendee "
    "attendees participant participants member members speaker speakers organizer organiser caller callee "
    "agent witness witnesses tenant tenants landlord signatory signatories beneficiary accountholder "
    "cardholder policyholder insured guarantor plaintiff defendant claimant respondent victim suspect resident "
    "occupant guest guests visitor visitors volunteer volunteers referee advisor adviser salesrep rep "
    "firstname lastname fullname givenname familyname surname middlename maidenname preferredname nickname "
    "legalname birthname forename forenames givennames employeename studentname membername "
    "opposingparty otherparty counterparty interestedparty respondentparty complainant applicantname"
)
PERSON_KEYS = words_of(_PERSON_ROLES)
# Mail and chat headers: only as the whole label, never as the last word of a longer one ("moved to: ...").
HEADER_KEYS = words_of("from to cc bcc attn")
# "First:", "last": "…", "given": struct and record fields holding parts of a name (a lone census name only).
NAME_KEYS = words_of("name names displayname username first last given middle fname lname gname")
# "<thing>_name" is a person's name unless the thing is technical: host_name, file_name, bucket_name ...
_TECH_NAME_PREFIXES = words_of(
    "host file path db database schema table class module package service app application project repo "
    "repository bucket branch tag model image container pod node cluster domain server queue topic index field "
    "column key type function method var variable env environment region zone bundle device job task step "
    "stage workflow pipeline action event metric resource role group team org organisation organization "
    "company product brand plan tier feature flag component element attribute property param parameter "
    "font color colour style theme layout template view page route endpoint api link site file dir folder "
    "channel stream source target dataset vendor provider account device network interface volume disk "
    "secret cert certificate font icon locale language lang city country state street suburb region"
)

_LABEL_WORD = re.compile(r"[A-Za-z][a-z]*|[A-Z]+(?![a-z])|\d+")


def key_kind(label: str) -> KeyKind | None:
    """What a field name or label says about its value: a person, a name of anything, or nothing."""
    words = [word.casefold() for word in _LABEL_WORD.findall(label)]
    if not words:
        return None
    if len(words) == 1 and words[0] in HEADER_KEYS:
        return KeyKind.HEADER
    if len(words) >= 2 and words[-1] == "name" and words[-2] in _TECH_NAME_PREFIXES:
        return None
    for size in range(min(4, len(words)), 0, -1):
        key = "".join(words[-size:])
        if key in PERSON_KEYS:
            return KeyKind.PERSON
        if key in NAME_KEYS:
            return KeyKind.NAME
    if len(words) >= 2 and words[-1] == "name":
        return KeyKind.NAME
    return None
