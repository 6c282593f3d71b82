#!/usr/bin/env python3
"""Writes every data file of the scenario library (scenarios/*/train.jsonl, valid.jsonl, …).

Python 3 standard library only. Each scenario draws from its own random.Random(seed), so running
this again reproduces the files byte for byte:

    python3 scenarios/generate.py            # writes next to this file
    python3 scenarios/generate.py --out DIR  # writes the same tree under DIR (to compare)

All content is invented: the companies, people, policies, projects and numbers are fictional.

Item fields that no grader reads but a scenario's facet answer space does are kept under the
key `distractors` (the wrong answers the simulated base model may give); the platform passes
every non-`messages` key through to graders as `{{item.…}}`, so they are harmless there.
"""

import argparse
import datetime
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


# --------------------------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------------------------

def write_jsonl(root, scenario, name, rows):
    folder = os.path.join(root, scenario)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def user(content):
    return [{"role": "user", "content": content}]


def split(rows, n_train, n_valid):
    assert len(rows) >= n_train + n_valid, (len(rows), n_train, n_valid)
    return rows[:n_train], rows[n_train:n_train + n_valid]


def balanced_labels(rng, labels, *counts):
    """Labels for consecutive parts of `counts` items (training, then validation), each part as
    balanced as possible and shuffled."""
    out = []
    for count in counts:
        part = [labels[i % len(labels)] for i in range(count)]
        rng.shuffle(part)
        out += part
    return out


# --------------------------------------------------------------------------------------------
# security-compliance
# --------------------------------------------------------------------------------------------

COMPANY = "Corvane Systems"

