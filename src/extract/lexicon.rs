//! The words of English the extractor knows by heart: titles, auxiliaries,
//! cues for modality and for the types of names it has not seen. These are
//! facts about the language of news, not about any domain; a domain's
//! relations and their trigger words live in the schema.

/// Words of an office or role ("Russian Deputy Foreign Minister Igor
/// Morgulov"). A noun phrase may string them between a country and a name.
pub fn title(w: &str) -> bool {
    matches!(
        w,
        "president"
            | "vice"
            | "prime"
            | "minister"
            | "ministers"
            | "pm"
            | "premier"
            | "foreign"
            | "deputy"
            | "secretary"
            | "state"
            | "defense"
            | "defence"
            | "chief"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "ambassador"
            | "envoy"
            | "leader"
            | "chairman"
            | "chairwoman"
            | "chair"
            | "general"
            | "chancellor"
            | "king"
            | "queen"
            | "emperor"
            | "counterpart"
            | "counterparts"
            | "official"
            | "officials"
            | "top"
            | "senior"
            | "diplomat"
            | "senator"
            | "governor"
            | "mayor"
            | "head"
            | "affairs"
            | "first"
            | "national"
            | "security"
            | "adviser"
            | "advisor"
            | "representative"
            | "special"
            | "nuclear"
            | "negotiator"
            | "acting"
            | "former"
            | "then"
            | "vice-president"
            | "vice-minister"
            | "parliamentary"
            | "finance"
            | "trade"
            | "economy"
            | "economic"
            | "interior"
            | "justice"
            | "energy"
            | "industry"
            | "development"
            | "cabinet"
            | "chief-of-staff"
            | "staff"
            | "press"
            | "director"
            | "commander"
            | "lawmaker"
            | "supreme"
            | "party"
            | "leaders"
            | "assistant"
            | "under"
            | "undersecretary"
            | "under-secretary"
            | "secretary-general"
            | "director-general"
            | "deputy-secretary"
            | "permanent"
            | "u.n."
            | "defence-minister"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "gen"
            | "adm"
            | "lt"
            | "col"
            | "sen"
            | "rep"
            | "gov"
            | "amb"
            | "the"
    )
}

/// Words that may stand between a subject and its verb ("will", "did not",
/// "is expected to", "reportedly"). They carry the modality of the clause.
pub fn auxiliary(w: &str) -> bool {
    plan(w)
        || negation(w)
        || matches!(
            w,
            "should" | "could" | "can" | "may" | "might" | "must" | "did" | "does" | "do" | "is"
                | "are" | "was" | "were" | "be" | "been" | "being" | "has" | "have" | "had"
                | "also" | "then" | "later" | "again" | "soon" | "still" | "already" | "both"
                | "jointly" | "once" | "last" | "this" | "week" | "on" | "agreed" | "decided"
                | "yet" | "now" | "today" | "yesterday" | "tomorrow" | "first" | "all" | "each"
                | "together" | "just" | "only" | "even" | "further"
        )
        // Adverbs: "reportedly", "repeatedly", "recently".
        || (w.len() > 4 && w.ends_with("ly"))
}

/// Whether an auxiliary negates its clause.
pub fn negation(w: &str) -> bool {
    matches!(
        w,
        "not" | "never" | "no" | "neither" | "nor" | "refused" | "declined" | "failed"
    ) || w.ends_with("n't")
}

/// Whether an auxiliary puts its clause in the future or makes it an intention.
pub fn plan(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "would"
            | "shall"
            | "'ll"
            | "to"
            | "plans"
            | "planned"
            | "plan"
            | "planning"
            | "expects"
            | "expected"
            | "intends"
            | "intended"
            | "due"
            | "scheduled"
            | "set"
            | "going"
            | "wants"
            | "want"
            | "wanted"
            | "hopes"
            | "hoped"
            | "hope"
            | "seeks"
            | "sought"
            | "prepares"
            | "preparing"
            | "prepared"
            | "likely"
            | "unlikely"
            | "upcoming"
            | "planned-for"
    )
}

/// Verbs and phrases of reported speech ("said", "according to").
pub fn speech(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "according"
            | "stated"
            | "announced"
            | "added"
            | "noted"
            | "stressed"
            | "insisted"
            | "quoted"
            | "reported"
            | "reports"
            | "claimed"
            | "asserted"
            | "declared"
            | "explained"
            | "warned"
            | "argued"
            | "underlined"
            | "emphasised"
            | "emphasized"
            | "remarked"
            | "commented"
    )
}

