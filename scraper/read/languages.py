"""What the tool knows about the page's languages: codes, month names, date shapes and phrases.

All language knowledge lives here as data; the parser has no `if lang == ...` branches. The
lifecycle state words are deliberately *not* here: they are learned from each revision's own
Overview list (see `extract`), because translations re-word them and even swap their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Path segments of the page, case-sensitive, in the order reports list them (English first).
LANGUAGES: tuple[str, ...] = (
    "en", "de", "es", "fr", "id", "it", "ja", "ko", "pt-BR", "ru", "zh-CN", "zh-TW",
)  # fmt: skip

# Display names for report headings (codes stay the identifiers everywhere else).
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "pt-BR": "Portuguese (Brazil)",
    "ru": "Russian",
    "zh-CN": "Chinese (Simplified)",
    "zh-TW": "Chinese (Traditional)",
}

STATES: tuple[str, ...] = ("active", "legacy", "deprecated", "retired")

# English words for the four states; accepted in every language (translations leave them in).
ENGLISH_STATE_WORDS: dict[str, str] = {
    "active": "active",
    "legacy": "legacy",
    "deprecated": "deprecated",
    "retired": "retired",
}

_EN_MONTHS = "january february march april may june july august september october november december"


def _months(names: str, *extra: tuple[str, int]) -> dict[str, int]:
    table = {name: number for number, name in enumerate(names.split(), start=1)}
    table.update(extra)
    return table


@dataclass(frozen=True)
class Language:
    """How one language writes dates and the words around them."""

    code: str
    # "mdy": "June 30, 2025"; "dmy": "30. Juni 2025", "30 de junio de 2025", "30 июня 2025";
    # "cjk": "2025年6月30日" / "2025 年 6 月 30 日"; "ko": "2025년 6월 30일".
    date_order: str
    months: dict[str, int] = field(default_factory=dict)
    # Words that glue day, month and year together ("de" in es/pt), ignored inside a date.
    date_glue: tuple[str, ...] = ()
    # Phrases around a date meaning "not sooner than" (the date is the earliest possible).
    not_before: tuple[str, ...] = ()
    # Words printed instead of a date when there is none.
    not_applicable: tuple[str, ...] = ()
    # Words that may stand around a date and mean nothing for its value ("on", "at 9AM PT").
    neutral: tuple[str, ...] = ()


# An empty cell is not among them: the page prints N/A, and a cell emptied by damage (or an
# HTML renderer padding a short row) must give a warning, not read as "no date".
_COMMON_NA = ("n/a", "na", "-", "—", "–")

LANGUAGE_DATA: dict[str, Language] = {
    "en": Language(
        code="en",
        date_order="mdy",
        months=_months(_EN_MONTHS, ("sept", 9)),
        not_before=("not sooner than", "not before", "no sooner than", "not earlier than"),
        not_applicable=("not applicable",),
        neutral=("on",),
    ),
    "de": Language(
        code="de",
        date_order="dmy",
        months=_months(
            "januar februar märz april mai juni juli august september oktober november dezember",
            ("jänner", 1),
            ("maerz", 3),
        ),
        not_before=(
            "nicht vor dem",
            "nicht vor",
            "nicht früher als",
            "frühestens am",
            "frühestens",
        ),
        not_applicable=("nicht zutreffend", "k. a.", "entfällt"),
        neutral=("am",),
    ),
    "es": Language(
        code="es",
        date_order="dmy",
        months=_months(
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
            "diciembre",
            ("setiembre", 9),
        ),
        date_glue=("de", "del"),
        not_before=("no antes del", "no antes de", "no antes de el"),
        not_applicable=("no aplica", "no disponible"),
        neutral=("el",),
    ),
    "fr": Language(
        code="fr",
        date_order="dmy",
        months=_months(
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
            ("fevrier", 2),
            ("aout", 8),
            ("decembre", 12),
        ),
        not_before=("pas avant le", "pas avant", "au plus tôt le", "non avant le"),
        not_applicable=("non applicable", "s.o.", "sans objet"),
        neutral=("le",),
    ),
    "id": Language(
        code="id",
        date_order="dmy",
        months=_months(
            "januari februari maret april mei juni juli agustus september oktober november "
            "desember",
        ),
        not_before=(
            "tidak lebih awal dari",
            "tidak lebih cepat dari",
            "tidak sebelum",
            "paling cepat",
        ),
        not_applicable=("tidak berlaku", "t/a"),
        neutral=("pada",),
    ),
    "it": Language(
        code="it",
        date_order="dmy",
        months=_months(
            "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
            "novembre dicembre",
        ),
        not_before=("non prima del", "non prima di", "non prima dell'"),
        not_applicable=("non applicabile", "non disponibile"),
        neutral=("il",),
    ),
    "ja": Language(
        code="ja",
        date_order="cjk",
        not_before=("以降", "以降に", "より前ではない"),
        not_applicable=("該当なし", "なし"),
    ),
    "ko": Language(
        code="ko",
        date_order="ko",
        not_before=("이후 아님", "이후", "이전 아님", "이전에는 아님"),
        not_applicable=("해당 없음", "해당없음", "없음"),
    ),
    "pt-BR": Language(
        code="pt-BR",
        date_order="dmy",
        months=_months(
            "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
            "dezembro",
            ("marco", 3),
        ),
        date_glue=("de",),
        not_before=("não antes de", "não antes do", "nao antes de"),
        not_applicable=("não aplicável", "não se aplica"),
        neutral=("em",),
    ),
    "ru": Language(
        code="ru",
        date_order="dmy",
        months={
            **_months(
                "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
            ),
            **_months(
                "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
            ),
        },
        not_before=("не ранее", "не раньше", "не ранее чем", "не раньше чем"),
        not_applicable=("н/д", "нет", "не применимо"),
        neutral=("г.", "года", "г"),
    ),
    "zh-CN": Language(
        code="zh-CN",
        date_order="cjk",
        not_before=("不早于",),
        not_applicable=("不适用", "无"),
    ),
    "zh-TW": Language(
        code="zh-TW",
        date_order="cjk",
        not_before=("不早於",),
        not_applicable=("不適用", "無"),
    ),
}


def language(code: str) -> Language:
    """The data of a language code; unknown codes fall back to English's shapes."""
    return LANGUAGE_DATA.get(code, LANGUAGE_DATA["en"])