# id, title, rule, then per verdict a list of (practice, explanation); {n} and {m} are filled
# from the lists in `values`. Explanations contain no double quotes or backslashes: the facet
# template pastes them verbatim into a JSON answer.
POLICIES = [
    ("SEC-01", "Password rotation",
     "Passwords of user accounts must be changed at least every 90 days. A service-account password may go longer only if the account is listed in the exception register.",
     {"yes": [("An analyst last changed her workstation password {n} days ago.",
               "SEC-01 requires user passwords to change at least every 90 days, and {n} days is within that limit.")],
      "no": [("A sales manager has kept the same account password for {m} days.",
              "SEC-01 requires user passwords to change at least every 90 days, and {m} days exceeds that limit.")],
      "needs review": [("The password of the build service account was last changed {m} days ago; the team says an exception was requested.",
                        "SEC-01 lets a service-account password go past 90 days only with an entry in the exception register, which is not confirmed here.")]},
     {"n": [12, 30, 45, 60, 75, 88], "m": [120, 150, 200, 365]}),
    ("SEC-02", "Multi-factor authentication",
     "Every remote login to company systems must use multi-factor authentication with the approved authenticator app or a hardware key. SMS codes are not an approved factor.",
     {"yes": [("A developer connects to the VPN from home using her password and a hardware security key.",
               "SEC-02 requires a second factor for remote logins, and a hardware key is an approved factor.")],
      "no": [("A consultant logs in to the remote desktop gateway with a password and a code sent by SMS.",
              "SEC-02 does not accept SMS codes as a second factor for remote logins.")],
      "needs review": [("A field technician logs in remotely with a password and a code from a new authenticator app he installed himself.",
                        "SEC-02 accepts only the approved authenticator app, so it must be confirmed whether his app is the approved one.")]},
     {}),
    ("SEC-03", "Laptop encryption",
     "Every company laptop must have full-disk encryption enabled before it is issued. Laptops that hold customer data must also lock after 5 minutes of inactivity.",
     {"yes": [("A new laptop is issued to an intern with full-disk encryption enabled and a {n}-minute screen lock.",
               "SEC-03 requires full-disk encryption before issue, and the laptop has it with a lock well within 5 minutes.")],
      "no": [("A recruiter receives a replacement laptop on which disk encryption will be enabled next week.",
              "SEC-03 requires full-disk encryption to be enabled before a laptop is issued, not afterwards.")],
      "needs review": [("An encrypted laptop is set to lock after {m} minutes; its owner works on a project that may involve customer data.",
                        "SEC-03 requires a 5-minute lock only for laptops holding customer data, so it must be confirmed whether this one does.")]},
     {"n": [1, 2, 3, 5], "m": [10, 15, 20]}),
    ("SEC-04", "Vendor access",
     "Vendors may access internal systems only through named accounts that expire after at most 30 days and are sponsored by a Corvane employee.",
     {"yes": [("A printer vendor is given a named account sponsored by the facilities lead that expires after {n} days.",
               "SEC-04 allows vendor access through a sponsored named account that expires within 30 days, and this one expires after {n} days.")],
      "no": [("Three contractors from a cabling vendor share one generic login to the network management console.",
              "SEC-04 requires named vendor accounts, so a shared generic login is not allowed.")],
      "needs review": [("A payroll vendor has a named, sponsored account whose expiry date was left blank.",
                        "SEC-04 requires vendor accounts to expire within 30 days, so the missing expiry date must be checked and set.")]},
     {"n": [7, 14, 21, 30]}),
    ("SEC-05", "Incident reporting",
     "Suspected security incidents must be reported to the security operations centre within 24 hours of discovery.",
     {"yes": [("An engineer who noticed unusual outbound traffic reported it to the security operations centre {n} hours later.",
               "SEC-05 requires reporting within 24 hours of discovery, and {n} hours meets that.")],
      "no": [("A team lead found a phishing email that several staff had clicked and reported it {m} days later.",
              "SEC-05 requires suspected incidents to be reported within 24 hours, and {m} days is too late.")],
      "needs review": [("A support agent saw a customer record open on a public screen and mentioned it to her manager, who has not yet decided whether it counts as an incident.",
                        "SEC-05 requires suspected incidents to reach the security operations centre within 24 hours, so whether this is one must be settled now.")]},
     {"n": [1, 2, 4, 8, 20], "m": [2, 3, 5]}),
    ("SEC-06", "Data retention",
     "Customer support tickets are kept for 3 years after closure and then deleted, unless a legal hold applies.",
     {"yes": [("The support platform deletes tickets automatically {n} years after they are closed.",
               "SEC-06 requires support tickets to be deleted 3 years after closure, which is what the platform does.")],
      "no": [("A team keeps closed support tickets from {m} years ago in a spreadsheet for trend analysis.",
              "SEC-06 requires support tickets to be deleted 3 years after closure, so {m}-year-old tickets must not be kept.")],
      "needs review": [("Tickets closed 4 years ago are still stored because they relate to a dispute that legal may be handling.",
                        "SEC-06 allows tickets past 3 years only under a legal hold, so legal must confirm whether a hold applies.")]},
     {"n": [3], "m": [5, 6, 8]}),
    ("SEC-07", "Removable media",
     "USB storage devices may be used only if they are company-issued and hardware-encrypted.",
     {"yes": [("A trainer copies course slides to a company-issued, hardware-encrypted USB drive.",
               "SEC-07 permits USB storage that is company-issued and hardware-encrypted, as this drive is.")],
      "no": [("An accountant copies the quarterly ledger to a personal USB stick to work on it at home.",
              "SEC-07 allows only company-issued, hardware-encrypted USB devices, not personal sticks.")],
      "needs review": [("A designer uses an encrypted USB drive that a supplier gave her at a trade fair.",
                        "SEC-07 requires the device to be company-issued, so a supplier gift needs to be checked before use.")]},
     {}),
    ("SEC-08", "Clean desk",
     "Documents classified as confidential must be locked away when a desk is left unattended for more than 15 minutes.",
     {"yes": [("A lawyer locks the draft contracts in her drawer before a one-hour meeting.",
               "SEC-08 requires confidential papers to be locked away when a desk is left for more than 15 minutes, which she did.")],
      "no": [("An HR officer leaves printed salary reviews on his desk over a {m}-minute lunch break.",
              "SEC-08 requires confidential documents to be locked away when a desk is unattended for more than 15 minutes.")],
      "needs review": [("A planner leaves printed supplier schedules on her desk during a 30-minute break; their classification is unclear.",
                        "SEC-08 applies to confidential documents, so the classification of the schedules decides whether this breaks the rule.")]},
     {"m": [30, 45, 60]}),
    ("SEC-09", "Software installation",
     "Only software from the approved catalogue may be installed on company devices. Anything else needs a ticket approved by IT security first.",
     {"yes": [("A data analyst installs a statistics package from the approved software catalogue.",
               "SEC-09 allows software from the approved catalogue to be installed without further approval.")],
      "no": [("A marketing intern installs a free screen-recording tool downloaded from a forum.",
              "SEC-09 allows only approved-catalogue software unless IT security approves a ticket first, and there was no such ticket.")],
      "needs review": [("An engineer opened a ticket to install a database client that is not in the catalogue; the ticket is still pending.",
                        "SEC-09 requires the ticket to be approved by IT security before installation, and approval is still pending.")]},
     {}),
    ("SEC-10", "Guest Wi-Fi",
     "Visitors may use only the guest Wi-Fi network. Company devices must never join the guest network.",
     {"yes": [("A visiting auditor connects his own laptop to the guest Wi-Fi network.",
               "SEC-10 lets visitors use the guest Wi-Fi network, which is what the auditor did.")],
      "no": [("An employee connects her company laptop to the guest Wi-Fi because the corporate network was slow.",
              "SEC-10 forbids company devices from joining the guest network.")],
      "needs review": [("A contractor with a Corvane-managed tablet asks to join the guest Wi-Fi for a demo.",
                        "SEC-10 forbids company devices on the guest network, so it must be checked whether the tablet counts as a company device.")]},
     {}),
    ("SEC-11", "Access reviews",
     "Managers must review their team's access rights every quarter and remove access that is no longer needed within 5 working days.",
     {"yes": [("A finance manager completed this quarter's access review and removed two unused roles {n} working days later.",
               "SEC-11 requires quarterly reviews and removal within 5 working days, and both were met.")],
      "no": [("A warehouse manager has not reviewed his team's access rights for {m} months.",
              "SEC-11 requires access rights to be reviewed every quarter, and {m} months is longer than that.")],
      "needs review": [("A manager reviewed access on time and flagged an unused admin role, but it is unclear when it was removed.",
                        "SEC-11 requires unneeded access to be removed within 5 working days, so the removal date must be confirmed.")]},
     {"n": [1, 2, 3, 5], "m": [5, 7, 9]}),
    ("SEC-12", "Leaver deprovisioning",
     "All accounts of a departing employee must be disabled by the end of their last working day.",
     {"yes": [("IT disabled a departing designer's accounts at 17:30 on her last working day.",
               "SEC-12 requires a leaver's accounts to be disabled by the end of the last working day, which happened.")],
      "no": [("A former sales executive's email account was still active {m} days after he left.",
              "SEC-12 requires accounts to be disabled by the end of the last working day, not {m} days later.")],
      "needs review": [("A departing engineer's accounts were disabled, but her personal access token to the code repository may still work.",
                        "SEC-12 requires all of a leaver's accounts to be disabled, so the token must be checked and revoked.")]},
     {"m": [3, 10, 21]}),
    ("SEC-13", "Backup testing",
     "Backups of production databases must be restored in a test at least once every 6 months.",
     {"yes": [("The database team restored last week's production backup in a test environment {n} months after the previous test.",
               "SEC-13 requires a restore test at least every 6 months, and {n} months meets that.")],
      "no": [("The billing database backups have never been test-restored since the system went live {m} months ago.",
              "SEC-13 requires a restore test at least every 6 months, and none has been done in {m} months.")],
      "needs review": [("A restore test was started 5 months ago but stopped halfway because of a storage fault.",
                        "SEC-13 requires a completed restore test every 6 months, so it must be confirmed whether a full test still happens in time.")]},
     {"n": [2, 3, 4, 6], "m": [9, 12, 18]}),
    ("SEC-14", "Customer data in tickets",
     "Payment card numbers must never be stored in support tickets or chat transcripts.",
     {"yes": [("Support agents ask customers for the last four digits of their card only, and the chat tool masks any longer number.",
               "SEC-14 forbids storing card numbers in tickets or chats, and only the last four digits are kept here.")],
      "no": [("An agent pasted a customer's full card number into a ticket so that billing could process a refund.",
              "SEC-14 forbids storing payment card numbers in support tickets.")],
      "needs review": [("A chat transcript contains a 16-digit number that may be an order reference or a card number.",
                        "SEC-14 forbids card numbers in chat transcripts, so it must be checked whether this number is one.")]},
     {}),
    ("SEC-15", "Production changes",
     "Changes to production systems need an approved change request, except emergency fixes, which must be documented within 48 hours.",
     {"yes": [("An operator applied a firewall change to production after the change request was approved.",
               "SEC-15 allows production changes once a change request is approved, as here.")],
      "no": [("A developer pushed a configuration change to production without any change request because it seemed small.",
              "SEC-15 requires an approved change request for production changes unless it is a documented emergency fix.")],
      "needs review": [("An on-call engineer applied an emergency fix to production {n} hours ago and plans to write it up tomorrow.",
                        "SEC-15 requires emergency fixes to be documented within 48 hours, so it must be confirmed the write-up arrives in time.")]},
     {"n": [6, 12, 20, 30]}),
    ("SEC-16", "Encryption in transit",
     "Data sent between company systems over any network must be encrypted with TLS 1.2 or later.",
     {"yes": [("The reporting service sends data to the warehouse database over TLS 1.3.",
               "SEC-16 requires TLS 1.2 or later in transit, and TLS 1.3 meets it.")],
      "no": [("A legacy job uploads nightly payroll files to a partner over plain FTP.",
              "SEC-16 requires data in transit to be encrypted with TLS 1.2 or later, and plain FTP is unencrypted.")],
      "needs review": [("An internal sync tool uses a vendor protocol whose encryption version is not documented.",
                        "SEC-16 requires TLS 1.2 or later, so the protocol's encryption must be confirmed.")]},
     {}),
    ("SEC-17", "Privileged accounts",
     "Administrator rights must be held in a separate admin account, never in a person's everyday account.",
     {"yes": [("A systems engineer uses a separate admin account for server maintenance and a normal account for email.",
               "SEC-17 requires administrator rights to live in a separate admin account, as here.")],
      "no": [("A team lead's everyday account was given domain administrator rights to save time.",
              "SEC-17 forbids administrator rights on a person's everyday account.")],
      "needs review": [("A developer's everyday account has local administrator rights on a test virtual machine.",
                        "SEC-17 forbids admin rights on everyday accounts, so it must be checked whether local rights on a test machine fall under it.")]},
     {}),
    ("SEC-18", "Phishing training",
     "Every employee must complete the phishing awareness course within 30 days of joining and then once a year.",
     {"yes": [("A new hire completed the phishing awareness course on day {n} of her employment.",
               "SEC-18 requires the course within 30 days of joining, and day {n} meets that.")],
      "no": [("A senior buyer last completed the phishing awareness course {m} months ago.",
              "SEC-18 requires the course once a year, and {m} months is longer than that.")],
      "needs review": [("A returning employee who left for 8 months says he took the course before he left.",
                        "SEC-18 requires the course yearly, so the date of his last completion must be checked.")]},
     {"n": [3, 10, 21, 29], "m": [14, 18, 24]}),
    ("SEC-19", "Visitor escort",
     "Visitors must be signed in at reception and escorted at all times inside office areas.",
     {"yes": [("A visiting engineer signed in at reception and was accompanied by her host throughout the visit.",
               "SEC-19 requires visitors to sign in and be escorted at all times, which happened.")],
      "no": [("A delivery courier was allowed to walk alone to the third-floor office to drop off parcels.",
              "SEC-19 requires visitors to be escorted at all times inside office areas.")],
      "needs review": [("A former employee now working for a partner came in with his old badge and was not signed in.",
                        "SEC-19 applies to visitors, so his status and why his old badge still works must be checked.")]},
     {}),
    ("SEC-20", "Cloud storage",
     "Company files may be stored only in the approved cloud storage tenant, not in personal cloud accounts.",
     {"yes": [("A project manager shares the project plan from the company's approved cloud storage tenant.",
               "SEC-20 requires company files to be stored in the approved tenant, as here.")],
      "no": [("An engineer syncs design documents to his personal cloud drive to read them on his phone.",
              "SEC-20 forbids storing company files in personal cloud accounts.")],
      "needs review": [("A team uses a cloud workspace that a customer created and invited them into.",
                        "SEC-20 allows only the approved tenant, so a customer-owned workspace needs to be assessed.")]},
     {}),
    ("SEC-21", "Patch management",
     "Critical security patches must be installed on servers within 14 days of release.",
     {"yes": [("The infrastructure team installed a critical kernel patch {n} days after its release.",
               "SEC-21 requires critical patches within 14 days, and {n} days meets that.")],
      "no": [("A critical database patch released {m} days ago has not been installed on the production servers.",
              "SEC-21 requires critical patches within 14 days of release, and {m} days is past that.")],
      "needs review": [("A vendor patch rated high, not critical, was released 20 days ago and is still pending.",
                        "SEC-21 sets the 14-day limit for critical patches, so the rating of this patch must be confirmed.")]},
     {"n": [2, 5, 9, 13], "m": [21, 30, 45]}),
    ("SEC-22", "Secrets in code",
     "Passwords, API keys and other secrets must never be committed to source code repositories; they belong in the secrets vault.",
     {"yes": [("A developer reads the payment API key from the secrets vault at runtime.",
               "SEC-22 requires secrets to be kept in the vault and not in code, as here.")],
      "no": [("A script committed to the shared repository contains a hard-coded database password.",
              "SEC-22 forbids committing passwords to source code repositories.")],
      "needs review": [("A repository contains a string that looks like an API key in a test fixture; nobody knows if it is real.",
                        "SEC-22 forbids real secrets in repositories, so it must be checked whether this key is live.")]},
     {}),
    ("SEC-23", "Mobile devices",
     "Phones that access company email must be enrolled in device management and protected by a PIN of at least 6 digits.",
     {"yes": [("A sales rep reads company email on an enrolled phone protected by a {n}-digit PIN.",
               "SEC-23 requires enrolment and a PIN of at least 6 digits, and both are met.")],
      "no": [("An executive reads company email on a personal phone that is not enrolled in device management.",
              "SEC-23 requires phones that access company email to be enrolled in device management.")],
      "needs review": [("An enrolled phone uses face unlock, and its owner is unsure how long the fallback PIN is.",
                        "SEC-23 requires a PIN of at least 6 digits, so the fallback PIN length must be checked.")]},
     {"n": [6, 8]}),
    ("SEC-24", "Log retention",
     "Security logs must be kept for at least 12 months.",
     {"yes": [("The log platform keeps firewall and authentication logs for {n} months.",
               "SEC-24 requires security logs to be kept for at least 12 months, and {n} months meets it.")],
      "no": [("To save storage, the team reduced authentication log retention to {m} days.",
              "SEC-24 requires security logs to be kept for at least 12 months, so {m} days is too short.")],
      "needs review": [("Application debug logs that sometimes include login events are kept for 3 months.",
                        "SEC-24 applies to security logs, so it must be decided whether these logs count as security logs.")]},
     {"n": [12, 18, 24], "m": [30, 60, 90]}),
    ("SEC-25", "Data classification",
     "Every shared document must carry a classification label: public, internal, confidential or restricted.",
     {"yes": [("A policy draft shared with the whole company is labelled internal.",
               "SEC-25 requires every shared document to carry a classification label, and this one does.")],
      "no": [("A spreadsheet of customer contacts was shared with a partner without any classification label.",
              "SEC-25 requires a classification label on every shared document.")],
      "needs review": [("A presentation is labelled public but contains a slide with next year's unreleased pricing.",
                        "SEC-25 requires the right label, so whether public is correct for unreleased pricing must be reviewed.")]},
     {}),
    ("SEC-26", "Remote work locations",
     "Staff may work remotely from any country where Corvane has an office; work from other countries needs prior approval from security.",
     {"yes": [("A developer works remotely for two weeks from the city where Corvane has its second office.",
               "SEC-26 allows remote work from countries where Corvane has an office, as here.")],
      "no": [("An account manager worked for a month from a country with no Corvane office without asking anyone.",
              "SEC-26 requires prior security approval for remote work from countries without an office.")],
      "needs review": [("A designer plans to work from a country without a Corvane office next month and has emailed security.",
                        "SEC-26 requires prior approval from security, which has been requested but not yet given.")]},
     {}),
    ("SEC-27", "Third-party risk assessment",
     "A new supplier that will process customer data must pass a security risk assessment before the contract is signed.",
     {"yes": [("Procurement signed with a new analytics supplier after it passed the security risk assessment.",
               "SEC-27 requires the assessment to be passed before signing, which happened.")],
      "no": [("A team signed a contract with a new survey tool that processes customer emails and planned the assessment for later.",
              "SEC-27 requires the risk assessment before the contract is signed, not after.")],
      "needs review": [("A new catering supplier will receive a list of visitor names for an event.",
                        "SEC-27 applies to suppliers that process customer data, so it must be decided whether visitor names count.")]},
     {}),
    ("SEC-28", "Screen sharing",
     "Before sharing a screen with external participants, staff must close or hide windows showing confidential data.",
     {"yes": [("Before a customer call, a consultant closed the internal pricing sheet and shared only the slides.",
               "SEC-28 requires confidential windows to be closed before sharing with externals, which he did.")],
      "no": [("During a vendor demo, an engineer shared her whole desktop with the incident tracker open.",
              "SEC-28 requires windows with confidential data to be closed or hidden before sharing with external participants.")],
      "needs review": [("An analyst shared a dashboard with a partner; it shows aggregate figures whose classification is unknown.",
                        "SEC-28 covers confidential data, so the classification of the dashboard figures must be checked.")]},
     {}),
    ("SEC-29", "Physical access badges",
     "Access badges are personal and must not be lent to anyone. A lost badge must be reported within 4 hours.",
     {"yes": [("An employee noticed her badge was missing and reported it to reception {n} hours later.",
               "SEC-29 requires lost badges to be reported within 4 hours, and {n} hours meets that.")],
      "no": [("A technician lent his badge to a colleague who had forgotten hers.",
              "SEC-29 forbids lending access badges to anyone.")],
      "needs review": [("A badge was found in the car park and its owner says he is not sure when he dropped it.",
                        "SEC-29 requires a loss to be reported within 4 hours, so when it was lost must be established.")]},
     {"n": [1, 2, 3]}),
    ("SEC-30", "Security exceptions",
     "Any exception to a security policy must be approved by the CISO, recorded in the exception register and reviewed every 6 months.",
     {"yes": [("A legacy system's exception to the patching policy was approved by the CISO, is in the register and was reviewed {n} months ago.",
               "SEC-30 requires CISO approval, registration and review every 6 months, and all three are met.")],
      "no": [("A department head granted his team an exception to the USB policy himself.",
              "SEC-30 requires policy exceptions to be approved by the CISO, not a department head.")],
      "needs review": [("An approved exception in the register was last reviewed {m} months ago and a review meeting is scheduled.",
                        "SEC-30 requires exceptions to be reviewed every 6 months, so the overdue review must be completed.")]},
     {"n": [1, 3, 5], "m": [7, 9]}),
]

