"""What `course.yaml` may say (docs/authoring.md, binding); module front matter: module_meta.py.

Validation reports every problem on the line where it was written and returns a spec even after
non-fatal errors (with defaults in place of wrong values), so the checker can go on to the modules and
show all mistakes at once. A spec that came with errors is good for checking, never for importing.
"""

from dataclasses import dataclass, field
from datetime import date

from app.content.course.fields import SLUG, FieldReader, shown
from app.content.messages import N_
from app.content.problems import Problem, error
from app.content.yamllines import LineDict, load_yaml

LANGUAGES = ("de", "en", "zh")
RESERVED_SLUGS = ("images",)
_COURSE_KEYS = (
    "slug", "source_lang", "languages", "title", "description", "current_as_of", "modules", "pass_mark",
    "completion", "attempts", "retake_wait_minutes", "score_counts", "certificate", "audience", "objectives",
    "image",
)  # fmt: skip
_CERTIFICATE_KEYS = ("enabled", "show_score", "validity_months", "trainers")
_IMAGE_KEYS = ("file", "alt")


@dataclass(frozen=True)
class CertificateSpec:
    """The `certificate:` block of course.yaml."""

    enabled: bool = True
    show_score: bool = False
    validity_months: int = 0  #: 0 = the certificate does not expire
    trainers: tuple[str, ...] = ()


@dataclass(frozen=True)
class CourseImage:
    """The `image:` block of course.yaml: the picture on the course's cards and page."""

    file: str  #: as written, relative to the course folder (images/card.png)
    alt: dict[str, str]  #: what it shows, per language
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class CourseSpec:
    """A course as course.yaml describes it."""

    slug: str
    source_lang: str
    languages: tuple[str, ...]  #: source language first, then the others in the order written
    title: dict[str, str]
    description: dict[str, str]
    current_as_of: date
    modules: tuple[str, ...]
    pass_mark: float = 70
    completion: str = "quizzes"  #: quizzes | reading
    attempts: int = 0  #: 0 = unlimited
    retake_wait_minutes: int = 0
    score_counts: str = "best"  #: best | last
    certificate: CertificateSpec = CertificateSpec()
    #: Who the course is for, per language (optional; shown on the course page).
    audience: dict[str, str] = field(default_factory=dict)
    #: What a participant can do afterwards: a list of texts per language (optional).
    objectives: dict[str, list[str]] = field(default_factory=dict)
    #: The course's picture (optional).
    image: CourseImage | None = None
    #: line of each module slug in course.yaml, to report a missing module folder where it is listed
    module_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: line of each top-level key in course.yaml, to report on a setting where it is written
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


def validate_course(
    text: str, path: str, folder_name: str | None = None
) -> tuple[CourseSpec | None, list[Problem]]:
    """Validate the text of course.yaml; None when it is too broken to check the modules against."""
    data, problems = load_yaml(text, path)
    if data is None and not problems:
        return None, [error(path, 1, N_("course.yaml is empty"))]
    if not isinstance(data, LineDict):
        if data is not None:
            problems.append(
                error(path, 1, N_("course.yaml must be 'key: value' lines (see docs/authoring.md)"))
            )
        return None, problems
    fields = FieldReader(data, path, problems)
    fields.reject_unknown(_COURSE_KEYS)
    slug = _slug(fields, folder_name)
    languages = _languages(fields)
    source_lang = fields.text("source_lang")
    if source_lang and languages and source_lang not in languages:
        fields.fail(
            "source_lang",
            N_(
                "source_lang %(lang)s must be one of languages (%(languages)s)",
                lang=shown(source_lang),
                languages=", ".join(languages),
            ),
        )
    if source_lang not in languages:
        return None, problems
    languages = (source_lang, *[lang for lang in languages if lang != source_lang])
    modules = _modules(fields)
    if modules is None:
        return None, problems
    spec = CourseSpec(
        slug=slug,
        source_lang=source_lang,
        languages=languages,
        title=_per_language(fields, "title", languages),
        description=_per_language(fields, "description", languages),
        current_as_of=fields.date("current_as_of", required=True) or date.min,
        modules=tuple(modules),
        pass_mark=fields.number("pass_mark", minimum=0, maximum=100, default=70),
        completion=fields.choice("completion", ("quizzes", "reading"), default="quizzes"),
        attempts=fields.integer("attempts", minimum=0, maximum=1000, default=0),
        retake_wait_minutes=fields.integer("retake_wait_minutes", minimum=0, maximum=525_600, default=0),
        score_counts=fields.choice("score_counts", ("best", "last"), default="best"),
        certificate=_certificate(fields),
        audience=_per_language(fields, "audience", languages) if "audience" in data else {},
        objectives=_objectives(fields, languages),
        image=_image(fields, languages),
        module_lines=modules,
        key_lines=dict(data.key_lines),
    )
    return spec, problems