/// Words that start a sentence without being part of a name.
pub fn stopword(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "in"
            | "on"
            | "at"
            | "but"
            | "and"
            | "or"
            | "however"
            | "it"
            | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "you"
            | "this"
            | "that"
            | "these"
            | "those"
            | "here"
            | "there"
            | "what"
            | "when"
            | "where"
            | "why"
            | "how"
            | "meanwhile"
            | "also"
            | "after"
            | "before"
            | "as"
            | "while"
            | "if"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "for"
            | "from"
            | "with"
            | "by"
            | "to"
            | "of"
            | "since"
            | "during"
            | "both"
            | "all"
            | "some"
            | "many"
            | "most"
            | "other"
            | "such"
            | "no"
            | "not"
            | "yes"
            | "so"
            | "yet"
            | "then"
            | "than"
            | "who"
            | "whom"
            | "which"
            | "one"
            | "two"
            | "three"
            | "last"
            | "next"
            | "new"
            | "earlier"
            | "later"
            | "yesterday"
            | "today"
            | "tomorrow"
            | "source"
            | "sources"
            | "officials"
            | "according"
            | "under"
            | "over"
            | "despite"
            | "although"
            | "though"
            | "because"
            | "until"
            | "each"
            | "every"
            | "any"
            | "more"
            | "several"
            | "speaking"
            | "asked"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "president"
            | "minister"
            | "premier"
            | "secretary"
            | "chairman"
            | "leader"
            | "ambassador"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "sen"
            | "gen"
            | "foreign"
            | "prime"
            | "deputy"
            | "vice"
            | "chief"
            | "special"
            | "senior"
            | "top"
            | "former"
            | "first"
            | "security"
            | "defense"
            | "defence"
            | "state"
            | "national"
            | "supreme"
            | "counterpart"
            | "envoy"
            | "director"
            | "head"
            | "general"
            | "governor"
            | "king"
            | "emperor"
            | "queen"
            | "chancellor"
            | "acting"
            | "affairs"
            | "pm"
            | "party"
            | "economy"
            | "finance"
            | "trade"
            | "interior"
            | "justice"
            | "energy"
            | "press"
            | "cabinet"
            | "commander"
            | "representative"
            | "official"
            | "diplomat"
            | "adviser"
            | "advisor"
            | "staff"
            | "assistant"
            | "nuclear"
            | "economic"
            | "industry"
            | "development"
            | "parliamentary"
            | "negotiator"
            | "lawmaker"
            | "permanent"
    ) || month(w)
        || weekday(w)
}

pub fn month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