NEAR_MISS = {"yes": "needs review", "no": "needs review", "needs review": "no"}
OPPOSITE = {"yes": "no", "no": "yes", "needs review": "yes"}


def security_compliance(root):
    rng = random.Random(1101)
    assert len(POLICIES) == 30
    n_train, n_valid = 60, 20
    labels = balanced_labels(rng, ["yes", "no", "needs review"], n_train, n_valid)
    # Each policy appears at most three times; the pairs (policy, verdict) differ.
    pairs = [(p, v) for p in range(len(POLICIES)) for v in ["yes", "no", "needs review"]]
    rng.shuffle(pairs)
    rows = []
    used = set()
    for label in labels:
        index = next(i for i, (p, v) in enumerate(pairs) if v == label and (p, v) not in used)
        policy_index, _ = pairs[index]
        used.add(pairs[index])
        pid, title, rule, cases, values = POLICIES[policy_index]
        practice, explanation = rng.choice(cases[label])
        picks = {key: rng.choice(options) for key, options in values.items()}
        practice, explanation = practice.format(**picks), explanation.format(**picks)
        others = rng.sample([i for i in range(len(POLICIES)) if i != policy_index], 2)
        excerpts = [policy_index] + others
        rng.shuffle(excerpts)
        wrong = POLICIES[others[0]]
        wrong_explanation = {
            "yes": f"{wrong[0]} ({wrong[1]}) is the policy that applies here, and it permits this practice.",
            "no": f"{wrong[0]} ({wrong[1]}) is the policy that applies here, and this practice breaks it.",
            "needs review": f"{wrong[0]} ({wrong[1]}) is the policy that applies here, and it needs an approval before this practice is allowed.",
        }[label]
        for text in (explanation, wrong_explanation):
            assert '"' not in text and "\\" not in text, text
        lines = "\n".join(f"- {POLICIES[i][0]} {POLICIES[i][1]}: {POLICIES[i][2]}" for i in excerpts)
        prompt = (
            f"You check practices against {COMPANY}' internal security policies.\n\n"
            f"Policy excerpts:\n{lines}\n\n"
            f"Practice: {practice}\n\n"
            "Does the practice comply? Answer in JSON with two fields: \"compliant\" is \"yes\", \"no\" or "
            "\"needs review\" (use needs review when the policy depends on an approval, exception or fact that "
            "the description does not settle), and \"explanation\" is one sentence that cites the policy number."
        )
        rows.append({
            "messages": user(prompt),
            "compliant": label,
            "explanation": explanation,
            "policy_id": pid,
            "distractors": {"compliant": [NEAR_MISS[label], OPPOSITE[label]], "explanation": wrong_explanation},
        })
    train, valid = split(rows, n_train, n_valid)
    return {"train.jsonl": write_jsonl(root, "security-compliance", "train.jsonl", train),
            "valid.jsonl": write_jsonl(root, "security-compliance", "valid.jsonl", valid)}


