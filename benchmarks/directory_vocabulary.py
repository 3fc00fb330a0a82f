# Cyrillic letters and CJK punctuation are the point of this file, not look-alike typos.
# ruff: noqa: RUF001
"""Multilingual text for the directory benchmark: 12 topics in the portal's 12 languages.

Real phrases rather than lorem ipsum, so that the benchmark's searches exercise each
language's text-search configuration (stemming, unaccent, trigrams) the way residents do.
"""

LANGUAGES = ["en", "es", "zh-hans", "zh-hant", "ht", "vi", "kea", "pt-br", "ru", "ar", "fr", "so"]

TOPICS: dict[str, list[str]] = {
    "en": [
        "Free legal help from a lawyer",
        "Citizenship application help",
        "Health care clinic",
        "Mental health counseling",
        "Housing and rent help",
        "Food pantry",
        "Job training and employment",
        "English classes (ESOL)",
        "Youth programs",
        "Family support",
        "Driver's license help",
        "Public benefits help",
    ],
    "es": [
        "Ayuda legal gratuita con abogado",
        "Ayuda con la solicitud de ciudadanía",
        "Clínica de salud",
        "Consejería de salud mental",
        "Ayuda con vivienda y alquiler",
        "Banco de alimentos",
        "Capacitación laboral y empleo",
        "Clases de inglés",
        "Programas para jóvenes",
        "Apoyo familiar",
        "Ayuda con la licencia de conducir",
        "Ayuda con beneficios públicos",
    ],
    "zh-hans": [
        "免费律师法律援助",
        "入籍申请帮助",
        "医疗诊所",
        "心理健康咨询",
        "住房和租金援助",
        "食物银行",
        "职业培训和就业",
        "英语课程",
        "青少年项目",
        "家庭支持",
        "驾照申请帮助",
        "公共福利援助",
    ],
    "zh-hant": [
        "免費律師法律援助",
        "入籍申請幫助",
        "醫療診所",
        "心理健康諮詢",
        "住房和租金援助",
        "食物銀行",
        "職業培訓和就業",
        "英語課程",
        "青少年項目",
        "家庭支持",
        "駕照申請幫助",
        "公共福利援助",
    ],
    "ht": [
        "Èd legal gratis ak yon avoka",
        "Èd pou aplikasyon sitwayènte",
        "Klinik swen sante",
        "Konsèy sante mantal",
        "Èd pou lojman ak lwaye",
        "Bank manje",
        "Fòmasyon ak travay",
        "Klas angle",
        "Pwogram pou jèn",
        "Sipò pou fanmi",
        "Èd pou lisans kondui",
        "Èd pou benefis piblik",
    ],
    "vi": [
        "Trợ giúp pháp lý miễn phí với luật sư",
        "Hỗ trợ nộp đơn nhập quốc tịch",
        "Phòng khám sức khỏe",
        "Tư vấn sức khỏe tâm thần",
        "Hỗ trợ nhà ở và tiền thuê",
        "Ngân hàng thực phẩm",
        "Đào tạo nghề và việc làm",
        "Lớp học tiếng Anh",
        "Chương trình thanh thiếu niên",
        "Hỗ trợ gia đình",
        "Hỗ trợ bằng lái xe",
        "Hỗ trợ phúc lợi công cộng",
    ],
    "kea": [
        "Ajuda legal di grasa ku advogadu",
        "Ajuda ku pedidu di sidadania",
        "Klínika di saúdi",
        "Konsedju di saúdi mental",
        "Ajuda ku kaza i renda",
        "Banku di kumida",
        "Formason i trabadju",
        "Klasi di ingles",
        "Programa pa jóvens",
        "Apoiu pa família",
        "Ajuda ku karta di kondusón",
        "Ajuda ku benefísius públiku",
    ],
    "pt-br": [
        "Ajuda jurídica gratuita com advogado",
        "Ajuda com o pedido de cidadania",
        "Clínica de saúde",
        "Aconselhamento de saúde mental",
        "Ajuda com moradia e aluguel",
        "Banco de alimentos",
        "Capacitação profissional e emprego",
        "Aulas de inglês",
        "Programas para jovens",
        "Apoio à família",
        "Ajuda com a carteira de motorista",
        "Ajuda com benefícios públicos",
    ],
    "ru": [
        "Бесплатная юридическая помощь адвоката",
        "Помощь с заявлением на гражданство",
        "Медицинская клиника",
        "Консультации по психическому здоровью",
        "Помощь с жильём и арендой",
        "Продуктовый банк",
        "Профобучение и трудоустройство",
        "Курсы английского языка",
        "Программы для молодёжи",
        "Поддержка семей",
        "Помощь с водительскими правами",
        "Помощь с государственными пособиями",
    ],
    "ar": [
        "مساعدة قانونية مجانية من محامٍ",
        "مساعدة في طلب الجنسية",
        "عيادة رعاية صحية",
        "استشارات الصحة النفسية",
        "مساعدة في السكن والإيجار",
        "بنك الطعام",
        "التدريب المهني والتوظيف",
        "دروس اللغة الإنجليزية",
        "برامج الشباب",
        "دعم الأسرة",
        "مساعدة في رخصة القيادة",
        "مساعدة في المزايا العامة",
    ],
    "fr": [
        "Aide juridique gratuite avec un avocat",
        "Aide à la demande de citoyenneté",
        "Clinique de santé",
        "Conseil en santé mentale",
        "Aide au logement et au loyer",
        "Banque alimentaire",
        "Formation et emploi",
        "Cours d'anglais",
        "Programmes pour les jeunes",
        "Soutien aux familles",
        "Aide pour le permis de conduire",
        "Aide aux prestations publiques",
    ],
    "so": [
        "Caawimo sharci oo bilaash ah oo qareen",
        "Caawimo codsiga dhalashada",
        "Rugta caafimaadka",
        "La-talinta caafimaadka maskaxda",
        "Caawimo guri iyo kiro",
        "Bangiga cuntada",
        "Tababar shaqo iyo shaqo",
        "Fasallada Ingiriisiga",
        "Barnaamijyada dhallinyarada",
        "Taageerada qoyska",
        "Caawimo liisanka darawalnimada",
        "Caawimo gargaarka dadweynaha",
    ],
}