pub fn weekday(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// Words that make a name an organisation ("Foreign Ministry", "Security Council").
pub fn organisation_word(w: &str) -> bool {
    matches!(
        w,
        "ministry"
            | "council"
            | "agency"
            | "committee"
            | "party"
            | "organization"
            | "organisation"
            | "union"
            | "bank"
            | "forum"
            | "parliament"
            | "assembly"
            | "department"
            | "office"
            | "government"
            | "corporation"
            | "group"
            | "association"
            | "alliance"
            | "fund"
            | "navy"
            | "army"
            | "forces"
            | "force"
            | "institute"
            | "commission"
            | "duma"
            | "diet"
            | "senate"
            | "congress"
            | "secretariat"
            | "command"
            | "guard"
            | "court"
            | "authority"
            | "corp"
            | "inc"
            | "ltd"
            | "company"
            | "university"
            | "embassy"
            | "administration"
            | "nations"
            | "kremlin"
            | "cabinet"
            | "bureau"
            | "service"
            | "services"
            | "federation"
            | "board"
            | "chamber"
            | "summit"
            | "organisations"
            | "organizations"
            | "society"
            | "foundation"
            | "centre"
            | "center"
            | "staff"
            | "secretariats"
            | "coalition"
            | "legislature"
            | "politburo"
    )
}

/// Words that make a name a territory ("Kuril Islands", "Korean Peninsula").
pub fn territory_word(w: &str) -> bool {
    matches!(
        w,
        "islands"
            | "island"
            | "isles"
            | "peninsula"
            | "sea"
            | "strait"
            | "territories"
            | "territory"
            | "atoll"
            | "reef"
            | "shoal"
            | "archipelago"
            | "islets"
            | "region"
            | "zone"
            | "dmz"
            | "crimea"
            | "donbas"
            | "gulf"
            | "bay"
            | "mountains"
            | "valley"
    )
}

/// Words that make a name a news agency ("Yonhap News Agency", "Jiji Press").
pub fn agency_word(w: &str) -> bool {
    matches!(w, "news" | "press" | "telegraph" | "wire" | "newswire")
}

/// Family names written first in English news (Xi Jinping, Park Geun-hye):
/// a later "Xi" or "Park" refers back to the full name.
pub fn family_name_first(w: &str) -> bool {
    matches!(
        w,
        "xi" | "li"
            | "wang"
            | "zhang"
            | "liu"
            | "chen"
            | "yang"
            | "zhao"
            | "huang"
            | "zhou"
            | "wu"
            | "hu"
            | "wen"
            | "kim"
            | "lee"
            | "park"
            | "choi"
            | "jung"
            | "kang"
            | "cho"
            | "yoon"
            | "yun"
            | "moon"
            | "hwang"
            | "ahn"
            | "song"
            | "han"
            | "shin"
            | "seo"
            | "kwon"
            | "hong"
            | "ban"
            | "ri"
            | "pak"
            | "jang"
            | "choe"
            | "yu"
            | "ma"
            | "guo"
            | "he"
            | "gao"
            | "lin"
            | "luo"
            | "zheng"
            | "liang"
            | "xie"
            | "tang"
            | "cui"
    )
}

/// News agencies and international organisations every reader knows by
/// name: (name, aliases, type). The graph's own entities come first; these
/// only add what it lacks.
pub const KNOWN_NAMES: &[(&str, &[&str], &str)] = &[
    ("Xinhua", &["Xinhua News Agency"], "news_agency"),
    ("Yonhap", &["Yonhap News Agency"], "news_agency"),
    ("TASS", &["ITAR-TASS"], "news_agency"),
    ("Interfax", &[], "news_agency"),
    ("Reuters", &[], "news_agency"),
    ("Agence France-Presse", &["AFP"], "news_agency"),
    ("Associated Press", &["AP"], "news_agency"),
    ("Korean Central News Agency", &["KCNA"], "news_agency"),
    ("NHK", &[], "news_agency"),
    ("Jiji Press", &["Jiji"], "news_agency"),
    ("Bloomberg", &[], "news_agency"),
    ("United Nations", &["UN", "U.N."], "organisation"),
    (
        "UN Security Council",
        &[
            "U.N. Security Council",
            "United Nations Security Council",
            "Security Council",
        ],
        "organisation",
    ),
    (
        "NATO",
        &["North Atlantic Treaty Organization"],
        "organisation",
    ),
    (
        "ASEAN",
        &["Association of Southeast Asian Nations"],
        "organisation",
    ),
    ("European Union", &["EU", "E.U."], "organisation"),
    ("Group of Seven", &["G7", "G-7"], "organisation"),
    ("Group of 20", &["G20", "G-20"], "organisation"),
    (
        "APEC",
        &["Asia-Pacific Economic Cooperation"],
        "organisation",
    ),
    (
        "IAEA",
        &["International Atomic Energy Agency"],
        "organisation",
    ),
    (
        "Shanghai Cooperation Organisation",
        &["SCO", "Shanghai Cooperation Organization"],
        "organisation",
    ),
    ("World Trade Organization", &["WTO"], "organisation"),
    ("South China Sea", &[], "territory"),
    ("East China Sea", &[], "territory"),
    ("Korean Peninsula", &["Korean peninsula"], "territory"),
    ("Sea of Japan", &["East Sea"], "territory"),
    ("Yellow Sea", &[], "territory"),
    (
        "Senkaku Islands",
        &["Senkakus", "Diaoyu Islands"],
        "territory",
    ),
    ("Taiwan Strait", &[], "territory"),
    ("Crimea", &["Crimean Peninsula"], "territory"),
    ("Iturup", &["Etorofu"], "territory"),
    ("Kunashir", &["Kunashiri"], "territory"),
    ("Shikotan", &[], "territory"),
    (
        "Habomai Islands",
        &["Habomai", "Habomai islets"],
        "territory",
    ),
    ("Sakhalin", &[], "territory"),
    ("Hokkaido", &[], "territory"),
    ("Okinawa", &[], "territory"),
    ("Dokdo", &["Takeshima", "Liancourt Rocks"], "territory"),
    ("Paracel Islands", &["Paracels"], "territory"),
    ("Spratly Islands", &["Spratlys"], "territory"),
    ("Guam", &[], "territory"),
    ("Jeju Island", &["Jeju"], "territory"),
    ("Donbas", &["Donbass"], "territory"),
];
