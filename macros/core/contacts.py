"""Personal contact details: what tells a person's mobile number or e-mail address from an organisation's.

The portal publishes the contacts of organisations only, never a person's (README, « Règles de
publication »). This module owns that rule, for the contact fields (``core.fields.Email`` and
``Phone``) and for every text field (``core.fields.Text``), where a number or an address written
in a sentence (« Contact : Dr Martin au 06 12 34 56 78 ») would be published just the same.
"""
from __future__ import annotations

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Words of a shared mailbox (contact@, coordination.cpts@…): an address naming one is not a person's.
MAILBOX_WORDS = frozenset("""
    accueil admin administration agenda asso association bonjour bureau centre com communication compta
    comptabilite contact contacts coordination coordinatrice coordinateur courrier direction dpo email equipe
    evenement evenements federation gestion guichet hello info infos information inscription inscriptions mail
    maison mission missions msp newsletter noreply office pole postmaster presidence projet projets reseau rgpd
    rh sante secretariat service services support territoire webmaster
""".split())
# Consumer mail services: an address there that names no shared mailbox is someone's own.
PERSONAL_DOMAINS = re.compile(r"(gmail|googlemail|hotmail|outlook|live|msn|yahoo|icloud|me|aol|gmx|proton|protonmail|"
                              r"orange|wanadoo|free|laposte|sfr|neuf|bbox|numericable|club-internet)\.[a-z.]+")
_TITLES = frozenset({"dr", "docteur", "pr", "professeur", "mme", "mr", "m"})


def personal_email(address: str) -> bool:
    """Whether a well-formed address is a person's: it names someone (two words that are neither a
    mailbox nor the structure: jean.dupont@, jean-marc.le-gall@, and even contact.jean.dupont@ or
    jean.dupont.cpts@), or a title (dr.martin@), or it is a consumer service's and names neither a
    shared mailbox nor the structure (jdupont@orange.fr)."""
    local, _, domain = address.lower().partition("@")
    words = [w for w in re.split(r"[._%+-]+", local) if w]
    # The structure's own name, as its domain spells it: urps-ml@urps.fr, lot@cpts-lot.fr.
    labels = {part for label in domain.split(".")[:-1] for part in (label, *label.split("-"))} - {"www"}

    def structure(word: str) -> bool:
        return word in MAILBOX_WORDS or word in labels or "cpts" in word

    rest = [w for w in words if w not in MAILBOX_WORDS]
    first = next((w for w in rest if w not in _TITLES), None)
    if first is None:
        return bool(rest)  # contact@, secretariat.accueil@ (a title alone, dr@, is someone's)
    if structure(first):
        return False  # named after the structure, its territory may follow: cpts.sud.bassin@, cptsgrandsud@
    names = [w for w in rest if w not in _TITLES and not structure(w)]
    if len(names) >= 2 or any(w in _TITLES for w in words):
        return True
    if any(structure(w) for w in words):
        return False  # a mailbox of the structure: info.lot@, secretariat.cpts@
    return bool(PERSONAL_DOMAINS.fullmatch(domain))


def mobile(number: str) -> bool:
    """Whether a French phone number (any separators) is a mobile one: 06, 07, +33 6, +33 7."""
    digits = re.sub(r"[\s.\-]|\(0\)", "", number)
    return bool(re.fullmatch(r"(\+33|0033|0)[67][0-9]{8}", digits))


# A mobile number in a sentence: 06 12 34 56 78, 06.12.34.56.78, 0612345678, +33 6 12 34 56 78,
# +33 (0)6…; ASCII digits only (the text may be in any script).
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9+])(?:(?:\+|00)33[\s.\-]?(?:\(0\)[\s.\-]?)?|0)[67]"
                             r"([\s.\-]?)[0-9]{2}([\s.\-]?)[0-9]{2}([\s.\-]?)[0-9]{2}([\s.\-]?)[0-9]{2}(?![0-9])")


def personal_details(text: str) -> list[str]:
    """The mobile numbers and personal e-mail addresses written in ``text``, as written."""
    found = []
    for match in _MOBILE_IN_TEXT.finditer(text):
        # Separators between every pair or none: « 06.12.2023 14h » is a date and an hour, not a number.
        if all(match.groups()) or not any(match.groups()):
            found.append(match.group(0))
    found += [m.group(0) for m in EMAIL.finditer(text) if personal_email(m.group(0))]
    return found