SENTENCES = {
    "en": "{topic} for residents of {place}. Staff speak several languages; no appointment needed.",
    "es": "{topic} para residentes de {place}. El personal habla varios idiomas; no se necesita cita.",
    "zh-hans": "为{place}居民提供{topic}。工作人员会说多种语言，无需预约。",
    "zh-hant": "為{place}居民提供{topic}。工作人員會說多種語言，無需預約。",
    "ht": "{topic} pou moun ki rete {place}. Anplwaye yo pale plizyè lang; ou pa bezwen randevou.",
    "vi": "{topic} cho cư dân {place}. Nhân viên nói nhiều ngôn ngữ; không cần hẹn trước.",
    "kea": "{topic} pa morador di {place}. Funsionárius ta fala txeu língua; ka ta prisiza markason.",
    "pt-br": "{topic} para moradores de {place}. A equipe fala vários idiomas; não é preciso agendar.",
    "ru": "{topic} для жителей района {place}. Сотрудники говорят на нескольких языках; запись не нужна.",
    "ar": "{topic} لسكان {place}. يتحدث الموظفون عدة لغات، ولا حاجة إلى موعد.",
    "fr": "{topic} pour les habitants de {place}. Le personnel parle plusieurs langues ; sans rendez-vous.",
    "so": (
        "{topic} loogu talagalay dadka deggan {place}. Shaqaaluhu waxay ku hadlaan luqado badan; ballan looma baahna."
    ),
}

