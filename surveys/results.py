"""Reads for a round's results: response rates, per-question aggregates, free text, the
round-on-round comparison and the rows of the export. (A selector module; it sits beside
selectors.py rather than inside it so the results reads stay readable in one sitting.)

Only submitted responses count, and an answer counts only when its question was shown
(its condition met by the same response's answers), so a stale answer to a hidden
question never reaches a figure. Every aggregate is one GROUP BY or one set of
conditional counts over the answers in PostgreSQL: the number of queries depends on the
number of rounds compared, never on the number of responses, and no Python loop walks
the answers (except the export, which must write each one)."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, F, FloatField, Max, Min, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Cast, RowNumber

from members.models import AreaCommittee, Council
from surveys.models import LIKERT_LABELS, SCALE, Answer, Question, Response, Survey
from surveys.services.responses import survey_questions

Kind = Question.Kind
SCALAR_KINDS = (Kind.SINGLE, Kind.YES_NO, Kind.RATING)
TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
YES_NO_LABELS = {"yes": "Yes", "no": "No"}
# The published summary hides any group smaller than this, so no council's answers can be
# read off it.
SUMMARY_MIN_GROUP = 5
# Free-text answers listed per question on the staff page; the export has them all.
TEXT_SHOWN = 200
# PostgreSQL allows 1,664 columns in a select list; conditional counts go in batches.
AGGREGATES_PER_QUERY = 400


@dataclass(frozen=True)
class Filters:
    area_committee: AreaCommittee | None = None
    district: str = ""
    kind: str = ""

    def council_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.area_committee is not None:
            q &= Q(**{f"{prefix}area_committee": self.area_committee})
        if self.district:
            q &= Q(**{f"{prefix}district": self.district})
        if self.kind:
            q &= Q(**{f"{prefix}kind": self.kind})
        return q

    @property
    def active(self) -> bool:
        return bool(self.area_committee or self.district or self.kind)


NO_FILTERS = Filters()


def submitted_responses(survey: Survey, filters: Filters = NO_FILTERS) -> QuerySet[Response]:
    return Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).filter(
        filters.council_q("council__")
    )


def _matches(condition_value: str) -> Q:
    """An answer meeting a condition, as logic.is_visible reads it: equal to the value
    (as text or as the number it spells) or, for multiple choice, including it."""
    q = Q(value=condition_value) | Q(value__contains=[condition_value])
    if condition_value.lstrip("-").isdigit():
        q |= Q(value=int(condition_value))
    return q


def visible_answers(
    survey: Survey, questions: list[Question], filters: Filters = NO_FILTERS
) -> QuerySet[Answer]:
    """The answers that count: of submitted responses, to questions of the survey that
    were shown to the council answering."""
    shown = Q(question_key__in=[q.key for q in questions if not q.condition_key])
    for question in questions:
        if question.condition_key:
            condition_met = Answer.objects.filter(
                response_id=OuterRef("response_id"), question_key=question.condition_key
            ).filter(_matches(question.condition_value))
            shown |= Q(question_key=question.key) & Q(Exists(condition_met))
    return (
        Answer.objects.filter(response__survey=survey, response__status=Response.Status.SUBMITTED)
        .filter(filters.council_q("response__council__"))
        .filter(shown)
        .order_by()
    )


# -- response rates ---------------------------------------------------------------------


@dataclass
class RateRow:
    label: str
    councils: int
    responded: int

    @property
    def percent(self) -> float:
        return round(100 * self.responded / self.councils, 1) if self.councils else 0.0

    @property
    def suppressed(self) -> bool:
        return self.responded < SUMMARY_MIN_GROUP


@dataclass
class Rates:
    overall: RateRow
    by_area_committee: list[RateRow]
    by_district: list[RateRow]


def response_rates(survey: Survey, filters: Filters = NO_FILTERS) -> Rates:
    """Submitted responses over the councils asked: every member council, and any other
    council that answered (two queries)."""
    responded = Exists(
        Response.objects.filter(survey=survey, council=OuterRef("pk"), status=Response.Status.SUBMITTED)
    )
    councils = (
        Council.objects.annotate(has_responded=responded)
        .filter(Q(membership_status=Council.MembershipStatus.MEMBER) | Q(has_responded=True))
        .filter(filters.council_q())
        .order_by()
    )

    def grouped(field_name):
        return [
            RateRow(label=row[field_name], councils=row["councils"], responded=row["responded"])
            for row in councils.values(field_name)
            .annotate(councils=Count("pk"), responded=Count("pk", filter=Q(has_responded=True)))
            .order_by(field_name)
        ]

    by_area = grouped("area_committee__name")
    overall = RateRow(
        label="All councils",
        councils=sum(r.councils for r in by_area),
        responded=sum(r.responded for r in by_area),
    )
    return Rates(overall=overall, by_area_committee=by_area, by_district=grouped("district"))


# -- per-question aggregates --------------------------------------------------------------


@dataclass
class Bar:
    value: object
    label: str
    count: int
    base: int  # the answers the percentage is of

    @property
    def percent(self) -> float:
        return round(100 * self.count / self.base, 1) if self.base else 0.0

    @property
    def fraction(self) -> float:
        return self.count / self.base if self.base else 0.0


@dataclass
class StatementResult:
    key: str
    text: str
    bars: list[Bar]

    @property
    def answered(self) -> int:
        return sum(b.count for b in self.bars)

    @property
    def mean(self) -> float | None:
        if not self.answered:
            return None
        return round(sum(int(b.value) * b.count for b in self.bars) / self.answered, 2)


@dataclass
class TextAnswer:
    council: str
    district: str
    text: str


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    statements: list[StatementResult] = field(default_factory=list)
    mean: float | None = None
    low: int | None = None
    high: int | None = None
    texts: list[TextAnswer] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_text(self) -> bool:
        return self.question.kind in TEXT_KINDS

    @property
    def texts_hidden(self) -> int:
        return self.answered - len(self.texts) if self.is_text else 0

    @property
    def suppressed(self) -> bool:
        """Too few answers to publish (the summary's rule)."""
        return self.answered < SUMMARY_MIN_GROUP


def options_of(question: Question) -> list[tuple[object, str]]:
    """(stored value, label) of each answer a choice-like question offers, in order."""
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        return [(c.value, c.label) for c in question.choices.all()]
    if question.kind == Kind.YES_NO:
        return list(YES_NO_LABELS.items())
    if question.kind == Kind.RATING:
        labels = {SCALE[0]: question.low_label, SCALE[-1]: question.high_label}
        return [(n, f"{n} ({labels[n]})" if labels.get(n) else str(n)) for n in SCALE]
    return []


def _aggregate(answers: QuerySet[Answer], wanted: dict) -> dict:
    """Many aggregates, each with its own FILTER, in one scan (in batches, so a very long
    survey stays under PostgreSQL's column limit)."""
    values: dict = {}
    aliases = list(wanted)
    for start in range(0, len(aliases), AGGREGATES_PER_QUERY):
        values.update(
            answers.aggregate(
                **{alias: wanted[alias] for alias in aliases[start : start + AGGREGATES_PER_QUERY]}
            )
        )
    return values


def question_results(
    survey: Survey,
    filters: Filters = NO_FILTERS,
    *,
    questions: list[Question] | None = None,
    with_text: bool = True,
) -> list[QuestionResult]:
    """One result per question, in survey order (three scans of the answers whatever the size)."""
    if questions is None:
        questions = survey_questions(survey)
    if not questions:
        return []
    answers = visible_answers(survey, questions, filters)
    by_kind: dict[str, list[Question]] = {}
    for question in questions:
        by_kind.setdefault(question.kind, []).append(question)

    # Single choice, yes/no and ratings: one GROUP BY question and value. (Measured at
    # 10,000 x 40: folding these into the FILTERed scan below, one count per option, made
    # that scan 3.1 s instead of 0.65 s + 0.68 s for the two.)
    scalar_keys = [q.key for q in questions if q.kind in SCALAR_KINDS]
    scalar_counts: dict[tuple[str, object], int] = {}
    if scalar_keys:
        for row in (
            answers.filter(question_key__in=scalar_keys)
            .values("question_key", "value")
            .annotate(n=Count("pk"))
        ):
            scalar_counts[(row["question_key"], row["value"])] = row["n"]

    # Everything else in one scan of the answers, one FILTERed aggregate each: the answers
    # per question; multiple choice (a list) and Likert (an object) counted by containment
    # per choice or statement point; the mean, lowest and highest of each number.
    wanted: dict = {}
    for qi, question in enumerate(questions):
        this = Q(question_key=question.key)
        wanted[f"n{qi}"] = Count("pk", filter=this)
        if question.kind == Kind.MULTIPLE:
            for ci, choice in enumerate(question.choices.all()):
                wanted[f"m{qi}_{ci}"] = Count("pk", filter=this & Q(value__contains=[choice.value]))
        elif question.kind == Kind.LIKERT:
            for si, statement in enumerate(question.statements.all()):
                for point in SCALE:
                    wanted[f"l{qi}_{si}_{point}"] = Count(
                        "pk", filter=this & Q(value__contains={statement.key: point})
                    )
        elif question.kind == Kind.NUMBER:
            # The FILTER runs before the cast, so text answers to other questions never reach it.
            number = Cast("value", FloatField())
            wanted[f"mean{qi}"] = Avg(number, filter=this)
            wanted[f"low{qi}"] = Min(number, filter=this)
            wanted[f"high{qi}"] = Max(number, filter=this)
    aggregated = _aggregate(answers, wanted)
    answered = {q.key: aggregated[f"n{qi}"] for qi, q in enumerate(questions)}
    contained = aggregated

    texts: dict[str, list[TextAnswer]] = {}
    text_keys = [q.key for q in questions if q.kind in TEXT_KINDS]
    if with_text and text_keys:
        listed = (
            answers.filter(question_key__in=text_keys)
            .annotate(
                place=Window(
                    RowNumber(),
                    partition_by=[F("question_key")],
                    order_by=[F("response__council__name").asc(), F("pk").asc()],
                )
            )
            .filter(place__lte=TEXT_SHOWN)
            .values_list("question_key", "response__council__name", "response__council__district", "value")
            .order_by("question_key", "place")
        )
        for key, council, district, value in listed:
            texts.setdefault(key, []).append(TextAnswer(council=council, district=district, text=str(value)))

    results = []
    for qi, question in enumerate(questions):
        n = answered.get(question.key, 0)
        result = QuestionResult(question=question, answered=n)
        if question.kind in SCALAR_KINDS:
            result.bars = [
                Bar(value=value, label=label, count=scalar_counts.get((question.key, value), 0), base=n)
                for value, label in options_of(question)
            ]
            if question.kind == Kind.RATING and n:
                result.mean = round(sum(b.value * b.count for b in result.bars) / n, 2)
        elif question.kind == Kind.MULTIPLE:
            result.bars = [
                Bar(value=value, label=label, count=contained.get(f"m{qi}_{ci}", 0), base=n)
                for ci, (value, label) in enumerate(options_of(question))
            ]
        elif question.kind == Kind.LIKERT:
            for si, statement in enumerate(question.statements.all()):
                counts = [contained.get(f"l{qi}_{si}_{point}", 0) for point in SCALE]
                base = sum(counts)
                result.statements.append(
                    StatementResult(
                        key=statement.key,
                        text=statement.text,
                        bars=[
                            Bar(value=point, label=label, count=count, base=base)
                            for point, label, count in zip(SCALE, LIKERT_LABELS, counts, strict=True)
                        ],
                    )
                )
        elif question.kind == Kind.NUMBER and aggregated[f"mean{qi}"] is not None:
            result.mean = round(aggregated[f"mean{qi}"], 2)
            result.low, result.high = int(aggregated[f"low{qi}"]), int(aggregated[f"high{qi}"])
        elif question.kind in TEXT_KINDS:
            result.texts = texts.get(question.key, [])
        results.append(result)
    return results


# -- round on round -----------------------------------------------------------------------


@dataclass
class Cell:
    text: str
    fraction: float
    count: int | None = None


@dataclass
class ComparisonRow:
    label: str
    cells: list[Cell | None]  # one per round, None where that round did not offer it


@dataclass
class Comparison:
    question: Question
    rounds: list[Survey]
    answered: list[int]  # the responses behind each round's figures
    rows: list[ComparisonRow]
    measure: str  # what the figures are: "percent" or "mean"


def _rows_for(results: list[QuestionResult]) -> tuple[list[ComparisonRow], str]:
    """Rows across rounds for one key. `results` is oldest first, the current round last;
    the current round's labels name the rows."""
    current = results[-1]
    kind = current.kind
    if kind == Kind.LIKERT:
        keys = [s.key for s in current.statements]
        rows = []
        for key in keys:
            label = next(s.text for s in current.statements if s.key == key)
            cells = []
            for result in results:
                statement = next((s for s in result.statements if s.key == key), None)
                if statement is None or statement.mean is None:
                    cells.append(None)
                else:
                    cells.append(
                        Cell(
                            text=f"{statement.mean:.2f}",
                            fraction=statement.mean / SCALE[-1],
                            count=statement.answered,
                        )
                    )
            rows.append(ComparisonRow(label=label, cells=cells))
        return rows, "mean"
    if kind == Kind.NUMBER:
        top = max((r.mean for r in results if r.mean is not None), default=0) or 1
        cells = [
            None if r.mean is None else Cell(text=f"{r.mean:,.2f}", fraction=r.mean / top, count=r.answered)
            for r in results
        ]
        return [ComparisonRow(label="Mean", cells=cells)], "mean"
    rows = []
    for bar in current.bars:
        cells = []
        for result in results:
            same = next((b for b in result.bars if b.value == bar.value), None)
            cells.append(
                None
                if same is None
                else Cell(text=f"{same.percent:.1f}%", fraction=same.fraction, count=same.count)
            )
        rows.append(ComparisonRow(label=bar.label, cells=cells))
    if kind == Kind.RATING:
        rows.append(
            ComparisonRow(
                label="Mean rating (1 to 5)",
                cells=[
                    None
                    if r.mean is None
                    else Cell(text=f"{r.mean:.2f}", fraction=r.mean / SCALE[-1], count=None)
                    for r in results
                ],
            )
        )
    return rows, "percent"


def round_comparison(survey: Survey) -> list[Comparison]:
    """For each question of this round whose key (and type) an earlier round asked, the
    earlier rounds' figures beside this round's. Queries: a handful per round compared."""
    questions = [q for q in survey_questions(survey) if q.kind not in TEXT_KINDS]
    if not questions:
        return []
    kinds = {q.key: q.kind for q in questions}
    earlier = [
        q
        for q in Question.objects.filter(
            key__in=kinds,
            survey__round__lt=survey.round,
            survey__status__in=[Survey.Status.OPEN, Survey.Status.CLOSED],
        )
        .select_related("survey", "section")
        .prefetch_related("choices", "statements")
        .order_by("survey__round", "survey__pk", "section__order", "order", "pk")
        if kinds[q.key] == q.kind
    ]
    if not earlier:
        return []
    rounds: dict[int, tuple[Survey, list[Question]]] = {}
    for question in earlier:
        rounds.setdefault(question.survey_id, (question.survey, []))[1].append(question)
    by_round: list[tuple[Survey, dict[str, QuestionResult]]] = []
    for earlier_survey, earlier_questions in rounds.values():
        # Conditions may name questions not compared: the earlier round's whole question
        # list decides what was shown, so it is read in full.
        all_questions = survey_questions(earlier_survey)
        results = question_results(earlier_survey, questions=all_questions, with_text=False)
        wanted = {q.key for q in earlier_questions}
        by_round.append((earlier_survey, {r.question.key: r for r in results if r.question.key in wanted}))
    current = {r.question.key: r for r in question_results(survey, with_text=False)}
    comparisons = []
    for question in questions:
        asked = [(s, results[question.key]) for s, results in by_round if question.key in results]
        if not asked:
            continue
        series = [r for _, r in asked] + [current[question.key]]
        rows, measure = _rows_for(series)
        comparisons.append(
            Comparison(
                question=question,
                rounds=[s for s, _ in asked] + [survey],
                answered=[r.answered for r in series],
                rows=rows,
                measure=measure,
            )
        )
    return comparisons


# -- export -------------------------------------------------------------------------------


def export_columns(questions: list[Question]) -> list[tuple[str, Question, str | None]]:
    """(heading, question, statement key): one column per question key, and for a Likert
    grid one per statement (key.statement), since each statement is its own rating."""
    columns = []
    for question in questions:
        if question.kind == Kind.LIKERT:
            columns += [(f"{question.key}.{s.key}", question, s.key) for s in question.statements.all()]
        else:
            columns.append((question.key, question, None))
    return columns


def export_rows(survey: Survey, filters: Filters = NO_FILTERS):
    """The heading row, then one row per submitted response (council order): the council's
    name, district, area committee, kind and submission time, then each answer that
    counts, as a label or number (formulae are escaped by the writer)."""
    from django.utils import timezone

    questions = survey_questions(survey)
    columns = export_columns(questions)
    yield ["council", "district", "area_committee", "kind", "submitted_at"] + [c[0] for c in columns]
    responses = list(
        submitted_responses(survey, filters)
        .select_related("council__area_committee")
        .order_by("council__name", "council__district", "pk")
    )
    answers: dict[int, dict[str, object]] = {}
    for response_id, key, value in (
        visible_answers(survey, questions, filters)
        .values_list("response_id", "question_key", "value")
        .iterator(chunk_size=5000)
    ):
        answers.setdefault(response_id, {})[key] = value
    labels = {
        q.key: dict(options_of(q)) for q in questions if q.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO)
    }
    kinds = Council.Kind
    for response in responses:
        given = answers.get(response.pk, {})
        council = response.council
        row = [
            council.name,
            council.district,
            council.area_committee.name,
            kinds(council.kind).label if council.kind in kinds.values else council.kind,
            timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for _, question, statement in columns:
            value = given.get(question.key)
            if value is None:
                row.append(None)
            elif statement is not None:
                row.append(value.get(statement) if isinstance(value, dict) else None)
            elif question.kind == Kind.MULTIPLE:
                row.append(
                    "; ".join(labels[question.key].get(v, v) for v in value)
                    if isinstance(value, list)
                    else None
                )
            elif question.key in labels:
                row.append(labels[question.key].get(value, value))
            else:
                row.append(value)
        yield row
