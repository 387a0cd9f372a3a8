"""How much a data file may hold, checked before it is parsed: its bytes, then its values.

A data file is a few kilobytes with a few hundred values. One of megabytes is a wrong file or
an attack, and parsing it is what costs: PyYAML makes a node with two positions for each value
(a million keys took 25 s and 1.5 GB before being refused). So a file over :data:`MAX_BYTES` is
refused from its size, without being read, and YAML's events are counted, which is several
times cheaper than making nodes, before any node is made.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, Problem, UsageError
from .values import DEPTH_LIMIT, NODE_LIMIT
from .yaml_syntax import LOADER, mark_position

__all__ = ["MAX_BYTES", "count_values", "read_bounded", "refuse_large"]

MAX_BYTES = 1_000_000
"""The largest data file read; the bundled examples have 1 to 4 KB."""


def read_bounded(path: Path, name: str) -> bytes:
    """The bytes of the file at ``path`` (told as ``name``), refused from its size alone when
    larger than :data:`MAX_BYTES`. Raises OSError as opening it does; UsageError where it is
    no regular file (a FIFO would wait for a writer, a device never end)."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # a folder: open() tells it
        raise UsageError(f"{name} 不是普通文件，不能作为数据文件读取")
    with path.open("rb") as stream:
        refuse_large(os.fstat(stream.fileno()).st_size, name)
        data = stream.read(MAX_BYTES + 1)  # a file that grew since: still no more than this
    refuse_large(len(data), name)
    return data


def refuse_large(size: int, file: str) -> None:
    """Raise DataError where ``size`` bytes are more than a data file may have."""
    if size > MAX_BYTES:
        message = (
            f"文件太大（{size:,} 字节）：数据文件通常只有几 KB，"
            f"最多 {MAX_BYTES:,} 字节（1 MB）；请检查是否选错了文件"
        )
        raise DataError([Problem(file, 0, 0, "", message)])


def count_values(text: str, file: str) -> int | None:
    """How many values the file holds as written; refused (DataError) where that is more than
    :data:`~summary_gen.loading.values.NODE_LIMIT`, located where most of them are (the values
    builder counts them again with aliases expanded). None where a syntax error ended the
    count: composing the nodes reports it, with its place and in Chinese."""
    loader = LOADER(text)  # the parser compose uses
    count = 0
    # The collections being read, each with the count when it began.
    open_collections: list[tuple[Any, int]] = []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionEndEvent):
                open_collections.pop()
            elif isinstance(event, yaml.NodeEvent):
                count += 1
                if isinstance(event, yaml.CollectionStartEvent):
                    open_collections.append((event.start_mark, count))
                    # Told here whatever libyaml's own limit (older releases have none, and
                    # would count a deep file's brackets as too many values).
                    if len(open_collections) > DEPTH_LIMIT:
                        position = mark_position(event.start_mark)
                        raise DataError([Problem(file, *position, "", "嵌套层次太深")])
                if count > NODE_LIMIT:
                    _refuse_too_many(event.start_mark, open_collections, count, file)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return count


def _refuse_too_many(
    mark: Any, open_collections: list[tuple[Any, int]], count: int, file: str
) -> None:
    # Shown where the bulk is: the innermost collection that holds most of the values.
    for start, at in reversed(open_collections):
        if count - at >= NODE_LIMIT // 2:
            mark = start
            break
    message = f"文件太大：超过 {NODE_LIMIT} 项（一份数据文件通常只有几百项）"
    raise DataError([Problem(file, *mark_position(mark), "", message)])