ELIGIBILITY = {
    "en": "Everyone, regardless of immigration status.",
    "es": "Todas las personas, sin importar su estatus migratorio.",
    "zh-hans": "所有人，无论移民身份如何。",
    "zh-hant": "所有人，無論移民身份如何。",
    "ht": "Tout moun, kèlkeswa estati imigrasyon yo.",
    "vi": "Tất cả mọi người, bất kể tình trạng di trú.",
    "kea": "Tudu algen, sen inporta státus di imigrason.",
    "pt-br": "Todas as pessoas, independentemente do status migratório.",
    "ru": "Все, независимо от иммиграционного статуса.",
    "ar": "الجميع، بغض النظر عن وضع الهجرة.",
    "fr": "Tout le monde, quel que soit le statut d'immigration.",
    "so": "Qof kasta, iyadoon loo eegin xaaladda socdaalka.",
}

FEES = {
    "en": "Free",
    "es": "Gratis",
    "zh-hans": "免费",
    "zh-hant": "免費",
    "ht": "Gratis",
    "vi": "Miễn phí",
    "kea": "Di grasa",
    "pt-br": "Gratuito",
    "ru": "Бесплатно",
    "ar": "مجاني",
    "fr": "Gratuit",
    "so": "Bilaash",
}

HOW_TO_APPLY = {
    "en": "Call or walk in during opening hours.",
    "es": "Llame o venga durante el horario de atención.",
    "zh-hans": "请在开放时间致电或直接前来。",
    "zh-hant": "請在開放時間致電或直接前來。",
    "ht": "Rele oswa vini pandan lè ouvèti yo.",
    "vi": "Gọi điện hoặc đến trực tiếp trong giờ mở cửa.",
    "kea": "Liga o ben duranti oráriu di atendimentu.",
    "pt-br": "Ligue ou venha durante o horário de atendimento.",
    "ru": "Позвоните или приходите в часы работы.",
    "ar": "اتصل أو احضر خلال ساعات العمل.",
    "fr": "Appelez ou venez pendant les heures d'ouverture.",
    "so": "Wac ama imow inta lagu jiro saacadaha furan.",
}

PLACES = [
    "Allston",
    "Back Bay",
    "Brighton",
    "Charlestown",
    "Chinatown",
    "Dorchester",
    "East Boston",
    "Fenway",
    "Hyde Park",
    "Jamaica Plain",
    "Mattapan",
    "Mission Hill",
    "North End",
    "Roslindale",
    "Roxbury",
    "South Boston",
    "South End",
    "West Roxbury",
]

# What residents type: the examples, misspellings and single words.
EXTRA_QUERIES = [
    ("es", "abogado"),
    ("ht", "avoka"),
    ("zh-hans", "律师"),
    ("vi", "luật sư"),
    ("ar", "محامي"),
    ("pt-br", "advogado"),
    ("ru", "адвокат"),
    ("fr", "avocat"),
    ("so", "qareen"),
    ("en", "citizenshp"),
    ("en", "lawer"),
    ("en", "imigration"),
    ("en", "food stamps"),
    ("en", "rent"),
    ("en", "dentist"),
    ("es", "inmigracion"),
    ("es", "clinica"),
    ("fr", "sante mentale"),
    ("pt-br", "saude"),
    ("ru", "жилье"),
]


def search_queries() -> list[tuple[str, str]]:
    """(language, query): every topic, its first significant word, the examples, and place names."""
    queries: list[tuple[str, str]] = []
    for language, topics in TOPICS.items():
        for topic in topics:
            queries.append((language, topic))
            words = [w.strip("()'") for w in topic.split() if len(w.strip("()'")) >= 4]
            if words and words[0] != topic:
                queries.append((language, words[0]))
            elif language.startswith("zh"):
                queries.append((language, topic[:2]))
    queries += EXTRA_QUERIES
    queries += [("en", place) for place in PLACES]
    return list(dict.fromkeys(queries))