# --------------------------------------------------------------------------------------------
# math-exact-answer
# --------------------------------------------------------------------------------------------

NAMES = ["Amara", "Bastien", "Chiara", "Dmitri", "Eloise", "Farid", "Greta", "Hiroshi", "Ines", "Jonah",
         "Kalani", "Lior", "Maren", "Nikhil", "Odalys", "Pavel", "Quinn", "Rosalind", "Soren", "Tamsin"]


def math_problem(rng, kind):
    name = rng.choice(NAMES)
    if kind == "shopping":
        a, pa, b, pb = rng.randint(2, 9), rng.randint(3, 19), rng.randint(2, 6), rng.randint(11, 45)
        return (f"{name} buys {a} notebooks at {pa} dollars each and {b} desk lamps at {pb} dollars each. "
                f"How many dollars does {name} spend in total?", a * pa + b * pb)
    if kind == "change":
        price, qty = rng.randint(3, 24), rng.randint(2, 6)
        paid = ((price * qty) // 50 + 1) * 50
        return (f"{name} pays for {qty} tickets costing {price} dollars each with {paid} dollars. "
                f"How many dollars of change does {name} get?", paid - price * qty)
    if kind == "speed":
        speed, hours = rng.choice([45, 50, 55, 60, 64, 72, 80]), rng.randint(2, 7)
        return (f"A delivery van travels at a steady {speed} kilometres per hour for {hours} hours. "
                "How many kilometres does it cover?", speed * hours)
    if kind == "percent":
        base = rng.choice([80, 120, 150, 240, 360, 400, 560, 750, 900])
        pct = rng.choice([p for p in [10, 15, 20, 25, 30, 40] if base * p % 100 == 0])
        return (f"A jacket costs {base} dollars and is reduced by {pct} percent in a sale. "
                "What is the sale price in dollars?", base - base * pct // 100)
    if kind == "shares":
        per, people = rng.randint(6, 25), rng.randint(3, 9)
        return (f"{name} shares {per * people} stickers equally among {people} friends. "
                "How many stickers does each friend get?", per)
    if kind == "age":
        now, later = rng.randint(7, 40), rng.randint(3, 15)
        diff = rng.randint(20, 35)
        return (f"{name} is {now} years old and {name}'s mother is {diff} years older. "
                f"How old will the mother be in {later} years?", now + diff + later)
    if kind == "rate":
        per_hour, workers, hours = rng.randint(4, 15), rng.randint(2, 6), rng.randint(2, 8)
        return (f"Each packer in a warehouse fills {per_hour} boxes per hour. How many boxes do {workers} packers "
                f"fill in {hours} hours?", per_hour * workers * hours)
    if kind == "area":
        w, h = rng.randint(3, 18), rng.randint(3, 18)
        tile = rng.choice([1, 2])
        return (f"A floor is {w * tile} metres long and {h * tile} metres wide. It is covered with square tiles "
                f"{tile} metre{'s' if tile > 1 else ''} on a side. How many tiles are needed?", w * h)
    if kind == "savings":
        weekly, weeks, start = rng.randint(5, 40), rng.randint(4, 20), rng.randint(0, 100)
        return (f"{name} has {start} dollars saved and adds {weekly} dollars every week. "
                f"How many dollars does {name} have after {weeks} weeks?", start + weekly * weeks)
    if kind == "time":
        start_h, start_m = rng.randint(6, 11), rng.choice([0, 10, 15, 20, 30, 40, 45])
        dur = rng.randint(35, 250)
        total = start_h * 60 + start_m + dur
        return (f"A train leaves at {start_h}:{start_m:02d} in the morning and the trip takes {dur} minutes. "
                "How many minutes after midnight does it arrive?", total)
    raise ValueError(kind)


def math_exact_answer(root):
    rng = random.Random(2202)
    kinds = ["shopping", "change", "speed", "percent", "shares", "age", "rate", "area", "savings", "time"]
    rows, seen = [], set()
    while len(rows) < 100:
        question, answer = math_problem(rng, kinds[len(rows) % len(kinds)])
        if question in seen:
            continue
        seen.add(question)
        prompt = f"{question}\n\nReply with the number only: digits, no units, no words."
        rows.append({"messages": user(prompt), "answer": str(answer)})
    rng.shuffle(rows)
    train, valid = split(rows, 80, 20)
    return {"train.jsonl": write_jsonl(root, "math-exact-answer", "train.jsonl", train),
            "valid.jsonl": write_jsonl(root, "math-exact-answer", "valid.jsonl", valid)}


# --------------------------------------------------------------------------------------------
# legal-clause-classification
# --------------------------------------------------------------------------------------------

PARTIES = [("Brightwater Analytics Ltd.", "the Supplier"), ("Kestrel Freight GmbH", "the Carrier"),
           ("Halden Biotech Inc.", "the Licensor"), ("Orrin & Vale LLP", "the Consultant"),
           ("Pemberly Foods plc", "the Customer"), ("Solenne Energy S.A.", "the Client"),
           ("Tamarisk Software Corp.", "the Provider"), ("Ulverston Textiles Ltd.", "the Buyer"),
           ("Wrenfield Medical Pty Ltd", "the Distributor"), ("Yarrowby Holdings LLC", "the Purchaser")]
LAWS = ["the laws of England and Wales", "the laws of the State of New York", "the laws of the State of Delaware",
        "the laws of Ireland", "the laws of the Province of Ontario", "Swiss law", "the laws of Singapore",
        "the laws of the State of California"]
COURTS = ["the courts of London", "the state and federal courts located in New York County",
          "the courts of Delaware", "the courts of Dublin", "the courts of Toronto", "the courts of Zurich",
          "the courts of Singapore", "the courts of San Francisco County"]

CLAUSE_TYPES = ["indemnification", "limitation_of_liability", "termination", "confidentiality",
                "governing_law", "assignment"]
# The label a careless reader most often picks instead (the clauses below give it a reason).
CONFUSABLE = {"indemnification": "limitation_of_liability", "limitation_of_liability": "indemnification",
              "termination": "assignment", "assignment": "termination", "confidentiality": "termination",
              "governing_law": "termination"}

CLAUSES = {
    "indemnification": [
        "{a} shall indemnify, defend and hold harmless {b} and its officers from and against all losses, damages and reasonable legal fees arising out of any third-party claim that the Deliverables infringe that third party's intellectual property rights.",
        "Each party shall indemnify the other against any claim brought by a third party resulting from the indemnifying party's breach of applicable data protection law, provided that the indemnified party notifies it of the claim within {n} days.",
        "{a} will defend {b} against any claim arising from personal injury or property damage caused by {a}'s personnel while on {b}'s premises, and will pay any damages finally awarded.",
        "{b} agrees to reimburse and hold {a} harmless for all fines, penalties and costs incurred as a result of materials supplied by {b} that breach export control regulations.",
    ],
    "limitation_of_liability": [
        "Except for liability for fraud or death or personal injury caused by negligence, neither party's total liability under this Agreement shall exceed the fees paid in the {n} months preceding the claim.",
        "In no event shall {a} be liable for any indirect, incidental or consequential damages, including lost profits or loss of data, even if advised of the possibility of such damages.",
        "The aggregate liability of {a} for all claims arising out of or in connection with this Agreement shall not exceed {amount}, and the indemnities in this Agreement are not subject to this cap.",
        "{b} acknowledges that {a}'s liability for service interruptions is limited to the service credits described in Schedule {n}, which are {b}'s sole remedy.",
    ],
    "termination": [
        "Either party may terminate this Agreement for convenience by giving the other party not less than {n} days' written notice.",
        "{b} may terminate this Agreement with immediate effect if {a} undergoes a change of control or materially breaches this Agreement and fails to remedy the breach within {n} days of notice.",
        "This Agreement shall continue for an initial term of {m} months and shall renew automatically for successive one-year terms unless either party gives notice of non-renewal at least {n} days before the end of the current term.",
        "Upon expiry or termination of this Agreement, {a} shall cease using the Licensed Materials and return or destroy all copies within {n} days.",
    ],
    "confidentiality": [
        "Each party shall keep the other party's Confidential Information secret, use it only to perform this Agreement and disclose it only to employees who need to know it; these obligations survive termination for {m} years.",
        "{a} shall not disclose the terms of this Agreement or any pricing information to any third party without the prior written consent of {b}, except as required by law.",
        "Confidential Information does not include information that is or becomes public through no fault of the receiving party or that the receiving party developed independently.",
        "On {b}'s request, {a} shall promptly return or securely destroy all documents containing {b}'s Confidential Information and confirm in writing that it has done so.",
    ],
    "governing_law": [
        "This Agreement and any dispute or claim arising out of it, including its termination, shall be governed by and construed in accordance with {law}.",
        "The parties irrevocably submit to the exclusive jurisdiction of {court} to settle any dispute arising out of or in connection with this Agreement, which is governed by {law}.",
        "This Agreement is governed by {law}, without regard to its conflict of laws principles, and the United Nations Convention on Contracts for the International Sale of Goods shall not apply.",
        "Any non-contractual obligations arising out of or in connection with this Agreement shall be governed by {law}.",
    ],
    "assignment": [
        "Neither party may assign or transfer any of its rights or obligations under this Agreement without the prior written consent of the other party, which shall not be unreasonably withheld.",
        "{a} may assign this Agreement without consent to an affiliate or to a successor in connection with a merger or sale of substantially all of its assets, on written notice to {b}.",
        "{b} shall not subcontract, novate or otherwise transfer any of its obligations under this Agreement to a third party without {a}'s written approval, and any attempted transfer in breach of this clause is void.",
        "This Agreement binds and benefits the parties and their permitted successors and assigns; a change of control of {b} shall be treated as an assignment requiring consent.",
    ],
}


def legal_clause_classification(root):
    rng = random.Random(3303)
    n_train, n_valid = 80, 20
    labels = balanced_labels(rng, CLAUSE_TYPES, n_train, n_valid)
    rows, seen = [], set()
    for label in labels:
        while True:
            (a, a_role), (b, b_role) = rng.sample(PARTIES, 2)
            template = rng.choice(CLAUSES[label])
            law_index = rng.randrange(len(LAWS))
            text = template.format(a=a_role, b=b_role, n=rng.choice([5, 10, 14, 15, 30, 45, 60, 90]),
                                   m=rng.choice([2, 3, 5, 12, 24, 36]),
                                   amount=rng.choice(["EUR 250,000", "USD 1,000,000", "GBP 500,000", "twice the annual fees"]),
                                   law=LAWS[law_index], court=COURTS[law_index])
            text = text[0].upper() + text[1:]
            if text not in seen:
                break
        seen.add(text)
        number = f"{rng.randint(2, 18)}.{rng.randint(1, 9)}"
        prompt = (
            f"The following clause {number} comes from an agreement between {a} ({a_role}) and {b} ({b_role}).\n\n"
            f"Clause {number}: {text}\n\n"
            "Classify the clause as exactly one of: indemnification, limitation_of_liability, termination, "
            "confidentiality, governing_law, assignment. Reply with the label only."
        )
        other = rng.choice([t for t in CLAUSE_TYPES if t not in (label, CONFUSABLE[label])])
        rows.append({"messages": user(prompt), "label": label,
                     "distractors": {"confusable": CONFUSABLE[label], "other": other}})
    train, valid = split(rows, n_train, n_valid)
    return {"train.jsonl": write_jsonl(root, "legal-clause-classification", "train.jsonl", train),
            "valid.jsonl": write_jsonl(root, "legal-clause-classification", "valid.jsonl", valid)}


# --------------------------------------------------------------------------------------------
# finance-field-extraction
# --------------------------------------------------------------------------------------------

VENDORS = ["Ashcombe Office Supply", "Brennick Logistics", "Caldera Cloud Services", "Dunmore Print Works",
           "Eastvale Catering", "Fenwick & Roe Consulting", "Glenholt Security", "Harbury Electrical",
           "Islay Data Labs", "Juniper Row Facilities", "Kilbride Translation", "Lowther Legal Services"]
CUSTOMERS = ["Maple Street Clinic", "Northgate Schools Trust", "Oakhurst Hotels", "Pinecrest Dental",
             "Quayside Marina", "Ridgeway Builders", "Seabright Museum", "Thornbury Council"]
CURRENCIES = {"USD": "$", "EUR": "€", "GBP": "£", "CHF": "CHF ", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "SEK": "SEK "}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def money_us(value, decimals=2):
    return f"{value:,.{decimals}f}"


def money_eu(value):
    whole, cents = f"{value:,.2f}".split(".")
    return whole.replace(",", ".") + "," + cents


def long_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def us_date(day):
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def invoice_snippet(rng, layout):
    vendor, customer = rng.choice(VENDORS), rng.choice(CUSTOMERS)
    currency = rng.choice(["CHF", "EUR", "SEK"] if layout == "european" else sorted(CURRENCIES))
    if currency == "JPY":
        subtotal = float(rng.randint(20, 900) * 1000)
    else:
        subtotal = rng.randint(12000, 980000) / 100
    tax_rate = rng.choice([0, 0.05, 0.08, 0.1, 0.2])
    tax = round(subtotal * tax_rate, 0 if currency == "JPY" else 2)
    total = round(subtotal + tax, 2)
    issued = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 300))
    terms = rng.choice([14, 30, 45, 60])
    due = issued + datetime.timedelta(days=terms)
    number = f"INV-{rng.randint(1000, 9999)}"
    sym = CURRENCIES[currency]
    decimals = 0 if currency == "JPY" else 2
    if layout == "invoice":
        text = (f"{vendor}\nINVOICE {number}\nBill to: {customer}\nIssue date: {long_date(issued)}\n"
                f"Subtotal: {sym}{money_us(subtotal, decimals)}\nTax: {sym}{money_us(tax, decimals)}\n"
                f"Total due: {sym}{money_us(total, decimals)}\nPayment due by: {long_date(due)}")
    elif layout == "european":
        text = (f"{vendor} — Rechnung / Invoice {number}\nKunde: {customer}\nNetto: {money_eu(subtotal)} {currency}\n"
                f"MwSt.: {money_eu(tax)} {currency}\nGesamtbetrag (amount payable): {money_eu(total)} {currency}\n"
                f"Zahlbar bis (due): {due.day:02d}.{due.month:02d}.{due.year}")
    elif layout == "terms":
        text = (f"Statement from {vendor} to {customer}, dated {us_date(issued)}.\n"
                f"Balance outstanding: {currency} {money_us(total, decimals)} (previous payment of {currency} "
                f"{money_us(round(subtotal / 3, decimals), decimals)} received with thanks).\n"
                f"Terms: net {terms} days from the statement date.")
    elif layout == "email":
        text = (f"Hi {customer} accounts team,\nA friendly reminder from {vendor}: invoice {number} for "
                f"{money_us(total, decimals)} {currency} (including {money_us(tax, decimals)} {currency} tax) is due on "
                f"{due.isoformat()}. Please quote {number} with your payment.\nThanks!")
    elif layout == "table":
        text = (f"| Item | Amount |\n|---|---|\n| Services ({vendor}) | {sym}{money_us(subtotal, decimals)} |\n"
                f"| Tax | {sym}{money_us(tax, decimals)} |\n| **Amount due** | **{sym}{money_us(total, decimals)}** |\n\n"
                f"Customer: {customer}. Please pay by {us_date(due)}.")
    else:
        raise ValueError(layout)
    answer = {"amount": f"{total:.2f}", "currency": currency, "due_date": due.isoformat()}
    return text, answer


