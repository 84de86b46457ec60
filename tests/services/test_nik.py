"""The NIK rules every form relies on."""

from datetime import date

import pytest

from server.services.nik import NikError, mask, parse_kk, parse_nik

TODAY = date(2026, 11, 23)


def test_a_man_s_nik_gives_region_and_birth_date():
    nik = parse_nik("5203171203880001", today=TODAY)
    assert nik.region == "520317"
    assert nik.birth_date == date(1988, 3, 12)
    assert not nik.female


def test_forty_is_added_to_a_woman_s_birth_day():
    nik = parse_nik("5203015507900001", today=TODAY)
    assert nik.birth_date == date(1990, 7, 15)
    assert nik.female


def test_spaces_and_dots_people_type_are_ignored():
    assert parse_nik("5203 0155 0790 0001", today=TODAY).value == "5203015507900001"
    assert parse_nik("52.03.01.550790.0001", today=TODAY).value == "5203015507900001"


def test_two_digit_years_in_the_future_belong_to_the_last_century():
    assert parse_nik("5203171203300001", today=TODAY).birth_date == date(1930, 3, 12)
    assert parse_nik("5203171203250001", today=TODAY).birth_date == date(2025, 3, 12)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "NIK wajib diisi."),
        ("520317120388000", "NIK harus 16 angka"),
        ("52031712038800012", "NIK harus 16 angka"),
        ("52031712038800AB", "NIK harus 16 angka"),
        ("9903171203880001", "bukan kode provinsi"),
        ("5200171203880001", "Kode wilayah"),
        ("5203003203880001", "Kode wilayah"),
        ("5203173202880001", "Tanggal lahir"),  # 32 February
        ("5203177102880001", "Tanggal lahir"),  # day 31 + 40 in February
        ("5203170013880001", "Tanggal lahir"),  # month 13
        ("5203170000880001", "Tanggal lahir"),
        ("5203171203880000", "Nomor urut"),
    ],
)
def test_an_impossible_nik_is_refused_with_a_clear_message(raw, message):
    with pytest.raises(NikError, match=message):
        parse_nik(raw, today=TODAY)


def test_kk_numbers_need_sixteen_digits_and_a_region():
    assert parse_kk("5203170101150003") == "5203170101150003"
    with pytest.raises(NikError, match="16 angka"):
        parse_kk("12345")
    with pytest.raises(NikError, match="provinsi"):
        parse_kk("0003170101150003")


def test_masking_keeps_region_and_last_four_digits():
    assert mask("5203015507900001") == "520301••••••0001"
