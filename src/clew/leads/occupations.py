"""Occupations that give access to children, declared once as data (``clew.leads.child_access``
reads them; docs/architecture.md gives the rule and why each ambiguous word is where it is).

Every phrase is written as people write it; ``child_access.tokens`` normalises data and input
the same way (casefold, accents and marks dropped, punctuation as spaces), and a phrase matches
only as whole words, never as a substring ("coach" is not in "coachbuilder").

- ``TITLES``: per language (BCP 47), titles that alone say the work is with children. Only
  words whose meaning in an occupation field is certain; a word with a common other sense is
  left out and named in its list's comment.
- ``HEADS``: English job nouns that say nothing about who is served (a coach, an assistant):
  they count only with a ``QUALIFIERS`` phrase among the three words before them ("youth
  football coach") or after one of ``LINKS`` ("coach for children").
- ``NOT_CHILD``: phrases removed before anything is matched, so their words can neither match
  nor qualify ("coach driver", "life coach", "youth hostel", "driving school").
- ``ISCO_08``: ILO ISCO-08 unit groups whose work is with children, matched when a source gives
  the code ("ISCO 5311", "ISCO-08: 2342"; ESCO codes are a unit group and a suffix, "2342.1").
"""

from __future__ import annotations

TITLES: dict[str, tuple[str, ...]] = {
    "en": (
        "teacher", "teachers", "schoolteacher", "schoolmaster", "schoolmistress", "head teacher",
        "headteacher", "headmaster", "headmistress", "teaching assistant", "classroom assistant",
        "learning support assistant", "lunchtime supervisor", "childminder", "child minder",
        "nanny", "babysitter", "baby sitter", "au pair", "governess", "kindergarten", "preschool",
        "pre school", "daycare", "day care", "childcare", "child care", "creche", "playgroup",
        "playworker", "play worker", "early years", "paediatric", "pediatric", "paediatrics",
        "pediatrics", "paediatrician", "pediatrician", "foster parent", "foster carer",
        "foster mother", "foster father", "camp counsellor", "camp counselor", "scoutmaster",
        # learn-to-swim lessons are mostly children's (schools, clubs): kept as a title
        "swimming instructor", "swimming teacher", "swim instructor", "swim teacher",
    ),
    "fr": (
        "enseignant", "enseignante", "instituteur", "institutrice", "professeur des écoles",
        "maîtresse d'école", "éducateur de jeunes enfants", "éducatrice de jeunes enfants",
        "assistante maternelle", "assistant maternel", "nourrice", "puéricultrice",
        "puériculteur", "auxiliaire de puériculture", "école maternelle",
        "jardin d'enfants", "garde d'enfants", "pédiatre",
    ),  # "professeur" alone: also a university professor
    "es": (
        "maestra", "maestro de escuela", "maestra de escuela", "maestro de primaria",
        "maestra de primaria", "maestro de infantil", "maestra de infantil",
        "profesor de primaria", "profesora de primaria", "educador infantil",
        "educadora infantil", "niñera", "guardería", "jardín de infancia", "jardín infantil",
        "cuidador de niños", "cuidadora de niños", "pediatra", "parvulario",
    ),  # "maestro" alone: also a master craftsman ("maestro de obras"); "canguro": kangaroo
    "pt": (
        "professora primária", "professor primário", "professor de educação infantil",
        "educadora de infância", "educador de infância",
        "cuidadora de crianças", "cuidador de crianças", "jardim de infância", "berçário",
    ),  # "educadora infantil", "pediatra": in "es"; "babá" becomes "baba" (father, a surname);
    # "professor" alone: also university
    "de": (
        "Lehrer", "Lehrerin", "Grundschullehrer", "Grundschullehrerin", "Erzieher", "Erzieherin",
        "Kinderpfleger", "Kinderpflegerin", "Tagesmutter", "Tagesvater", "Kindermädchen",
        "Kinderbetreuer", "Kinderbetreuerin", "Kindergärtner", "Kindergärtnerin", "Kita",
        "Kindertagesstätte", "Kinderkrankenschwester", "Kinderkrankenpfleger", "Kinderarzt",
        "Kinderärztin", "Jugendtrainer", "Jugendtrainerin", "Jugendbetreuer", "Jugendbetreuerin",
    ),  # compounds are whole words: "Fahrlehrer" (driving instructor) does not match "Lehrer"
    "it": (
        "insegnante", "maestra elementare", "maestro elementare", "maestra d'asilo",
        "asilo nido", "scuola materna", "scuola dell'infanzia", "bambinaia",
    ),  # "tata" (nanny): also a company name; "maestra", "pediatra" are in "es", "puericultrice" in "fr"
    "nl": (
        "leraar", "lerares", "leerkracht", "onderwijzer", "onderwijzeres", "kleuterleidster",
        "kleuterjuf", "kinderopvang", "gastouder", "oppas", "kinderoppas", "kinderdagverblijf",
        "peuterspeelzaal", "kinderarts", "kinderverzorger", "kinderverzorgster", "jeugdwerker",
        "jeugdtrainer",
    ),
    "tl": ("guro", "titser", "yaya"),
    "id": (
        "guru sd", "guru sekolah", "guru tk", "guru paud", "pengasuh anak", "pengasuh bayi",
        "taman kanak-kanak", "penitipan anak", "dokter anak",
    ),  # "guru" alone: an English word too ("marketing guru")
    "vi": (
        "giáo viên", "cô giáo", "thầy giáo", "mầm non", "nhà trẻ", "bảo mẫu", "người giữ trẻ",
        "bác sĩ nhi khoa",
    ),
    "th": ("ครู", "ครูอนุบาล", "พี่เลี้ยงเด็ก", "กุมารแพทย์", "โรงเรียนอนุบาล"),
    # Thai is written without spaces: a title inside a longer run of text is not seen
    "ar": ("معلمة", "مدرس", "مدرسة", "مربية", "روضة أطفال", "حضانة أطفال", "طبيب أطفال"),
    # "معلم" alone: also "landmark"; "روضة" alone: also "garden", a given name
    "ru": (
        "учитель", "учительница", "воспитатель", "воспитательница", "няня", "педиатр",
        "детский сад", "детского сада", "детсад", "гувернантка", "вожатый", "вожатая",
        "детский тренер",
    ),  # "преподаватель": also a university lecturer
}  # fmt: skip