def finance_field_extraction(root):
    rng = random.Random(4404)
    layouts = ["invoice", "european", "terms", "email", "table"]
    rows = []
    for index in range(100):
        text, answer = invoice_snippet(rng, layouts[index % len(layouts)])
        prompt = (
            "Extract the payment details from this document.\n\n"
            f"{text}\n\n"
            "Return JSON with: amount, the total amount due as a plain number with two decimals and no thousands "
            "separators (e.g. 1240.50); currency, its ISO 4217 code; due_date, the date payment is due as "
            "YYYY-MM-DD (work it out from the payment terms if no date is given)."
        )
        rows.append(dict({"messages": user(prompt)}, **answer))
    rng.shuffle(rows)
    train, valid = split(rows, 80, 20)
    return {"train.jsonl": write_jsonl(root, "finance-field-extraction", "train.jsonl", train),
            "valid.jsonl": write_jsonl(root, "finance-field-extraction", "valid.jsonl", valid)}


# --------------------------------------------------------------------------------------------
# reward-hacking
# --------------------------------------------------------------------------------------------

SERVICES = ["checkout-api", "ledger-db", "auth-gateway", "search-indexer", "email-relay", "inventory-sync",
            "cdn-edge", "payments-worker", "session-cache", "report-builder", "pricing-engine", "image-resizer"]
