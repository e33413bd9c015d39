"""Finding the source noun phrase around a cue, splitting name from role, and typing the source.

The type is a judgement on the HEAD of the phrase (the noun the phrase is about), not on any
capitalised word in it: "two Azeri former military officers" is anonymous although "Azeri" is
capitalised; "Rasim Musabayov, an independent Azeri lawmaker" is named because its head is a name.
"""
from __future__ import annotations

import re

PERSONAL_PRONOUNS = frozenset("he she they it i we you who which that".split())
SINGULAR_PERSON_PRONOUNS = frozenset("he she".split())
WRITER_PRONOUNS = frozenset("i we you".split())

ANONYMITY = re.compile(
    r"on\s+(?:the\s+)?condition\s+(?:of|that\s+(?:he|she|they)\s+not\s+be)\s+(?:anonymity|named|identified)"
    r"|(?:asked|requested|declined)\s+(?:not\s+)?to\s+be\s+(?:named|identified)"
    r"|not\s+authori[sz]ed\s+to\s+(?:speak|discuss|comment)|speaking\s+anonymously"
    r"|who\s+(?:would\s+)?(?:not|declined\s+to)\s+(?:be\s+)?(?:named|identified|give\s+(?:his|her|their)\s+name)"
    r"|familiar\s+with\s+(?:the|his|her|their)\s+(?:matter|discussions|talks|plans?|thinking|investigation|case|situation)"
    r"|unnamed|anonymous|unidentified", re.IGNORECASE)

DOCUMENT_HEADS = frozenset("""
poll polls survey surveys study studies report reports filing filings record records document
documents memo memos letter letters analysis analyses data figures statistics estimate estimates
projection projections ad ads advertisement video videos statement statements release complaint
lawsuit suit ruling decision order indictment transcript transcripts email emails e-mail e-mails
audit census review investigation findings paper papers article articles book books report's
website site page post posts tweet tweets message messages research numbers results forecast
forecasts model models law statute bill amendment constitution platform manifesto brief motion
affidavit petition testimony minutes agenda note notes chart graph map guidance guidelines rule
rules policy text draft proposal plan budget resolution account accounts investigations average
averages tally tallies count counts returns
""".split())
# Heads that are a document even when an outlet's name is in the phrase ("a Reuters/Ipsos poll").
STRONG_DOCUMENT_HEADS = frozenset("""poll polls survey surveys study studies report reports analysis
analyses data records record documents memo filing filings complaint lawsuit ruling indictment
transcript audit census findings results forecast forecasts average averages""".split())

OUTLET_HEADS = frozenset("""newspaper newspapers magazine paper tabloid outlet outlets network
networks editorial editorials website blog broadcaster wire columnist columnists journal
daily weekly""".split())
# The last word of many newspapers' names ("The Harbour Sentinel", "the Springfield Courier").
OUTLET_NAME_WORDS = frozenset("""times post herald tribune journal gazette sentinel chronicle courier
inquirer dispatch examiner telegraph bulletin enquirer""".split())

INSTITUTION_HEADS = frozenset("""campaign campaigns company firm commission committee office
department administration government agency party court council board team organization
organisation university college school church ministry embassy bureau senate house congress
legislature parliament cabinet union association coalition group foundation institute center
centre corporation bank army military navy state city county country nation regime white
republic kingdom network station company's""".split())

TITLE_HEADS = frozenset("""president candidate nominee senator governor mayor secretary chairman
chairwoman chair director ceo founder speaker leader judge justice author attorney general
minister premier chancellor king queen pope prince host anchor commissioner sheriff chief
prosecutor manager owner frontrunner front-runner billionaire mogul businessman congressman
congresswoman lawmaker representative rep. sen. gov. mr. mrs. ms. dr.""".split())

