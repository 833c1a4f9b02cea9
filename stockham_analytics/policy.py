"""The clauses of the Social Media Policy that a breach can be logged against.

Spec 1.2: a breach's Policy clause is a clause of sections 5, 6 and 7 or of
Appendix A (``A1.1`` ... ``A5.9``). Titles are short, hand-written summaries
of ``policy/social-media-policy.txt`` for chart labels and tables; they quote
nobody and name nobody. :data:`POLICY_QUOTES` holds the policy's own words for
the clauses the entry templates' columns name.
"""

from __future__ import annotations

#: Clause id -> short title, in the policy's order.
CLAUSES: dict[str, str] = {
    "5.1": "Keep personal and professional lives separate",
    "5.2": "Do not bring the school into disrepute",
    "5.3": "Do not present personal views as the school's",
    "5.4": "Do not discuss personal information about pupils or staff",
    "5.5": "Do not attack, insult, abuse or defame",
    "5.6": "Be accurate, fair and transparent",
    "6.1": "Do not identify as school staff on personal web space",
    "6.2": "No personal social media contact with pupils",
    "6.3": "Do not misuse information obtained at work",
    "6.4": "No conflicting contact with pupils' families",
    "6.5": "Contact pupils only through approved school sites",
    "6.6": "Decline friend requests from pupils",
    "6.7": "No contact with pupils after leaving",
    "6.8": "Do not discuss work information on personal web space",
    "6.9": "No images of pupils, uniforms or premises on personal web space",
    "6.10": "No school email or contact details for personal accounts",
    "6.11": "Do not edit Wikipedia in a personal capacity at work",
    "6.12": "No school logos or brands on personal web space",
    "6.13": "Personal internet use only in breaks",
    "6.14": "Take care befriending colleagues",
    "6.15": "Keep personal privacy settings strict",
    "7.1": "Use only approved sites to communicate with pupils",
    "7.2": "A strong reason for every official site",
    "7.3": "Create sites per Appendix A; respect minimum ages",
    "7.4": "Act in children's best interests",
    "A1.1": "High standards of behaviour on work sites",
    "A1.2": "Consider the purpose before creating a site",
    "A1.3": "Discuss audience and engagement with the Head Teacher",
    "A1.4": "Commit enough time to the site",
    "A1.5": "Line manager ensures resources and cover",
    "A1.6": "Exit strategy; do not neglect the site",
    "A1.7": "Plan how the site will be evaluated",
    "A2.1": "Act in children's best interests",
    "A2.2": "Be alert to risks to young people",
    "A2.3": "Report safeguarding concerns immediately",
    "A2.4": "Follow the Home Office good practice guidance",
    "A2.5": "Respect the platform's minimum age",
    "A2.6": "Suitable content; vet contributors",
    "A2.7": "Consider vulnerable young people",
    "A3.1": "Sites created only by or for the school",
    "A3.2": "Line manager and Data Controller approval",
    "A3.3": "Head Teacher approval to join third-party sites",
    "A3.4": "Head Teacher approves content",
    "A3.5": "Head Teacher approves use of logo and brand",
    "A3.6": "Approval form before creating the site",
    "A3.7": "Forward media enquiries to the Head Teacher",
    "A4.1": "Publish Terms of Use and House Rules",
    "A4.2": "No unauthorised commitments for the school",
    "A4.3": "Worthwhile and accurate information",
    "A4.4": "Stay within the law",
    "A4.5": "Respect the audience",
    "A4.6": "Seek permission before citing others",
    "A4.7": "Show the school logo on school-hosted sites",
    "A4.8": "Staff identify themselves and their role",
    "A4.9": "Never give out personal contact details",
    "A4.10": "No personal opinions on official sites",
    "A5.1": "Consider contributors' level of engagement",
    "A5.2": "Strongest privacy settings for pupils' sites",
    "A5.3": "Moderate school-hosted sites",
    "A5.4": "At least two administrators and enough moderators",
    "A5.5": "Plan extra intervention on third-party sites",
    "A5.6": "Remove offensive or harmful content immediately",
    "A5.7": "Only known, vetted people as friends of the site",
    "A5.8": "Data Controller approves advertising for contributors",
    "A5.9": "Head Teacher approves external organisations as friends",
}