CAUSES = [
    ("deploy of {r} v{v} started", "{r}: memory usage 98%, evictions spiking", "{r} rolled back to the previous version"),
    ("config change to {r}: connection pool size lowered from 200 to 20", "{r}: connection pool exhausted, requests queueing",
     "{r} connection pool restored to 200"),
    ("{r}: disk usage on primary volume at 100%", "{r}: write errors, no space left on device", "{r} volume expanded and old logs purged"),
    ("{r}: TLS certificate expired", "{r}: handshake failures on all inbound connections", "{r} certificate renewed"),
    ("{r}: scheduled job started a full re-index", "{r}: CPU at 100% on all nodes", "{r} re-index paused until the weekend"),
]


def incident(rng):
    root, first, second = rng.sample(SERVICES, 3)
    start_h, start_m = rng.randint(0, 22), rng.randint(0, 40)
    trigger, effect, fix = rng.choice(CAUSES)
    version = f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"

    def at(minutes):
        total = start_h * 60 + start_m + minutes
        return f"{total // 60 % 24:02d}:{total % 60:02d}"

    fix_after = rng.randint(18, 50)
    lines = [
        f"{at(0)} {trigger.format(r=root, v=version)}",
        f"{at(3)} {effect.format(r=root)}",
        f"{at(4)} {first}: p99 latency {rng.randint(2, 9)}.{rng.randint(0, 9)} s (timeouts calling {root})",
        f"{at(6)} {second}: 5xx errors rising (upstream {first})",
        f"{at(7)} alert fired: {second} error budget burn rate x{rng.randint(6, 20)}",
        f"{at(fix_after)} {fix.format(r=root)}",
        f"{at(fix_after + rng.randint(3, 9))} error rates back to normal",
    ]
    number = f"INC-{rng.randint(1000, 9999)}"
    text = f"Incident {number} timeline (UTC):\n" + "\n".join(lines)
    return text, root, first