def not_applicable_words(code: str) -> frozenset[str]:
    """Words meaning "no date" in `code`, plus the common ones and English's."""
    words = set(_COMMON_NA) | set(LANGUAGE_DATA["en"].not_applicable)
    words |= set(language(code).not_applicable)
    return frozenset(words)


# -- retirements that are not a day ------------------------------------------------------------
# What a retirement cell prints when the day is not set yet ("To be announced"), by language.
# Matched on the whole cell, case-folded, punctuation as spaces (see `dates.read_date_cell`);
# English's are accepted in every language (translations leave English words in).
TO_BE_ANNOUNCED: dict[str, tuple[str, ...]] = {
    "en": ("to be announced", "tba", "tbd", "tbc", "to be determined", "to be confirmed",
           "will be announced", "will be announced later", "to be announced later",
           "not yet announced", "yet to be announced", "not announced yet", "not yet determined",
           "not yet scheduled", "to be scheduled", "date to be announced",
           "date to be determined", "announced later", "not yet set"),
    "de": ("wird noch bekannt gegeben", "wird noch bekanntgegeben", "wird bekannt gegeben",
           "wird bekanntgegeben", "wird später bekannt gegeben", "wird später bekanntgegeben",
           "noch nicht bekannt", "noch nicht bekannt gegeben", "noch nicht bekanntgegeben",
           "noch nicht angekündigt", "noch nicht festgelegt", "steht noch nicht fest",
           "wird noch festgelegt", "noch offen", "offen", "folgt", "datum folgt"),
    "es": ("por anunciar", "a anunciar", "se anunciará", "se anunciará más adelante",
           "será anunciado", "será anunciada", "por determinar", "a determinar",
           "por confirmar", "a confirmar", "por definir", "a definir", "pendiente de anuncio",
           "aún no anunciado", "aún no anunciada", "todavía no anunciado", "sin anunciar",
           "fecha por anunciar", "fecha por determinar"),
    "fr": ("à annoncer", "sera annoncé", "sera annoncée", "sera annoncé ultérieurement",
           "sera annoncée ultérieurement", "annoncé ultérieurement", "annoncée ultérieurement",
           "à déterminer", "à confirmer", "à définir", "pas encore annoncé",
           "pas encore annoncée", "non encore annoncé", "non encore annoncée", "non annoncé",
           "non annoncée", "à venir", "date à venir", "date à annoncer", "date à déterminer"),
    "id": ("akan diumumkan", "akan diumumkan kemudian", "akan diumumkan nanti",
           "belum diumumkan", "akan ditentukan", "akan ditentukan kemudian", "belum ditentukan",
           "segera diumumkan", "diumumkan kemudian", "menyusul", "tanggal menyusul",
           "akan dikonfirmasi"),
    "it": ("da annunciare", "sarà annunciato", "sarà annunciata", "verrà annunciato",
           "verrà annunciata", "verrà comunicato", "verrà comunicata", "da definire",
           "da determinare", "da confermare", "da stabilire", "non ancora annunciato",
           "non ancora annunciata", "non ancora comunicato", "data da definire",
           "data da annunciare", "data da comunicare"),
    "ja": ("未定", "後日発表", "後日発表予定", "後日お知らせします", "後日告知", "発表予定",
           "追って発表", "追って発表します", "追ってお知らせします", "未発表", "近日発表",
           "近日公開", "調整中", "決定次第お知らせします"),
    "ko": ("추후 공지", "추후 공지 예정", "추후 발표", "추후 발표 예정", "추후 안내",
           "추후 안내 예정", "추후 결정", "미정", "발표 예정", "공지 예정", "결정되지 않음",
           "미발표", "발표 전"),
    "pt-BR": ("a ser anunciado", "a ser anunciada", "a anunciar", "será anunciado",
              "será anunciada", "será anunciado posteriormente", "a definir", "a ser definido",
              "a ser definida", "a determinar", "a ser determinado", "a confirmar",
              "ainda não anunciado", "ainda não anunciada", "não anunciado",
              "data a ser anunciada", "data a definir"),
    "ru": ("будет объявлено", "будет объявлена", "будет объявлено позже",
           "будет объявлена позже", "будет сообщено", "будет сообщено позже",
           "объявят позже", "сообщим позже", "уточняется", "будет уточнено",
           "будет уточнена", "будет определено", "будет определена", "ещё не объявлено",
           "еще не объявлено", "пока не объявлено", "не объявлено", "не определено",
           "дата будет объявлена позже", "дата будет объявлена", "дата уточняется"),
    "zh-CN": ("待公布", "待定", "待宣布", "待确定", "另行通知", "将另行通知", "将另行公布",
              "另行公布", "尚未公布", "尚未宣布", "尚未确定", "稍后公布", "稍后宣布",
              "日期待定"),
    "zh-TW": ("待公布", "待公佈", "待定", "待宣布", "待確定", "另行通知", "將另行通知",
              "將另行公布", "將另行公佈", "另行公布", "另行公佈", "尚未公布", "尚未公佈",
              "尚未宣布", "尚未確定", "稍後公布", "稍後公佈", "稍後宣布", "日期待定"),
}  # fmt: skip