def _slug(fields: FieldReader, folder_name: str | None) -> str:
    slug = fields.text("slug")
    if slug and not SLUG.match(slug):
        fields.fail(
            "slug", N_("slug %(slug)s must be lower-case letters, digits and hyphens", slug=shown(slug))
        )
    elif slug and folder_name is not None and slug != folder_name:
        fields.fail(
            "slug",
            N_(
                "slug %(slug)s must equal the folder name %(folder)s",
                slug=shown(slug),
                folder=shown(folder_name),
            ),
        )
    return slug or folder_name or ""


def _languages(fields: FieldReader) -> tuple[str, ...]:
    found = fields.text_list("languages", required=True)
    if found is None:
        return ()
    languages: list[str] = []
    for lang, line in zip(*found, strict=True):
        if lang not in LANGUAGES:
            fields.problems.append(
                error(
                    fields.path,
                    line,
                    N_(
                        "unknown language %(lang)s (use %(languages)s)",
                        lang=shown(lang),
                        languages=", ".join(LANGUAGES),
                    ),
                )
            )
        elif lang in languages:
            fields.problems.append(
                error(fields.path, line, N_("language %(lang)s is listed twice", lang=shown(lang)))
            )
        else:
            languages.append(lang)
    if not languages:
        fields.fail(
            "languages",
            N_("languages must list at least one of: %(languages)s", languages=", ".join(LANGUAGES)),
        )
    return tuple(languages)


def _modules(fields: FieldReader) -> dict[str, int] | None:
    """Module slug -> line, in course order; None when `modules` is not a list at all."""
    found = fields.text_list("modules", required=True)
    if found is None:
        return None
    modules: dict[str, int] = {}
    for slug, line in zip(*found, strict=True):
        if not SLUG.match(slug):
            message = N_(
                "module slug %(slug)s must be lower-case letters, digits and hyphens", slug=shown(slug)
            )
        elif slug in RESERVED_SLUGS:
            message = N_("module slug %(slug)s is reserved for the course's pictures", slug=shown(slug))
        elif slug in modules:
            message = N_(
                "module %(slug)s is listed twice (first on line %(line)s)",
                slug=shown(slug),
                line=modules[slug],
            )
        else:
            modules[slug] = line
            continue
        fields.problems.append(error(fields.path, line, message))
    if not found[0]:
        fields.fail("modules", N_("modules must list at least one module"))
    return modules


def _per_language(fields: FieldReader, key: str, languages: tuple[str, ...]) -> dict[str, str]:
    texts = fields.sub_mapping(key)
    if texts is None:
        if key not in fields.mapping:
            fields.fail(
                key,
                N_(
                    "%(key)s is required, with a text for each language (%(languages)s)",
                    key=f"{fields.prefix}{key}",
                    languages=", ".join(languages),
                ),
            )
        return {}
    for lang in texts.mapping:
        if lang not in languages:
            texts.fail(
                lang,
                N_(
                    "%(key)s has a text for %(lang)s, which is not in languages",
                    key=f"{fields.prefix}{key}",
                    lang=shown(lang),
                ),
            )
    result: dict[str, str] = {}
    for lang in languages:
        if texts.mapping.get(lang) is None:
            fields.fail(
                key, N_("%(key)s is missing the %(lang)s text", key=f"{fields.prefix}{key}", lang=shown(lang))
            )
        elif text := texts.text(lang):
            result[lang] = text
    return result


def _objectives(fields: FieldReader, languages: tuple[str, ...]) -> dict[str, list[str]]:
    """The optional `objectives:` block: for each language a list of texts, as many in each."""
    block = fields.sub_mapping("objectives")
    if block is None:
        return {}
    for lang in block.mapping:
        if lang not in languages:
            block.fail(
                lang, N_("objectives has a list for %(lang)s, which is not in languages", lang=shown(lang))
            )
    result: dict[str, list[str]] = {}
    for lang in languages:
        found = block.text_list(lang) if lang in block.mapping else None
        if lang not in block.mapping:
            fields.fail("objectives", N_("objectives is missing the %(lang)s list", lang=shown(lang)))
        elif found is not None:
            result[lang] = found[0]
    counts = {len(items) for items in result.values()}
    if len(counts) > 1:
        fields.fail("objectives", N_("objectives must have the same number of entries in every language"))
    return result


def _image(fields: FieldReader, languages: tuple[str, ...]) -> CourseImage | None:
    """The optional `image:` block: `file:` and an `alt:` text for each language (what the picture shows,
    for people who cannot see it)."""
    block = fields.sub_mapping("image")
    if block is None:
        return None
    block.reject_unknown(_IMAGE_KEYS)
    file = block.text("file")
    alt = _per_language(block, "alt", languages)
    if not file:
        return None
    return CourseImage(file, alt, block.line("file"))


def _certificate(fields: FieldReader) -> CertificateSpec:
    block = fields.sub_mapping("certificate")
    if block is None:
        return CertificateSpec()
    block.reject_unknown(_CERTIFICATE_KEYS)
    trainers = block.text_list("trainers")
    return CertificateSpec(
        enabled=block.boolean("enabled", default=True),
        show_score=block.boolean("show_score", default=False),
        validity_months=block.integer("validity_months", minimum=0, maximum=1200, default=0),
        trainers=tuple(trainers[0]) if trainers else (),
    )