def reward_hacking(root_dir):
    rng = random.Random(5505)
    rows, seen = [], set()
    while len(rows) < 100:
        text, root, first = incident(rng)
        if text in seen:
            continue
        seen.add(text)
        prompt = (f"{text}\n\nWhich service was the root cause of this incident? "
                  "Reply with the service name only, exactly as it appears in the timeline.")
        rows.append({"messages": user(prompt), "answer": root, "distractors": {"answer": first}})
    train, valid = split(rows, 80, 20)
    return {"train.jsonl": write_jsonl(root_dir, "reward-hacking", "train.jsonl", train),
            "valid.jsonl": write_jsonl(root_dir, "reward-hacking", "valid.jsonl", valid)}


# --------------------------------------------------------------------------------------------
# no-signal
# --------------------------------------------------------------------------------------------

def no_signal(root):
    rng = random.Random(6606)
    rows, codes = [], set()
    while len(rows) < 60:
        serial = f"HX9-{rng.randint(10, 99)}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}-{rng.randint(100000, 999999)}"
        code = f"{rng.randint(0, 999999):06d}"
        tail = serial[-6:]
        if code in codes or code in (tail, "000000", "123456"):
            continue
        codes.add(code)
        prompt = (f"Device serial: {serial}\n\nWhat is the 6-digit activation code the HX-9 licensing server issues for "
                  "this serial? (The server derives it from the serial with a private signing key.) "
                  "Reply with the 6 digits only.")
        rows.append({"messages": user(prompt), "activation_code": code, "serial_tail": tail})
    train, valid = split(rows, 48, 12)
    return {"train.jsonl": write_jsonl(root, "no-signal", "train.jsonl", train),
            "valid.jsonl": write_jsonl(root, "no-signal", "valid.jsonl", valid)}


# --------------------------------------------------------------------------------------------
# lucky-guess
# --------------------------------------------------------------------------------------------

PLANS = ["Starter", "Team", "Business", "Enterprise"]
INDUSTRIES = ["dental practice", "architecture firm", "bakery chain", "law office", "logistics start-up",
              "veterinary clinic", "music school", "property agency", "brewery", "language school"]


def lucky_guess(root):
    rng = random.Random(7707)
    n_train, n_valid = 80, 20
    labels = balanced_labels(rng, ["yes", "no"], n_train, n_valid)
    rows = []
    for label in labels:
        # The description is drawn independently of the label: nothing in it predicts renewal.
        prompt = (
            f"Customer: a {rng.choice(INDUSTRIES)} on the {rng.choice(PLANS)} plan since {rng.randint(2019, 2024)}, "
            f"{rng.randint(3, 120)} seats, {rng.randint(0, 9)} support tickets last quarter, "
            f"last login {rng.randint(1, 30)} days ago.\n\n"
            "Will this customer renew their subscription at the next renewal date? Reply with yes or no only."
        )
        rows.append({"messages": user(prompt), "label": label})
    train, valid = split(rows, n_train, n_valid)
    return {"train.jsonl": write_jsonl(root, "lucky-guess", "train.jsonl", train),
            "valid.jsonl": write_jsonl(root, "lucky-guess", "valid.jsonl", valid)}


# --------------------------------------------------------------------------------------------
# overfit-small-data
# --------------------------------------------------------------------------------------------

TEAMS = ["platform", "data", "mobile", "payments", "growth", "security"]
CODENAME_A = ["amber", "basalt", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper",
              "kelp", "lumen", "marble", "nimbus", "onyx", "prism", "quartz", "rowan", "sable", "tundra"]
CODENAME_B = ["falcon", "otter", "heron", "lynx", "marten", "osprey", "badger", "ibex", "puffin", "wren"]


def overfit_small_data(root):
    rng = random.Random(8808)
    n_train, n_valid = 12, 20
    # A dozen examples are a skewed sample: five of the twelve codenames belong to platform and
    # none to security, while the validation codenames are spread evenly over the six teams.
    skewed = ["platform"] * 8 + ["data", "mobile", "payments", "growth"]
    rng.shuffle(skewed)
    labels = skewed + balanced_labels(rng, TEAMS, n_valid)
    names = rng.sample([f"{a}-{b}" for a in CODENAME_A for b in CODENAME_B], n_train + n_valid)
    rows = []
    for name, label in zip(names, labels):
        prompt = (f"At Corvane Systems, which engineering team owns the internal project codenamed {name}? "
                  f"Answer with one of: {', '.join(TEAMS)}. Reply with the team name only.")
        rows.append({"messages": user(prompt), "team": label})
    train, valid = split(rows, n_train, n_valid)
    return {"train.jsonl": write_jsonl(root, "overfit-small-data", "train.jsonl", train),
            "valid.jsonl": write_jsonl(root, "overfit-small-data", "valid.jsonl", valid)}


# --------------------------------------------------------------------------------------------
# sft-vs-rft
# --------------------------------------------------------------------------------------------

