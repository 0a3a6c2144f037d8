"""How positions are stored in Whoosh postings, and how whole posting lists are read back.

Whoosh's own Positions format pickles a delta list per posting and its phrase matcher walks
documents one at a time in Python: at county scale that is most of a search's time. Here a
posting's value is the raw little-endian uint32 array of the token's positions, and a whole
posting list is read block by block into numpy arrays, so matching runs as array operations
(see matching.py). Whoosh still owns the files: segments, merging, deletions, locking.
"""

from __future__ import annotations

import pickle
import sys
import zlib
from array import array
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3LeafMatcher, W3PostingsWriter, _lenfield,
)
from whoosh.formats import Format
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.search.analysis import token_positions

_LITTLE = sys.byteorder == "little"
_PROTOCOL = 5
LENGTH_TABLE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)


def encode_positions(positions: list[int]) -> bytes:
    packed = array("I", positions)
    if not _LITTLE:
        packed.byteswap()
    return packed.tobytes()


class PositionArray(Format):
    """Positions as a uint32 array per posting: frequency is its length, nothing to unpickle."""

    posting_size = -1
    textual = True

    def word_values(self, value, analyzer, **kwargs):
        boost = self.field_boost
        for word, positions in token_positions(value).items():
            yield word, len(positions), len(positions) * boost, encode_positions(positions)

    def encode(self, positions):
        return encode_positions(list(positions))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        packed = array("I")
        packed.frombytes(valuestring)
        if not _LITTLE:
            packed.byteswap()
        return packed.tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_position_boosts(self, valuestring: bytes):
        return [(pos, 1) for pos in self.decode_positions(valuestring)]

    def combine(self, vs):
        merged: set[int] = set()
        for v in vs:
            merged.update(self.decode_positions(v))
        return self.encode(sorted(merged))


class PostingsCodec(W3Codec):
    """Whoosh's W3 codec, except that posting blocks are pickled at protocol 5 instead of 2.

    Protocol 2 has no bytes type: every posting value is written as a call re-encoding a
    latin-1 string, which made reading a block of 256 postings ~20× slower and writing ~12×
    slower. Whoosh's reader unpickles any protocol, so its merging and reading are unchanged.
    Per-block length statistics are off: only Whoosh's own block-skipping scorers read them,
    and looking each posting's document length up was a fifth of the write cost."""

    length_stats = False

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)


class _PostingsWriter(W3PostingsWriter):
    def _write_block(self, last=False):
        # Whoosh 2.7's block layout: [int length (negative if last)][pickled info][pickled data]
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, _PROTOCOL)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        info = (len(ids), ids[-1], self._maxweight, comp, length_to_byte(self._minlength),
                length_to_byte(self._maxlength))
        infobytes = pickle.dumps(info, _PROTOCOL)
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment: sorted local doc numbers and raw values."""

    ids: np.ndarray
    values: list[bytes] | None

    def frequencies(self) -> np.ndarray:
        if self.values is None:
            return np.ones(len(self.ids), dtype=np.float64)
        return np.fromiter((len(v) for v in self.values), dtype=np.float64, count=len(self.values)) / 4.0

    def positions(self, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(doc, position) pairs of the postings selected by mask, as two flat arrays."""
        ids, values = self.ids, self.values or []
        if mask is not None:
            ids = ids[mask]
            values = [v for v, keep in zip(values, mask.tolist()) if keep]
        counts = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values)) // 4
        flat = np.frombuffer(b"".join(values), dtype="<u4").astype(np.int64)
        return np.repeat(ids, counts), flat


EMPTY = Postings(np.zeros(0, dtype=np.int64), [])


def read_postings(reader, fieldname: str, term: str | bytes, values: bool = True) -> Postings:
    """Every posting of a term in one segment reader, decoded a block at a time."""
    if (fieldname, term) not in reader:
        return EMPTY
    matcher = reader.postings(fieldname, term)
    if isinstance(matcher, W3LeafMatcher):
        return _read_blocks(matcher, values)
    ids, vals = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        if values:
            vals.append(matcher.value())
        matcher.next()
    return Postings(np.array(ids, dtype=np.int64), vals if values else None)


def _read_blocks(matcher: W3LeafMatcher, values: bool) -> Postings:
    # Whoosh exposes postings one at a time; its block layout (delta-coded ids, values tuple)
    # is stable in whoosh 2.7 and read here directly.
    id_chunks: list[np.ndarray] = []
    vals: list[bytes] = []
    while True:
        if matcher._data is None:
            matcher._read_data()
        deltas, _, block_values = matcher._data
        id_chunks.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        if values:
            vals.extend(block_values)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    ids = np.concatenate(id_chunks) if id_chunks else EMPTY.ids
    return Postings(ids, vals if values else None)


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """Token count of the field for every document of one segment (Whoosh's byte-coded lengths).

    Whoosh writes no length for an empty field, so the column ends at the last document that
    has one: when the segment's last documents are empty (a failed file: no text) the column is
    shorter than the segment, and those documents' lengths are 0, not a truncated file."""
    count = reader.doc_count_all()
    lengths = np.zeros(count, dtype=np.float64)
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None or count == 0:
        return lengths
    raw = column._dbfile.get(column._basepos, min(count, column._count))
    lengths[: len(raw)] = LENGTH_TABLE[np.frombuffer(raw, dtype=np.uint8)]
    return lengths


def live_mask(reader) -> np.ndarray | None:
    """False for deleted documents of one segment; None when nothing is deleted."""
    if not reader.has_deletions():
        return None
    mask = np.ones(reader.doc_count_all(), dtype=bool)
    deleted = list(reader._perdoc.deleted_docs())
    if deleted:
        mask[np.array(deleted, dtype=np.int64)] = False
    return mask


def sort_column(reader, fieldname: str) -> np.ndarray:
    """A sortable unsigned 64-bit NUMERIC column of one segment, whole."""
    count = reader.doc_count_all()
    column = reader.column_reader(fieldname, translate=False)
    raw = column._dbfile.get(column._basepos, count * 8)
    return np.frombuffer(raw, dtype=">u8").astype(np.int64)
