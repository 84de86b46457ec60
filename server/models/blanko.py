"""Blanko: every movement of an office's blank KTP-el cards — arrivals, cards printed and
corrections — with who made it. `Kantor.blanko_tersedia` is the running total these movements
keep, changed only together with a movement row."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.models.accounts import Account
from server.models.kantor import Kantor
from server.models.permohonan import Permohonan


class JenisMutasi(StrEnum):
    kedatangan = "kedatangan"  # cards arrived from the national office
    pemakaian = "pemakaian"  # a card printed for a request
    koreksi = "koreksi"  # a count corrected: spoilt cards, a miscount


class BlankoMutasi(Table):
    """One change of one office's stock. A print taken out of its turn in the queue names how
    many earlier requests it passed (`dilewati`) and why (`alasan`)."""

    kantor = ForeignKey(references=Kantor, index=True)
    jenis = Varchar(length=12, choices=JenisMutasi)
    jumlah = Integer()  # signed: +arrived, -printed, ± corrected
    sisa = Integer()  # the stock right after this movement
    permohonan = ForeignKey(references=Permohonan, null=True, on_delete=OnDelete.set_null)
    dilewati = Integer(default=0)
    alasan = Text(default="")
    pelaku = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    waktu = Timestamptz(default=TimestamptzNow(), index=True)
