"""``score --jobs N``: JSON Lines parsed and scored on N processes, written in input order.

The main process reads the file in chunks of :data:`CHUNK` lines and hands each to a
worker, which parses it (as :func:`leadqual.io.read_leads` does), scores every lead and
builds its JSON text. Results come back in submission order; the main process checks
lead ids seen earlier (one index, in input order, as ``read_leads`` does), reports
rejects and writes the lines. So the output, the rejects and the summary are those of
``--jobs 1``, byte for byte.

Memory stays flat: at most :data:`AHEAD` chunks per worker are in flight. Workers ignore
Ctrl-C (the terminal sends it to the whole process group): the main process stops, lets
the running chunks finish, and the workers exit with the pool, so no process outlives
the command. A closed pipe (``| head``) ends the command the same way.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from leadqual.io._leads import chunk_rows, duplicate_id, first_ids, jsonl_chunks

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Generator, Iterator

    from leadqual.cli._score import Report, Setup
    from leadqual.io import Rejected
    from leadqual.io._ids import FirstLines
    from leadqual.io._leads import Source
    from leadqual.lead import Lead
    from leadqual.scoring import Score, ScoringModel

__all__ = ["AHEAD", "CHUNK", "scored_in_parallel"]

CHUNK = 256
"""Lines a worker takes at a time."""

AHEAD = 2
"""Chunks in flight per worker: enough to keep each busy, few enough for flat memory."""

# A worker's result for one record: a row rejected while reading, or the built lead's
# (line, prefix, id, JSON text and points, or the row rejected while scoring).
_Result = tuple[int, str, str, str | None, float, "Rejected | None"] | tuple["Rejected"]

_WORKER: dict[str, Any] = {}


def _start_worker(
    model: ScoringModel,
    as_of: dt.datetime | None,
    zone: dt.tzinfo | None,
    build: Callable[[Score, Lead], str],
) -> None:
    # The main process answers Ctrl-C; a worker finishes its chunk and exits with the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(model=model, as_of=as_of, zone=zone, build=build)


def _work(start: int, lines: list[str]) -> list[_Result]:
    """One chunk: every record read, and every lead scored and written as text."""
    from leadqual.cli._score import score_or_reject  # noqa: PLC0415 - not at import (a cycle)
    from leadqual.io import Rejected  # noqa: PLC0415

    model, as_of, build = _WORKER["model"], _WORKER["as_of"], _WORKER["build"]
    results: list[_Result] = []
    for row in chunk_rows(start, lines, _WORKER["zone"]):
        if isinstance(row, Rejected):
            results.append((row,))
            continue
        text, score, failed = score_or_reject(model, row.line, row.lead, as_of, build)
        points = score.points if score is not None else 0.0
        results.append((row.line, row.prefix, row.lead.id, text, points, failed))
    return results


def scored_in_parallel(
    source: Source,
    jobs: int,
    setup: Setup,
    build: Callable[[Score, Lead], str],
    report: Report,
) -> Generator[tuple[str, float], None, None]:
    """Each used lead's JSON text and points, in input order; rejects go to ``report``.

    The input is checked now (as ``read_leads`` does); it is read while iterating. Close
    the generator when stopping early (an error, Ctrl-C): that stops the workers.
    """
    chunks = jsonl_chunks(source, format=setup.input_format, size=CHUNK)
    return _in_order(chunks, jobs, (setup.model, setup.as_of, setup.zone, build), report)


def _in_order(
    chunks: Generator[tuple[int, list[str]], None, None],
    jobs: int,
    setup: tuple[Any, ...],
    report: Report,
) -> Generator[tuple[str, float], None, None]:
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=setup)
    pending: deque[tuple[int, list[str], Future[list[_Result]]]] = deque()
    failure: BaseException | None = None
    try:
        with first_ids() as index:
            while True:
                while failure is None and len(pending) < jobs * AHEAD:
                    try:
                        start, lines = next(chunks)
                    except StopIteration:
                        break
                    except Exception as exc:  # noqa: BLE001 - raised after the rows before it
                        failure = exc
                        break
                    pending.append((start, lines, pool.submit(_work, start, lines)))
                if not pending:
                    break
                start, lines, future = pending.popleft()
                yield from _settle(start, lines, future.result(), index, report)
        if failure is not None:
            raise failure
    finally:
        # Normal end, Ctrl-C or a closed pipe: nothing new starts, running chunks finish.
        pool.shutdown(wait=True, cancel_futures=True)
        chunks.close()


def _settle(
    start: int, lines: list[str], results: list[_Result], index: FirstLines, report: Report
) -> Iterator[tuple[str, float]]:
    # As read_leads settles rows: an id seen on an earlier line rejects the row, whatever
    # its score; only then does a scoring failure count.
    built = [result for result in results if len(result) > 1]
    firsts = iter(index.first_many([(result[2], result[0]) for result in built]))
    for result in results:
        if len(result) == 1:
            report.reject(result[0])
            continue
        line, prefix, lead_id, text, points, failed = result
        first = next(firsts)
        if first != line:
            raw = lines[line - start].rstrip("\r\n")
            report.reject(duplicate_id(line, prefix, raw, lead_id, first))
        elif failed is not None:
            report.reject(failed)
        elif text is not None:
            report.use()
            yield text, points