ANONYMOUS_PERSON_HEADS = frozenset("""official officials source sources aide aides spokesman
spokeswoman spokesperson spokespeople person people man men woman women officer officers analyst
analysts expert experts consultant consultants staffer staffers adviser advisers advisor advisors
employee employees resident residents witness witnesses voter voters supporter supporters critic
critics observer observers strategist strategists operative operatives insider insiders diplomat
diplomats member members lawmakers legislators delegates delegate donors donor activists activist
protesters protester demonstrators students student workers worker parents parent americans
economists economist scientists scientist researchers researcher investigators investigator
police prosecutors agents agent democrats republicans conservatives liberals progressives
evangelicals leaders others some many most several few both all majority half percent respondents
participants friends friend relatives relative neighbors neighbour neighbors colleagues colleague
allies ally opponents opponent fans fan users user readers viewers citizens citizen veterans
veteran immigrants doctors lawyers lawyer teachers officials' executives executive sources'
someone somebody pollsters pollster candidates senators governors members' dozens hundreds
thousands millions companies businesses firms groups organizations organisations unions
pundits commentators scholars historians lawmakers' families victims pollsters""".split())

_QUANTIFIER_FIRST = frozenset("most many some several few all both other others various numerous "
                              "two three four five six seven eight nine ten dozens hundreds "
                              "thousands".split())

OTHER_HEADS = frozenset("anyone anybody everyone everybody nobody whoever one".split())

# Bare capitalised plurals that name an open group of people, not an institution.
GROUP_WORDS = frozenset("""democrats republicans americans conservatives liberals progressives
evangelicals christians muslims jews catholics latinos hispanics blacks whites israelis
palestinians russians iranians azeris armenians europeans independents millennials""".split())

_PREPOSITION_CUT = re.compile(r"\s+(?:in|of|with|at|from|for|on|to|who|whom|whose|that|which|close|"
                              r"throughout|around|along|outside|behind|beyond|against|amid|across|"
                              r"like|such\s+as|including|"
                              r"familiar|involved|based|working|speaking|under|inside|within|"
                              r"near|among|between|across|during|after|before|over|filed|released|published|obtained|"
                              r"issued|written|signed|sent|posted|seen|reviewed|conducted|discovered|compiled|cited|taken|"
                              r"prepared|produced|quoted|"
                              r"commissioned|provided|given)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[\w’'.&-]+")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w’'.-]*|Mc\w+|O’\w+|de|van|von|bin|al|[A-Z]\.)$")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|Rev|Lt|Col|Capt|Sgt|Adm|Maj)\.?$")
_LEADING_DET = re.compile(r"^(?:a|an|the|one|two|three|four|five|six|several|some|many|most|"
                          r"other|\d[\d,.]*%?|few|dozens|hundreds)\b", re.IGNORECASE)


def head_phrase(source: str) -> str:
    """The source without appositive, prepositional or relative tails: the part whose last word
    is the head ("officials in Baku" -> "officials")."""
    core = source.strip().strip(",").strip()
    core = re.sub(r"^[\[\(]?[Tt]\]", "T", core)  # "[T]wo" -> "Two"
    core = core.split(",", 1)[0]
    core = re.sub(r"\s*\([^)]*\)?", "", core)  # "(D-Ill.)"
    m = _PREPOSITION_CUT.search(core)
    if m and m.start() > 0:
        core = core[:m.start()]
    return core.strip()


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s)


def _trailing_name(tokens: list[str]) -> list[str]:
    """The run of capitalised tokens at the end of a phrase ("Senate Minority Whip Dick Durbin")."""
    run: list[str] = []
    for tok in reversed(tokens):
        if _NAME_TOKEN.match(tok) and tok.lower() not in ("the", "a", "an"):
            run.insert(0, tok)
        else:
            break
    return run


def looks_like_person_name(phrase: str) -> bool:
    toks = [t for t in _tokens(phrase) if t != "and"]
    if not 1 <= len(toks) <= 6:
        return False
    return all(_NAME_TOKEN.match(t) for t in toks) and toks[-1][0].isupper()