HEADS = (
    "coach", "coaches", "trainer", "instructor", "leader", "worker", "assistant", "aide",
    "tutor", "nurse", "carer", "caregiver", "counsellor", "counselor", "supervisor", "volunteer",
    "mentor", "helper", "practitioner", "educator", "officer", "therapist", "psychologist",
    "doctor", "librarian", "entertainer", "chaperone",
)  # fmt: skip
QUALIFIERS = (
    "child", "children", "childrens", "kid", "kids", "youth", "youths", "young people",
    "juniors", "junior football", "junior sports", "junior tennis", "junior swimming", "boys",
    "girls", "teen", "teens", "teenage", "teenager", "teenagers", "adolescent", "adolescents",
    "pupil", "pupils", "school", "schools", "nursery", "kindergarten", "preschool", "playgroup",
    "scout", "scouts", "cub", "cubs", "brownie", "brownies", "girl guide", "girl guides",
    "infant", "infants", "baby", "babies", "toddler", "toddlers", "early years", "paediatric",
    "pediatric", "neonatal", "minors", "orphanage", "foster", "summer camp", "holiday camp",
)  # fmt: skip
""""junior" alone is a grade ("junior assistant"), not an age; "guide" alone is a tour guide."""
LINKS = ("for", "of", "with", "at", "in")
NOT_CHILD = (
    "coach driver", "coach drivers", "coach operator", "coach company", "coach hire",
    "coach tour", "coach tours", "coach travel", "coach station", "motor coach", "life coach",
    "executive coach", "business coach", "leadership coach", "career coach", "dating coach",
    "youth hostel", "youth hostels", "hostel", "plant nursery", "garden nursery",
    "tree nursery", "nursery garden", "horticultural nursery", "driving instructor",
    "driving teacher", "driving school", "flight school", "business school", "law school",
    "medical school", "graduate school", "yoga teacher", "university teacher",
    "adult education teacher", "teacher of adults", "adult day care", "adult daycare",
    "elderly day care", "childrens book", "childrens books", "children book", "children books",
    "childrenswear", "childrens wear", "talent scout", "enseignant chercheur",
    "enseignante chercheuse",
)  # fmt: skip

#: ISCO-08 unit group -> ILO title (ILO, ISCO-08 structure and index of occupational titles,
#: https://www.ilo.org/public/english/bureau/stat/isco/isco08/). Left out, and why: 2310/2320
#: (university, vocational: adults), 2353-2359 (language, music, arts, other teachers: mostly
#: private lessons of any age), 3422 (sports coaches, instructors and officials: referees and
#: adult coaching too; a youth coach is found by title), 2212 (specialist medical practitioners:
#: paediatricians are a few of them), 2635/3412 (social work: child welfare is one part).
ISCO_08: dict[str, str] = {
    "2330": "Secondary education teachers",
    "2341": "Primary school teachers",
    "2342": "Early childhood educators",
    "2352": "Special needs teachers",  # most work with school-age children
    "5311": "Child care workers",
    "5312": "Teachers' aides",
}
