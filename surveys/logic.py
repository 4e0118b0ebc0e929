"""What an answer may be: parsing a section's posted fields, checking each value against
its question, and whether a question is shown given the other answers. Pure functions,
shared by the services and the views."""

from decimal import Decimal, InvalidOperation

from surveys.models import SCALE, Question

Kind = Question.Kind
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
EMPTY = (None, "", [], {})


def field_name(question: Question, statement_key: str | None = None) -> str:
    return f"q-{question.key}" + (f"-{statement_key}" if statement_key else "")


def is_visible(question: Question, answers: dict) -> bool:
    """Shown unless its condition names another question whose answer does not match."""
    if not question.condition_key:
        return True
    given = answers.get(question.condition_key)
    if isinstance(given, list):
        return question.condition_value in given
    return given is not None and str(given) == question.condition_value


def posted_keys(data) -> set[str]:
    """The question keys a POST names (fields q-<key> and q-<key>-<statement>)."""
    return {name[2:] for name in data if name.startswith("q-")}


def raw_value(question: Question, data):
    """What the person typed for this question, as posted (kept to show it back)."""
    if question.kind == Kind.MULTIPLE:
        return [v for v in data.getlist(field_name(question)) if v]
    if question.kind == Kind.LIKERT:
        return {
            s.key: data.get(field_name(question, s.key), "").strip()
            for s in question.statements.all()
            if data.get(field_name(question, s.key), "").strip()
        }
    return data.get(field_name(question), "").strip()


def clean_value(question: Question, raw):
    """The value to store, or raise ValueError with the message to show by the field.
    Empty input cleans to None."""
    if raw in EMPTY:
        return None
    kind = question.kind
    if kind == Kind.SINGLE:
        if raw not in {c.value for c in question.choices.all()}:
            raise ValueError("Choose one of the options offered.")
        return raw
    if kind == Kind.MULTIPLE:
        offered = {c.value for c in question.choices.all()}
        if not isinstance(raw, list) or any(v not in offered for v in raw):
            raise ValueError("Choose only options that are offered.")
        return [c.value for c in question.choices.all() if c.value in raw]
    if kind == Kind.YES_NO:
        if raw not in ("yes", "no"):
            raise ValueError("Answer yes or no.")
        return raw
    if kind == Kind.RATING:
        return _scale(raw, "Choose a rating from 1 to 5.")
    if kind == Kind.LIKERT:
        offered = {s.key for s in question.statements.all()}
        if not isinstance(raw, dict) or any(k not in offered for k in raw):
            raise ValueError("Rate only the statements shown.")
        return {k: _scale(v, "Choose a point on the scale for each statement.") for k, v in raw.items()}
    if kind == Kind.NUMBER:
        try:
            number = Decimal(str(raw).replace(",", ""))
        except InvalidOperation:
            raise ValueError("Enter a number, e.g. 12.") from None
        if not number.is_finite() or number != number.to_integral_value():
            raise ValueError("Enter a whole number, e.g. 12.")
        number = int(number)
        low, high = question.min_value, question.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValueError(_range_message(low, high))
        return number
    limit = SHORT_TEXT_MAX if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
    if not isinstance(raw, str):
        raise ValueError("Enter text.")
    if len(raw) > limit:
        raise ValueError(f"Keep this to {limit:,} characters (it has {len(raw):,}).")
    return raw


def _scale(raw, message: str) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValueError(message) from None
    if value not in SCALE:
        raise ValueError(message)
    return value


def _range_message(low, high) -> str:
    if low is not None and high is not None:
        return f"Enter a whole number from {low:,} to {high:,}."
    if low is not None:
        return f"Enter a whole number of at least {low:,}."
    return f"Enter a whole number of at most {high:,}."