_NAME_THEN_ROLE = re.compile(r"((?:[A-Z][\w’'.-]+\s+){1,3}[A-Z][\w’'.-]+)\s+(?:a|an|the)\s+[a-z]")


def split_name_role(source: str) -> tuple[str | None, str | None]:
    """("Rasim Musabayov, an independent Azeri lawmaker", ...) -> (name, role).

    Handles "Name, role", "role, Name" ("the assailant, John McGraw") and pre-nominal titles
    ("Spokeswoman Haley Morris", "Senate Minority Whip Dick Durbin"). Returns (None, role) for a
    description with no name, (name, None) for a bare name.
    """
    text = re.sub(r"\s+", " ", source.strip().strip(",").strip())
    text = re.sub(r"^\[([A-Za-z])\]", r"\1", text)
    if not text:
        return None, None
    first, sep, rest = text.partition(", ")
    first_clean = re.sub(r"\s*\([^)]*\)", "", first).strip()
    m = _NAME_THEN_ROLE.match(first_clean)
    if m and looks_like_person_name(m.group(1)):  # "Peter Hale an analyst at ..." (no comma)
        return m.group(1), ", ".join(x for x in (first_clean[m.end(1):].strip(), rest) if x)
    if sep:
        rest = rest.strip().strip(",").strip()
        if looks_like_person_name(first_clean) or _is_proper_head(head_phrase(first_clean)):
            name, role = _split_title(head_phrase(first_clean))
            role = _tidy_role(role)
            return name, ", ".join(x for x in (role, rest) if x) or None
        if looks_like_person_name(rest):
            return rest, first
    head = head_phrase(first_clean)
    name, role = _split_title(head)
    if name is None or head != first_clean:
        # "officials in Baku": the head is not a name, a later capitalised word does not count.
        return (name, _tidy_role(role)) if name and head == first_clean else (None, text)
    return name, _tidy_role(role)


def _tidy_role(role: str | None) -> str | None:
    if role and role.lower() in ("the", "a", "an"):
        return None
    return role


def _split_title(phrase: str) -> tuple[str | None, str | None]:
    toks = phrase.split()
    run = _trailing_name(toks)
    if not run or not run[-1][:1].isupper():
        return None, phrase or None
    # Keep an honorific with the name ("Mr. Trump"), but split off longer titles.
    i = len(toks) - len(run)
    while len(run) > 1 and not _HONORIFIC.match(run[0]) and \
            (run[0].lower() in TITLE_HEADS or run[0].lower() in INSTITUTION_HEADS or
             len(run) > 3 or _ROLE_WORD.match(run[0])):
        run = run[1:]
        i += 1
    name = " ".join(run)
    role = " ".join(toks[:i]) or None
    return name, role


_ROLE_WORD = re.compile(r"^(?:Senate|House|Minority|Majority|Whip|Leader|Secretary|State|Spokes\w+|"
                        r"Press|Deputy|Vice|Former|Presumptive|Democratic|Republican|Presidential|"
                        r"Attorney|General|Chief|Executive|Speaker|President|Sen\.|Rep\.|Gov\.|"
                        r"Senator|Governor|Representative|Mayor|Judge|Justice|U\.S\.|Texas|Florida|"
                        r"Ohio|New|Director|Chairman|Chairwoman|Officer|CEO|Campaign|Manager)$")


def _is_proper_head(phrase: str) -> bool:
    toks = _tokens(phrase)
    return bool(toks) and toks[-1][:1].isupper() and toks[-1].lower() not in GROUP_WORDS