#: Clauses that the register and evaluation checks of spec 3 cite (not breaches).
CHECK_CLAUSES: tuple[str, ...] = (
    "A1.5", "A1.6", "A1.7", "A2.3", "A2.5", "A3.2", "A3.5", "A3.6",
    "A4.1", "A4.7", "A5.2", "A5.4", "A5.6", "A5.7", "A5.8", "7.3", "9.3",
)


#: Short quotes from the policy (policy/social-media-policy.txt) for the clauses
#: the columns name; "..." marks words left out. Apostrophes are straight.
POLICY_QUOTES: dict[str, str] = {
    "2.1": "This policy applies to Stockham School's governing body, all teaching and other "
    "staff, ... external contractors ..., teacher trainees and other trainees, volunteers and "
    "other individuals who work for or provide services on behalf of the school.",
    "7.3": "Sites created must not breach the terms and conditions of social media service "
    "providers, particularly with regard to minimum age requirements.",
    "9.1": "Any breach of this policy may lead to disciplinary action being taken against the "
    "staff member/s involved ...",
    "9.2": "A breach of this policy leading to breaches of confidentiality, or defamation or "
    "damage to the reputation of Stockham School ... may result in disciplinary action or "
    "dismissal.",
    "9.3": "Contracted providers of Stockham School must inform the relevant school officer "
    "immediately of any breaches of this policy ...",
    "A1.2": "Prior to creating a site, careful consideration must be given to the purposes for "
    "using social media ...",
    "A1.5": "Line managers must take overall responsibility to ensure that enough resources are "
    "provided to keep the site refreshed and relevant.",
    "A1.6": "There must be a careful exit strategy and a clear plan from the outset about how "
    "long the site will last. It must not be neglected ...",
    "A1.7": "Consideration must also be given to how the success of the site will be evaluated "
    "to assess whether the site has achieved the proposed objectives.",
    "A2.3": "If children and young people disclose information or display behaviour or are "
    "exposed to information or behaviour on these sites that raises safeguarding or other "
    "concerns, appropriate authorities must be informed immediately.",
    "A2.5": "Staff members must also ensure that the web spaces they create on third party "
    "sites complies with the site owner's minimum age requirements (this is often set at 13 "
    "years).",
    "A3.2": "Approval for creation of sites for work purposes ... must be obtained from the "
    "staff member's line manager, the school's Data Controller.",
    "A3.4": "Content contributed to own or third-party hosted sites must be discussed with and "
    "approved by the Head Teacher.",
    "A3.5": "... the Head Teachers approval must be obtained for the use of the school logo and "
    "brand.",
    "A3.6": "Staff must complete the Social Media Site Creation Approval Form (Appendix B) and "
    "forward it to the school's Head Teacher before site creation.",
    "A4.1": "Stockham School hosted sites must have clearly expressed and publicised Terms of "
    "Use and House Rules.",
    "A4.7": "Stockham School hosted sites must always include the school logo or brand to "
    "ensure transparency and confidence in the site.",
    "A5.2": "Sites created for, and contributed to by, pupils must have the strongest privacy "
    "settings to prevent breaches of confidentiality.",
    "A5.3": "The content and postings in Stockham School hosted sites must be moderated.",
    "A5.4": "The team must designate at least two approved Administrators whose role it is to "
    "review and moderate the content ... It is important that there are enough approved "
    "moderators to provide cover during leave and absences ...",
    "A5.6": "Such comments must never be posted or removed immediately and appropriate "
    "authorities, for example the Police or Child Exploitation and Online Protection Centre "
    "(CEOP), informed in the case of illegal content or behaviour.",
    "A5.7": "Administrators must not allow any outsiders to become friends of the site and "
    "limit the site to known people only; in the case of adults, those who have undergone "
    "appropriate security checks.",
    "A5.8": "Any proposal to use social media to advertise for contributors to sites must be "
    "approved by the school's Data Controller.",
    "Appendix B": "Use of social media on behalf of Stockham School must be approved prior to "
    "setting up sites.",
}


def clause_title(clause: str) -> str:
    """The short title of ``clause``, or the clause itself when it has none."""
    return CLAUSES.get(clause, clause)


def clause_label(clause: str) -> str:
    """``6.6 Decline friend requests from pupils``: a clause with its title."""
    title = CLAUSES.get(clause)
    return clause if title is None else f"{clause} {title}"
