"""Enrolments with realistic statuses, and what completing a course leaves behind.

Past sessions: mostly completed, some no-shows, not passed or only attended, and a few who
cancelled. Future sessions: booked (or awaiting approval where the organisation approves), and
the popular ones full with a waiting list. The rest of the enrolments are on self-paced courses
(in progress or completed). Every completion gets its certificate and the evidence that the
course's guide documents, as ``courses.services`` would record it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from competencies.models import Evidence
from courses.models import Certificate, CourseSession, Enrolment, Evaluation, ModuleProgress
from lms.scale.state import Build, Session

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PAST_STATUSES = (
    ("completed", 0.84),
    ("no_show", 0.06),
    ("not_passed", 0.04),
    ("attended", 0.06),
)


def build(b: Build) -> None:
    with b.progress.step("tilmeldinger") as counts:
        b.count(counts, "tilmeldinger", _enrolments(b))
    with b.progress.step("moduler gennemført") as counts:
        b.count(counts, "moduler", _modules_done(b))
    with b.progress.step("kursusbeviser") as counts:
        b.count(counts, "kursusbeviser", _certificates(b))
    with b.progress.step("dokumentation (fra kurser)") as counts:
        b.count(counts, "dokumentation", _evidence(b))
    with b.progress.step("evalueringer") as counts:
        b.count(counts, "evalueringer", _evaluations(b))


def _learners(b: Build) -> list[int]:
    """Who enrols: housing people (the sector's learners), most of them many times."""
    return [person for org in b.housing for person in org.people]


def _forced(b: Build) -> dict[int, list[int]]:
    """The profile's learners get three past and two future sessions each."""
    past = [s for s in b.sessions if s.starts_at < b.now]
    future = [s for s in b.sessions if s.starts_at >= b.now]
    forced: dict[int, list[int]] = {}
    for learner in b.logins.get("learner", []):
        chosen = b.rng.sample(past, min(3, len(past))) + b.rng.sample(future, min(2, len(future)))
        for session in chosen:
            forced.setdefault(session.id, []).append(learner)
    return forced


def _enrolments(b: Build) -> int:
    learners = _learners(b)
    forced = _forced(b)
    full: list[int] = []
    rows: list[dict[str, object]] = []
    target = b.size.enrolments
    for session in b.sessions:
        people = forced.get(session.id, [])
        rows.extend(_session_enrolments(b, session, learners, people, full))
    if len(rows) > target:  # only at the smallest sizes: sessions alone fill the target
        rows = rows[:target]
        kept = {row["id"] for row in rows}
        b.completions = [c for c in b.completions if c[0] in kept]
    written = b.writer.write(Enrolment, rows)
    written += b.writer.write(Enrolment, _self_paced(b, learners, target - written))
    for chunk in range(0, len(full), 500):
        CourseSession.objects.filter(pk__in=full[chunk : chunk + 500]).update(status="full")
    return written


def _session_enrolments(
    b: Build, session: Session, learners: list[int], forced: list[int], full: list[int]
) -> list[dict[str, object]]:
    past = session.starts_at < b.now
    if past:
        seated = round(session.capacity * b.rng.uniform(0.6, 1.0))
        extra = b.rng.randint(0, 3)  # cancelled before the start
    else:
        seated = round(session.capacity * b.rng.uniform(0.2, 1.25))
        extra = 0
    waiting = max(0, seated - session.capacity) + (
        b.rng.randint(1, 6) if seated >= session.capacity else 0
    )
    seated = min(seated, session.capacity)
    if not past and waiting:
        full.append(session.id)
    wanted = max(len(forced), seated + waiting + extra)
    sample = b.rng.sample(learners, min(len(learners), wanted + len(forced)))
    chosen = forced + [p for p in sample if p not in forced][: wanted - len(forced)]
    rows = []
    for i, person in enumerate(chosen):
        if i < seated:
            status = _past_status(b, person in forced) if past else _future_status(b, person)
        elif i < seated + waiting and not past:
            status = "waitlisted"
        else:
            status = "cancelled"
        rows.append(_row(b, session, person, status, i))
    return rows


def _past_status(b: Build, forced: bool) -> str:
    if forced:
        return "completed"
    draw = b.rng.random()
    for status, share in PAST_STATUSES:
        if draw < share:
            return status
        draw -= share
    return "completed"


def _future_status(b: Build, person: int) -> str:
    org = b.person_org[person]
    # Where the organisation approves enrolments, one in four still waits for its decision.
    if org.id % 3 == 0 and b.rng.random() < 0.25:
        return "awaiting_approval"
    return "booked"


def _row(b: Build, session: Session, person: int, status: str, i: int) -> dict[str, object]:
    created = session.starts_at - timedelta(days=b.rng.randint(15, 90))
    completed = session.starts_at + timedelta(hours=7) if status == "completed" else None
    row: dict[str, object] = {
        "id": b.writer.next_id(Enrolment),
        "user_id": person,
        "course_id": session.course.id,
        "session_id": session.id,
        "organisation_id": b.person_org[person].id,
        "status": status,
        "requested_by_id": person,
        "waitlisted_at": created + timedelta(minutes=i) if status == "waitlisted" else None,
        "completed_at": completed,
        "created_at": created,
        "updated_at": completed or created,
    }
    if completed is not None:
        b.completions.append(
            (int(str(row["id"])), person, session.course, completed.date(), b.person_org[person].id)
        )
    return row


def _self_paced(b: Build, learners: list[int], count: int) -> Iterator[dict[str, object]]:
    """``count`` enrolments on self-paced courses: a person at most once per course."""
    courses = [c for c in b.courses if c.self_paced]
    taken: set[tuple[int, int]] = set()
    learner_logins = b.logins.get("learner", [])
    made = 0
    count = min(count, len(courses) * len(learners) * 9 // 10)
    while made < count and courses:
        person = learner_logins[made] if made < len(learner_logins) else b.rng.choice(learners)
        course = b.rng.choice(courses)
        if (person, course.id) in taken:
            continue
        taken.add((person, course.id))
        made += 1
        created = b.now - timedelta(days=b.rng.randint(1, 700))
        draw = b.rng.random()
        status = "completed" if draw < 0.45 else ("booked" if draw < 0.95 else "cancelled")
        completed = (
            created + timedelta(days=b.rng.randint(1, 60)) if status == "completed" else None
        )
        if completed is not None and completed > b.now:
            completed = b.now
        enrolment = b.writer.next_id(Enrolment)
        if completed is not None:
            b.completions.append(
                (enrolment, person, course, completed.date(), b.person_org[person].id)
            )
        # Self-paced means modules: all done when completed, some when under way.
        if status != "cancelled":
            done = len(course.modules) if completed else b.rng.randint(0, len(course.modules))
            for module in course.modules[:done]:
                b.modules_done.append((person, module, completed or created))
        yield {
            "id": enrolment,
            "user_id": person,
            "course_id": course.id,
            "session_id": None,
            "organisation_id": b.person_org[person].id,
            "status": status,
            "requested_by_id": person,
            "completed_at": completed,
            "created_at": created,
            "updated_at": completed or created,
        }


def certificate_code(number: int, rng_bits: int) -> str:
    """12 characters without look-alikes: six random, then the number in base 32 (unique)."""
    head = "".join(CODE_ALPHABET[(rng_bits >> (5 * i)) & 31] for i in range(6))
    tail = ""
    for _ in range(6):
        number, rest = divmod(number, 32)
        tail = CODE_ALPHABET[rest] + tail
    return head + tail


def _certificates(b: Build) -> int:
    def rows() -> Iterator[dict[str, object]]:
        for enrolment, person, course, completed_on, _org in b.completions:
            yield {
                "enrolment_id": enrolment,
                "code": certificate_code(enrolment, b.rng.getrandbits(30)),
                "person_name": b.person_name[person],
                "course_title": course.title,
                "guide_code": course.guide_code,
                "provider_name": course.provider.name,
                "hours": course.hours,
                "completed_on": completed_on,
                "issued_at": b.now,
            }

    return b.writer.write(Certificate, rows())


def _evidence(b: Build) -> int:
    """One approved evidence per competence the course's guide builds, per completion."""

    def rows() -> Iterator[dict[str, object]]:
        for enrolment, person, course, completed_on, org in b.completions:
            for competence, level in b.guide_competences.get(course.guide_code, []):
                yield {
                    "user_id": person,
                    "competence_id": competence,
                    "level": level,
                    "source": "course",
                    "status": "approved",
                    "achieved_on": completed_on,
                    "title": course.title,
                    "guide_id": b.guide_ids[course.guide_code],
                    "organisation_id": org,
                    "source_ref": f"enrolment:{enrolment}",
                    "created_at": b.now,
                }

    return b.writer.write(Evidence, rows())


def _evaluations(b: Build) -> int:
    """Three in ten who completed rated the course (mostly well, as course ratings go)."""

    def rows() -> Iterator[dict[str, object]]:
        for enrolment, *_rest in b.completions:
            if enrolment % 10 < 3:
                yield {
                    "enrolment_id": enrolment,
                    "rating": b.rng.choice((3, 4, 4, 5, 5, 5)),
                    "comment": "",
                    "created_at": b.now,
                }

    return b.writer.write(Evaluation, rows())


def _modules_done(b: Build) -> int:
    rows = (
        {"user_id": person, "module_id": module, "completed_at": when}
        for person, module, when in b.modules_done
    )
    return b.writer.write(ModuleProgress, rows)