def classify_source(source: str, cue: str = "", context: str = "", registry=None) -> str:
    """named | anonymous | outlet | document | unsourced (writer/reader/generic) for a source
    phrase as written (pronouns must be resolved by the caller)."""
    text = re.sub(r"\s+", " ", source.strip().strip(",").strip())
    if not text:
        return "unsourced"
    low = text.lower()
    if low in WRITER_PRONOUNS or low in OTHER_HEADS:
        return "unsourced"
    head = head_phrase(text)
    toks = _tokens(head) or _tokens(text)
    if not toks:
        return "unsourced"
    last = toks[-1]
    last_low = last.lower().strip(".")
    cue_low = cue.lower()
    if last_low in STRONG_DOCUMENT_HEADS and not ANONYMITY.search(text):
        return "document"
    outlet = _outlet_in(head, registry)
    news_agency = low.endswith(("news agency", "wire service", "news service"))
    newspaper_name = last[:1].isupper() and last_low in OUTLET_NAME_WORDS and len(toks) >= 2
    if outlet or news_agency or newspaper_name or (last_low in OUTLET_HEADS and any(t[:1].isupper() for t in toks)):
        return "named" if re.search(r"\bannounc|\bhired|\bconfirm", cue_low) else "outlet"
    if ANONYMITY.search(text) or (context and ANONYMITY.search(context)):
        return "anonymous"
    first_low = toks[0].lower()
    if last_low in ANONYMOUS_PERSON_HEADS and last_low not in GROUP_WORDS and (
            len(toks) == 1 or first_low in _QUANTIFIER_FIRST or
            (last_low.endswith("s") and not last[:1].isupper() and "," in text)):
        # "Others", "Most Republican voters in Alabama, Georgia and Virginia": an open group,
        # whatever capitalised words follow.
        return "anonymous"
    # A name in an appositive makes a description named ("the assailant, John McGraw").
    name, _ = split_name_role(text)
    if last_low in DOCUMENT_HEADS or (last_low.endswith("’s") and last_low[:-2] in DOCUMENT_HEADS):
        return "document"
    if last[:1].isupper() and not last.isupper() and last_low in GROUP_WORDS:
        return "named" if toks[0].lower() == "the" and last_low in ("russians", "iranians",
                                                                     "israelis") else "anonymous"
    if name:
        return "named"
    first_low = toks[0].lower()
    if last_low in ANONYMOUS_PERSON_HEADS or re.match(r"^\d", last_low) or "percent" in low:
        return "anonymous"  # officials, a spokesman, 60 percent of voters: nobody by name
    if last_low in INSTITUTION_HEADS or last_low in TITLE_HEADS:
        # "the campaign", "the president" point at one known body or person; "a senator" doesn't.
        return "anonymous" if first_low in ("a", "an", "one", "some", "several") else "named"
    if last[:1].isupper():
        return "named"
    if first_low in ("a", "an", "one", "some", "several", "many", "most", "two", "three", "few") or \
            last_low.endswith("s"):
        return "anonymous"
    return "named"


def safe_canonical(registry, phrase: str) -> str | None:
    """registry.canonical(), which can raise on odd text (urlparse on "[538]")."""
    try:
        return registry.canonical(phrase)
    except ValueError:
        return None


def _outlet_in(head: str, registry) -> str | None:
    if registry is None or not head:
        return None
    if head[:1].isupper() or head.lower().startswith("the "):
        canon = safe_canonical(registry, head)
        if canon and head.lower() not in ("people", "time", "the people"):
            return canon
    found = registry.find_in(head)
    return found[-1][2] if found else None


def outlet_of(phrase: str, registry) -> str | None:
    """The canonical outlet named by a short phrase ("Reuters", "The Post and Courier newspaper")."""
    if registry is None or not phrase:
        return None
    phrase = phrase.strip().strip(",.").strip()
    canon = safe_canonical(registry, phrase)
    if canon:
        return canon
    stripped = re.sub(r"\s+(?:newspaper|magazine|news\s+agency|television|TV|website|program|show)$",
                      "", phrase, flags=re.IGNORECASE)
    canon = safe_canonical(registry, stripped)
    if canon:
        return canon
    found = registry.find_in(phrase)
    return found[0][2] if found else None