def _numbered(template: str, numbers: str | range) -> tuple[str, ...]:
    """`_numbered("q{}", range(1, 5))` -> ("q1", "q2", "q3", "q4")."""
    return tuple(template.format(n) for n in numbers)


_QUARTERS, _HALVES, _MONTHS_1_12 = range(1, 5), range(1, 3), range(1, 13)
_CJK_NUMERALS = "一二三四"

# Words that may stand beside a year to name a time coarser than a day ("Q3 2027", "early
# 2027", "mid-2027", "H2 2027", "2027年下半年"): a retirement cell made of a year and only these
# (and month names, and neutral words) is a coarse date, `retirement_year` the year. Phrases of
# several words are matched as a whole; Chinese, Japanese and Korean ones may run together
# ("第3四半期頃"). English's are accepted in every language.
COARSE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("early", "mid", "middle of", "late", "end of", "the end of", "beginning of",
           "the beginning of", "start of", "the start of", "first half of", "second half of",
           "the first half of", "the second half of", "1st half of", "2nd half of", "first half",
           "second half", *_numbered("q{}", _QUARTERS), *_numbered("h{}", _HALVES),
           "first quarter of", "second quarter of", "third quarter of", "fourth quarter of",
           "1st quarter of", "2nd quarter of", "3rd quarter of", "4th quarter of", "spring",
           "summer", "fall", "autumn", "winter", "in", "around", "sometime in", "during", "of"),
    "de": ("anfang", "mitte", "ende", "beginn", "im", "des", "jahres", "frühjahr", "frühling",
           "sommer", "herbst", "winter", "erstes quartal", "zweites quartal", "drittes quartal",
           "viertes quartal", "ersten quartal", "zweiten quartal", "dritten quartal",
           "vierten quartal", *_numbered("{} quartal", _QUARTERS),
           *_numbered("quartal {}", _QUARTERS), "erstes halbjahr", "zweites halbjahr",
           "ersten halbjahr", "zweiten halbjahr", *_numbered("{} halbjahr", _HALVES),
           "erste hälfte", "zweite hälfte", "ersten hälfte", "zweiten hälfte", "in der",
           "im laufe"),
    "es": ("principios de", "a principios de", "comienzos de", "a comienzos de", "inicios de",
           "mediados de", "a mediados de", "finales de", "a finales de", "fines de",
           "a fines de", "primer trimestre", "segundo trimestre", "tercer trimestre",
           "cuarto trimestre", "primer semestre", "segundo semestre",
           *_numbered("t{}", _QUARTERS), *_numbered("s{}", _HALVES), "primavera", "verano",
           "otoño", "invierno", "en", "durante"),
    "fr": ("début", "mi", "milieu", "fin", "courant", "premier trimestre", "deuxième trimestre",
           "troisième trimestre", "quatrième trimestre", "1er trimestre",
           *_numbered("{}e trimestre", range(2, 5)), *_numbered("t{}", _QUARTERS),
           "premier semestre", "second semestre", "deuxième semestre", "1er semestre",
           "2e semestre", *_numbered("s{}", _HALVES), "printemps", "été", "automne", "hiver",
           "en", "au", "à la", "de", "du", "courant de"),
    "id": ("awal", "pertengahan", "akhir", "kuartal pertama", "kuartal kedua", "kuartal ketiga",
           "kuartal keempat", *_numbered("kuartal {}", _QUARTERS), "kuartal i", "kuartal ii",
           "kuartal iii", "kuartal iv", "semester pertama", "semester kedua",
           *_numbered("semester {}", _HALVES), "paruh pertama", "paruh kedua", "tahun", "di",
           "sekitar"),
    "it": ("inizio", "inizi", "metà", "fine", "primo trimestre", "secondo trimestre",
           "terzo trimestre", "quarto trimestre", "primo semestre", "secondo semestre",
           *_numbered("t{}", _QUARTERS), "primavera", "estate", "autunno", "inverno", "del",
           "di", "nel", "a"),
    "pt-BR": ("início de", "inicio de", "começo de", "meados de", "final de", "fim de",
              "primeiro trimestre", "segundo trimestre", "terceiro trimestre",
              "quarto trimestre", "primeiro semestre", "segundo semestre",
              *_numbered("t{}", _QUARTERS), "primavera", "verão", "outono", "inverno", "no",
              "do", "no início de", "no final de", "em meados de"),
    "ru": ("начало", "начале", "середина", "середине", "конец", "конце", "в", "во",
           "первый квартал", "второй квартал", "третий квартал", "четвертый квартал",
           "четвёртый квартал", "первом квартале", "втором квартале", "третьем квартале",
           "четвертом квартале", "четвёртом квартале", *_numbered("{} квартал", _QUARTERS),
           *_numbered("{} квартале", _QUARTERS), "i квартал", "ii квартал", "iii квартал",
           "iv квартал", "первое полугодие", "второе полугодие", "первом полугодии",
           "втором полугодии", *_numbered("{} полугодие", _HALVES), "весна", "весной", "лето",
           "летом", "осень", "осенью", "зима", "зимой", "год",
           "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
           "сентябре", "октябре", "ноябре", "декабре"),
    "ja": (*_numbered("第{}四半期", _QUARTERS), *_numbered("第{}四半期", _CJK_NUMERALS),
           "上半期", "下半期", "前半", "後半", "初め", "初頭", "半ば", "中頃", "末", "年末",
           "年初", "年内", "春", "夏", "秋", "冬", "頃", "ごろ", "中", "予定", "の",
           *_numbered("{}月", _MONTHS_1_12), "上旬", "中旬", "下旬"),
    "ko": (*_numbered("{}분기", _QUARTERS), "상반기", "하반기", "초", "중반", "말", "연초",
           "연말", "중", "경", "봄", "여름", "가을", "겨울", "예정",
           *_numbered("{}월", _MONTHS_1_12), "초순", "중순", "하순"),
    "zh-CN": (*_numbered("第{}季度", _QUARTERS), *_numbered("第{}季度", _CJK_NUMERALS),
              *_numbered("{}季度", _CJK_NUMERALS), "上半年", "下半年", "初", "年初", "中",
              "年中", "底", "年底", "末", "年末", "春季", "夏季", "秋季", "冬季",
              *_numbered("{}月", _MONTHS_1_12), "上旬", "中旬", "下旬", "左右", "前后", "内",
              "年内"),
    "zh-TW": (*_numbered("第{}季", _QUARTERS), *_numbered("第{}季", _CJK_NUMERALS),
              *_numbered("第{}季度", _CJK_NUMERALS), "上半年", "下半年", "初", "年初", "中",
              "年中", "底", "年底", "末", "年末", "春季", "夏季", "秋季", "冬季",
              *_numbered("{}月", _MONTHS_1_12), "上旬", "中旬", "下旬", "左右", "前後", "內",
              "年內"),
}  # fmt: skip