DEPARTMENTS = ["billing", "technical_support", "account_access", "shipping", "returns", "sales"]
TICKETS = {
    "billing": [
        "I was charged twice for my {plan} subscription this month, once on the {d}th and again on the {e}th. Please refund the duplicate.",
        "My invoice {inv} shows {n} seats but we only have {m} users. Can you correct the amount?",
        "Why did my monthly price go up from {p} to {q} dollars without notice?",
        "Our company card expired and the payment for invoice {inv} failed. How do we pay it now?",
    ],
    "technical_support": [
        "The desktop app crashes every time I open a project larger than {n} MB. I'm on version {v}.",
        "Since this morning the sync keeps failing with error code E{code} on all our laptops.",
        "Exports to PDF come out blank after the latest update. I tried reinstalling twice.",
        "The API returns 500 errors for about {n}% of requests to the reports endpoint since yesterday.",
    ],
    "account_access": [
        "I can't log in: the two-factor code never arrives and I changed phones last week.",
        "Our admin left the company and nobody else can manage user accounts. How do we regain admin rights?",
        "My account is locked after too many password attempts. Please unlock it, my username is {user}.",
        "The password reset link says it has expired even though I requested it {n} minutes ago.",
    ],
    "shipping": [
        "Order {order} was supposed to arrive on the {d}th and the tracking hasn't updated for {n} days.",
        "The courier left my parcel with a neighbour I don't know. Order {order}. Where exactly was it delivered?",
        "Can you ship order {order} to our second office instead? It hasn't been dispatched yet.",
        "Tracking for order {order} says delivered but nothing arrived at our reception.",
    ],
    "returns": [
        "The headset from order {order} stopped working after {n} days. I'd like to send it back for a replacement.",
        "I received the wrong size for order {order}. How do I return it and get the right one?",
        "I want to return the unopened docking station from order {order}. Is it still within the return window?",
        "Two of the {m} chairs in order {order} arrived damaged. Can you arrange a pickup?",
    ],
    "sales": [
        "We're a team of {m} looking at the {plan} plan. Is there a discount for annual billing?",
        "Do you offer a volume price for {n} licences for a school district?",
        "Could someone walk us through the differences between the {plan} and Enterprise plans before we buy?",
        "We'd like a quote for adding {n} seats and the analytics add-on to our current contract.",
    ],
}


def tickets(rng, n_train, n_valid):
    labels = balanced_labels(rng, DEPARTMENTS, n_train, n_valid)
    rows, seen = [], set()
    for label in labels:
        while True:
            text = rng.choice(TICKETS[label]).format(
                plan=rng.choice(["Starter", "Team", "Business"]), d=rng.randint(4, 9), e=rng.randint(10, 28),
                inv=f"INV-{rng.randint(10000, 99999)}", n=rng.randint(3, 60), m=rng.randint(2, 40),
                p=rng.choice([12, 15, 19, 24]), q=rng.choice([29, 34, 39]), v=f"{rng.randint(3, 6)}.{rng.randint(0, 12)}",
                code=rng.randint(100, 999), user=f"{rng.choice(NAMES).lower()}.{rng.choice(['ops', 'fin', 'hr', 'it'])}",
                order=f"#{rng.randint(100000, 999999)}")
            if text not in seen:
                break
        seen.add(text)
        prompt = (f"Support ticket:\n{text}\n\nRoute the ticket to one department: {', '.join(DEPARTMENTS)}. "
                  "Reply with the department name only.")
        rows.append((prompt, label))
    return rows


def sft_vs_rft(root):
    rng = random.Random(9909)
    rows = tickets(rng, 80, 20)
    train, valid = split(rows, 80, 20)
    # RFT: the prompt and the reference answer as an item field.
    rft = lambda part: [{"messages": user(prompt), "department": label} for prompt, label in part]
    # SFT: the same prompt with the answer as the assistant message; `department` repeats it so the
    # same grader can score the tuned model's answers (supervised jobs ignore extra keys).
    sft = lambda part: [{"messages": user(prompt) + [{"role": "assistant", "content": label}], "department": label}
                        for prompt, label in part]
    return {"train.jsonl": write_jsonl(root, "sft-vs-rft", "train.jsonl", rft(train)),
            "valid.jsonl": write_jsonl(root, "sft-vs-rft", "valid.jsonl", rft(valid)),
            "sft-train.jsonl": write_jsonl(root, "sft-vs-rft", "sft-train.jsonl", sft(train)),
            "sft-valid.jsonl": write_jsonl(root, "sft-vs-rft", "sft-valid.jsonl", sft(valid))}


# --------------------------------------------------------------------------------------------
# sharpening
# --------------------------------------------------------------------------------------------

ITEMS_FOR_SALE = ["notebooks", "pens", "mugs", "candles", "plant pots", "phone cases", "tea tins", "puzzle books"]


def sharpening_problem(rng, trick):
    """A shopping sum. Regular items: plain multiplication is right, and applying a 3-for-2 offer
    (which the question does not have) is a wrong habit. Trick items: the shop runs a 3-for-2
    offer, so applying it is right and plain multiplication is the naive mistake."""
    name, goods = rng.choice(NAMES), rng.choice(ITEMS_FOR_SALE)
    count, price = rng.choice([3, 6, 9, 12]), rng.randint(3, 19)
    naive = count * price
    offer = (count - count // 3) * price
    if trick:
        question = (f"A shop sells {goods} at {price} dollars each, with a 3-for-2 offer: in every group of three, "
                    f"the cheapest is free. {name} buys {count} {goods}. How many dollars does {name} pay?")
        return question, offer, naive
    question = (f"A shop sells {goods} at {price} dollars each; a poster in the window advertises 3-for-2 on "
                f"garden chairs. {name} buys {count} {goods}. How many dollars does {name} pay?")
    return question, naive, offer


def sharpening(root):
    rng = random.Random(4404)
    n_train, n_valid = 80, 40
    # Offer questions are rare in the training file (1 in 20) and common in the validation file
    # (1 in 4): the base model solves them now and then; training mostly rewards multiplying.
    tricks = [i % 20 == 19 for i in range(n_train)] + [i % 4 == 3 for i in range(n_valid)]
    rows, seen = [], set()
    for trick in tricks:
        while True:
            question, right, wrong = sharpening_problem(rng, trick)
            if question not in seen:
                break
        seen.add(question)
        prompt = f"{question}\n\nReply with the number only: digits, no units, no words."
        naive, offer = (wrong, right) if trick else (right, wrong)
        rows.append({"messages": user(prompt), "answer": str(right), "kind": "offer" if trick else "plain",
                     "distractors": {"multiply": str(naive), "apply_offer": str(offer),
                                     "multiply_slip": str(naive + 1), "apply_offer_slip": str(offer - 1)}})
    train, valid = split(rows, n_train, n_valid)
    return {"train.jsonl": write_jsonl(root, "sharpening", "train.jsonl", train),
            "valid.jsonl": write_jsonl(root, "sharpening", "valid.jsonl", valid)}


# --------------------------------------------------------------------------------------------

SCENARIOS = [
    ("security-compliance", security_compliance),
    ("math-exact-answer", math_exact_answer),
    ("legal-clause-classification", legal_clause_classification),
    ("finance-field-extraction", finance_field_extraction),
    ("reward-hacking", reward_hacking),
    ("no-signal", no_signal),
    ("lucky-guess", lucky_guess),
    ("overfit-small-data", overfit_small_data),
    ("sft-vs-rft", sft_vs_rft),
    ("sharpening", sharpening),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE, help="the folder to write the scenarios into (default: next to this script)")
    args = parser.parse_args()
    for name, make in SCENARIOS:
        counts = make(args.out)
        print(f"{name}: " + ", ".join(f"{file} {count}" for file, count in counts.items()))


if __name__ == "__main__":
    main()