def to_be_announced_words(code: str) -> tuple[str, ...]:
    """`code`'s "to be announced" phrases together with English's."""
    return (*TO_BE_ANNOUNCED.get(code, ()), *TO_BE_ANNOUNCED["en"])


def coarse_words(code: str) -> tuple[str, ...]:
    """`code`'s coarse-time words together with English's, and both languages' month names."""
    own = LANGUAGE_DATA.get(code)
    months = (*(own.months if own else ()), *LANGUAGE_DATA["en"].months)
    return (*COARSE_WORDS.get(code, ()), *COARSE_WORDS["en"], *months)


# -- what a callout says of a model ------------------------------------------------------------
# Phrases of a note that states a model's fate ("`claude-x` will be retired on <date>"), by what
# they mean: "retiring" (a future retirement: the date is the retirement date), "retired",
# "deprecated" (the date, if any, is the deprecation date) and "deprecating". Matched on the
# case-folded text; "…" stands for a few words (a date, an article) between two parts. Where
# two phrases overlap the longer wins ("will be retired" over "retired").
NOTE_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "retiring": ("will be retired", "will retire", "is retiring", "are retiring",
                     "will be shut down"),
        "retired": ("was retired", "were retired", "has been retired", "have been retired",
                    "is retired", "are retired", "is now retired"),
        "deprecated": ("is deprecated", "are deprecated", "was deprecated", "were deprecated",
                       "has been deprecated", "have been deprecated", "is now deprecated"),
        "deprecating": ("will be deprecated",),
    },
    "de": {
        "retiring": ("wird … eingestellt", "werden … eingestellt", "wird … außer betrieb"),
        "retired": ("wurde … eingestellt", "wurden … eingestellt", "ist eingestellt"),
        "deprecated": ("ist veraltet", "sind veraltet", "wurde … als veraltet",
                       "ist jetzt veraltet", "gilt als veraltet"),
        "deprecating": ("wird … als veraltet",),
    },
    "es": {
        "retiring": ("será retirado", "será retirada", "se retirará"),
        "retired": ("fue retirado", "ha sido retirado", "está retirado"),
        "deprecated": ("está deprecado", "ha sido deprecado", "fue deprecado", "está obsoleto",
                       "ha quedado obsoleto"),
        "deprecating": ("será deprecado",),
    },
    "fr": {
        "retiring": ("sera retiré", "seront retirés"),
        "retired": ("a été retiré", "ont été retirés", "est retiré"),
        "deprecated": ("est déprécié", "a été déprécié", "est obsolète", "sont dépréciés"),
        "deprecating": ("sera déprécié",),
    },
    "id": {
        "retiring": ("akan dihentikan", "akan dipensiunkan", "akan pensiun"),
        "retired": ("telah dihentikan", "sudah dihentikan", "telah dipensiunkan",
                    "sudah dipensiunkan"),
        "deprecated": ("telah diusangkan", "sudah diusangkan", "telah usang", "sudah usang",
                       "tidak digunakan lagi"),
        "deprecating": ("akan diusangkan",),
    },
    "it": {
        "retiring": ("sarà ritirato", "verrà ritirato", "saranno ritirati"),
        "retired": ("è stato ritirato", "è ritirato", "sono stati ritirati"),
        "deprecated": ("è deprecato", "è stato deprecato", "sono deprecati"),
        "deprecating": ("sarà deprecato", "verrà deprecato"),
    },
    "ja": {
        "retiring": ("廃止される予定", "廃止されます", "提供終了予定", "提供を終了します"),
        "retired": ("廃止されました", "提供を終了しました"),
        "deprecated": ("非推奨になりました", "非推奨です", "廃止予定となりました", "廃止予定です"),
        "deprecating": ("非推奨になる予定",),
    },
    "ko": {
        "retiring": ("중단될 예정", "폐기될 예정", "종료될 예정", "중단됩니다", "폐기됩니다"),
        "retired": ("중단되었습니다", "폐기되었습니다", "종료되었습니다"),
        "deprecated": ("지원 중단되었습니다", "지원이 중단되었습니다", "더 이상 사용되지 않습니다"),
        "deprecating": ("지원 중단될 예정",),
    },
    "pt-BR": {
        "retiring": ("será aposentado", "será retirado", "serão aposentados"),
        "retired": ("foi aposentado", "está aposentado", "foi retirado"),
        "deprecated": ("está descontinuado", "foi descontinuado", "está obsoleto",
                       "foi preterido"),
        "deprecating": ("será descontinuado",),
    },
    "ru": {
        "retiring": ("будет выведен", "будут выведены", "будет отключен"),
        "retired": ("был выведен", "была выведена", "были выведены", "выведен из эксплуатации"),
        "deprecated": ("устарел", "устарела", "снят с поддержки", "снята с поддержки",
                       "объявлен устаревшим", "объявлена устаревшей"),
        "deprecating": ("будет объявлен устаревш",),
    },
    "zh-CN": {
        "retiring": ("将于…停用", "将停用", "将被停用", "将于…退役"),
        "retired": ("已停用", "已于…停用", "已退役"),
        "deprecated": ("已弃用", "已被弃用"),
        "deprecating": ("将被弃用", "将于…弃用"),
    },
    "zh-TW": {
        "retiring": ("將於…停用", "將停用", "將被停用", "將於…退役"),
        "retired": ("已停用", "已於…停用", "已退役"),
        "deprecated": ("已棄用", "已被棄用"),
        "deprecating": ("將被棄用", "將於…棄用"),
    },
}  # fmt: skip


def note_phrases(code: str) -> dict[str, tuple[str, ...]]:
    """`code`'s note phrases together with English's (translations leave English in)."""
    english = NOTE_PHRASES["en"]
    own = NOTE_PHRASES.get(code, {})
    return {meaning: (*own.get(meaning, ()), *english[meaning]) for meaning in english}


# Short, frequent words of each Latin-script language, to tell a page's language from its own
# prose (links and metadata can be wrong: a missing translation is served as the English page).
# A word listed for two languages proves nothing and is dropped (see `distinctive_words`).
COMMON_WORDS: dict[str, str] = {
    "en": "the and of to is are will be this that with for you your when which not we our by "
    "before after these those was were have has been should can may use using",
    "de": "der die das und ist sind nicht werden wird mit für von zu den dem auf ein eine einen "
    "sie ihre ihr bei oder wir auch noch nach wenn sollten können",
    "es": "el los las y que para con se una del está están como más su sus por lo al ya este "
    "esta estos estas usted puede",
    "fr": "le les et est sont pour avec une des du dans vous votre vos sur pas au aux ce cette "
    "ces qui être peut",
    "id": "yang dan untuk dengan ini akan dari tidak pada atau anda kami dalam sebelum setelah "
    "adalah dapat juga harus telah",
    "it": "il di che per con sono della delle dei gli non nel nella alla è dal questo questa "
    "questi può essere",
    "pt-BR": "o os e que para com não do da em uma você seu sua seus suas no na são ao dos das "
    "pode ser este esta",
}


def distinctive_words() -> dict[str, frozenset[str]]:
    """`COMMON_WORDS` and month names per language, minus any word two languages share."""
    words = {
        code: set(text.split()) | set(LANGUAGE_DATA[code].months)
        for code, text in COMMON_WORDS.items()
    }
    shared = {w for code, own in words.items() for w in own for other, theirs in words.items()
              if other != code and w in theirs}  # fmt: skip
    return {code: frozenset(own - shared) for code, own in words.items()}


def language_rank(lang: str) -> tuple[int, str]:
    """English first, then the `LANGUAGES` order, then any unknown code alphabetically."""
    return (LANGUAGES.index(lang), "") if lang in LANGUAGES else (len(LANGUAGES), lang)
