"""The input readers: encodings, formats, and the error catalogue's reading codes."""
from __future__ import annotations

import hashlib
import io as stdio
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

import reportmine.io as rio
from reportmine.errors import ReadError
from reportmine.io import DEFAULT_MAX_BYTES, Decoded, decode_bytes, read_path

SRC = Path(__file__).resolve().parents[1] / "src"

SIMPLIFIED = "\n".join([
    "桐川经济技术开发区2024年上半年工作总结",
    "开发区上半年实现规上工业增加值6.8亿元,同比增长19.2%。",
    "完成固定资产投资41.2亿元,同比增长6.8%,其中工业投资27.5亿元。",
    "新签约项目23个,协议总投资148.6亿元,其中亿元以上项目17个。",
    "实现外贸进出口总额2.36亿美元,同比增长18.4%;实际利用外资3260万美元。",
    "下一步,我们将聚焦主导产业精准招商,持续优化营商环境,确保完成全年目标任务。",
] * 3)

TRADITIONAL = "\n".join([
    "開發區實現國內生產總值2。87億元，同比增長百分之八點五。",
    "全區新簽約項目二十三個，協議總投資一百四十八億元。",
    "重點項目建設穩步推進，營商環境持續優化，招商引資成效顯著。",
    "下半年將聚焦主導產業，確保完成全年目標任務。",
] * 4)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(exc_info) -> tuple[str, str]:
    return exc_info.value.code, str(exc_info.value)


def test_samples_are_long_enough_for_detection():
    assert len(SIMPLIFIED) >= 300 and len(TRADITIONAL) >= 300


# --- plain text: encodings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "codec", "expected"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "utf-16", "utf-16"),  # Python writes a BOM, little-endian here
        (TRADITIONAL, "utf-8", "utf-8"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
    ],
)
def test_txt_encodings(tmp_path, sample, codec, expected):
    data = sample.encode(codec)
    path = _write(tmp_path, "report.txt", data)
    decoded = read_path(path)
    assert isinstance(decoded, Decoded)
    assert decoded.text == sample
    assert decoded.encoding == expected
    assert decoded.format == "txt"
    assert decoded.sha256 == hashlib.sha256(data).hexdigest()
    assert decoded.path == str(path)
    assert decoded.headings == ()


def test_utf16_le_bom_bytes_explicitly():
    data = b"\xff\xfe" + SIMPLIFIED.encode("utf-16-le")
    decoded = decode_bytes(data, fmt="txt")
    assert decoded.text == SIMPLIFIED
    assert decoded.encoding == "utf-16"
    assert not decoded.text.startswith("\ufeff")


def test_utf16_be_bom():
    decoded = decode_bytes(b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), fmt="txt")
    assert (decoded.text, decoded.encoding) == (SIMPLIFIED, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_from_nul_pattern(codec):
    decoded = decode_bytes(SIMPLIFIED.encode(codec), fmt="txt")
    assert (decoded.text, decoded.encoding) == (SIMPLIFIED, codec)


@pytest.mark.parametrize(
    ("sample", "codec"),
    [("开发区", "gb18030"), ("6.8亿元", "gb18030"), ("完成", "gb18030"), ("區", "gb18030"),
     ("開發區", "big5"), ("完成", "big5"), ("全區新簽約項目二十三個。", "big5"),
     ("今年以来，开发区经济运行总体平稳。", "gb18030")],
)
def test_short_gb18030_and_big5_texts_are_told_apart(sample, codec):
    decoded = decode_bytes(sample.encode(codec), fmt="txt")
    assert (decoded.text, decoded.encoding) == (sample, codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_all_cjk(codec):
    sample = "开发区实现规上工业增加值同比增长百分之十九点二全区新签约项目二十三个协议总投资一百四十八亿元" * 3
    decoded = decode_bytes(sample.encode(codec), fmt="txt")
    assert (decoded.text, decoded.encoding) == (sample, codec)


def test_gb18030_four_byte_characters():
    sample = SIMPLIFIED + "\n𠀀𠀁企业名称含扩展汉字㐀。"
    decoded = decode_bytes(sample.encode("gb18030"), fmt="txt")
    assert (decoded.text, decoded.encoding) == (sample, "gb18030")


def test_line_breaks_crlf_and_cr_become_lf_and_nothing_else_changes():
    raw = "第一行\r\n第二行\r第三行\n\n\u3000\u3000第五行  \t\n"
    decoded = decode_bytes(raw.encode("utf-8"), fmt="txt")
    assert decoded.text == "第一行\n第二行\n第三行\n\n\u3000\u3000第五行  \t\n"
    gb = decode_bytes((SIMPLIFIED.replace("\n", "\r\n")).encode("gb18030"), fmt="txt")
    assert gb.text == SIMPLIFIED and gb.encoding == "gb18030"


def test_utf8_cut_inside_last_character_stays_utf8():
    data = SIMPLIFIED.encode("utf-8") + "中".encode("utf-8")[:2]
    decoded = decode_bytes(data, fmt="txt")
    assert decoded.encoding == "utf-8"
    assert decoded.text == SIMPLIFIED + "\ufffd"


def test_no_suffix_and_unknown_text_suffix_are_read_as_text(tmp_path):
    for name in ("report", "notes.md", "工作报告(2024.6)"):
        decoded = read_path(_write(tmp_path, name, SIMPLIFIED.encode("gb18030")))
        assert (decoded.format, decoded.encoding, decoded.text) == ("txt", "gb18030", SIMPLIFIED)


def test_stdin_bytes_have_no_path():
    decoded = decode_bytes(SIMPLIFIED.encode("utf-8"))
    assert decoded.path is None and decoded.format == "txt" and decoded.text == SIMPLIFIED


def test_read_path_accepts_pathlike_and_str(tmp_path):
    path = _write(tmp_path, "a.txt", "开发区".encode("utf-8"))
    assert read_path(path).text == read_path(str(path)).text == "开发区"


# --- plain text: errors -----------------------------------------------------------------------


def test_missing_file_is_e001(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E001" and str(path) in msg and "no such file" in msg
    assert ei.value.exit_code == 2


def test_directory_is_e002(tmp_path):
    with pytest.raises(ReadError) as ei:
        read_path(tmp_path)
    code, msg = _error(ei)
    assert code == "E002" and str(tmp_path) in msg and "directory" in msg


def test_permission_error_is_e002(tmp_path, monkeypatch):
    path = _write(tmp_path, "locked.txt", b"abc")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(rio, "open", denied, raising=False)
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E002" and str(path) in msg and "permission denied" in msg


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\t\n", "\ufeff\u3000 \n".encode("utf-8"),
                                  b"\xff\xfe" + " \n".encode("utf-16-le")])
def test_empty_file_is_e005(tmp_path, data):
    path = _write(tmp_path, "empty.txt", data)
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E005" and str(path) in msg


def test_too_large_is_e006(tmp_path):
    path = _write(tmp_path, "big.txt", SIMPLIFIED.encode("utf-8"))
    size = path.stat().st_size
    with pytest.raises(ReadError) as ei:
        read_path(path, max_bytes=100)
    code, msg = _error(ei)
    assert code == "E006" and str(path) in msg and str(size) in msg and "100 bytes" in msg
    assert read_path(path, max_bytes=size).text == SIMPLIFIED  # the limit itself is allowed
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024


def test_too_large_for_decode_bytes_with_a_limit():
    with pytest.raises(ReadError) as ei:
        decode_bytes(b"x" * 11, max_bytes=10)
    assert ei.value.code == "E006" and "<stdin>" in str(ei.value)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = stdio.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (PNG, "looks like a PNG image"),
        (_zip({"notes.txt": b"hello"}), "looks like a zip archive"),
        (_zip({"xl/workbook.xml": b"<x/>"}), "looks like a zip archive (an Excel"),
        (_zip({"word/document.xml": b"<x/>"}), "looks like a Word .docx document"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "looks like a PDF document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "looks like a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "looks like a GIF image"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8, "looks like an ELF executable"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 6, "looks like gzip-compressed data"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "looks like a 7z archive"),
        (b"Rar!\x1a\x07\x01\x00", "looks like a RAR archive"),
    ],
)
def test_binary_named_txt_is_e003_naming_what_it_looks_like(tmp_path, data, looks_like):
    path = _write(tmp_path, "report.txt", data)
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E003" and str(path) in msg and looks_like in msg


def test_nul_riddled_binary_is_e003(tmp_path):
    path = _write(tmp_path, "data.txt", bytes(range(256)) * 8)
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E003" and str(path) in msg and "binary data" in msg


def test_utf8_text_with_a_stray_nul_is_text_without_it():
    # a stray NUL or two no longer makes a report unreadable (issue 12); many still do
    decoded = decode_bytes(SIMPLIFIED.encode("utf-8") + b"\x00\x01", fmt="txt")
    assert decoded.text == SIMPLIFIED + "\x01" and decoded.encoding == "utf-8"
    with pytest.raises(ReadError) as ei:
        decode_bytes(SIMPLIFIED.encode("utf-8") + b"\x00\x01" * 20, fmt="txt")
    assert ei.value.code == "E003" and "binary data: 20 NUL bytes" in str(ei.value)


@pytest.mark.parametrize("data", [b"\x01\x02\x03\x04abc\x05" * 40, bytes(range(1, 256)) * 4])
def test_control_characters_without_nul_are_binary(data):
    with pytest.raises(ReadError) as ei:
        decode_bytes(data, path="ctl.txt", fmt="txt")
    assert ei.value.code == "E003" and "ctl.txt" in str(ei.value) and "binary data" in str(ei.value)


def test_undecodable_is_e004_listing_what_was_tried():
    with pytest.raises(ReadError) as ei:
        decode_bytes(b"abc\xff\xffdef" * 50, path="odd.txt", fmt="txt")
    code, msg = _error(ei)
    assert code == "E004" and "odd.txt" in msg
    for name in ("utf-8", "gb18030", "big5"):
        assert name in msg


def test_binary_with_unknown_suffix_is_e009(tmp_path):
    path = _write(tmp_path, "sheet.xlsx", _zip({"xl/workbook.xml": b"<x/>"}))
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E009" and str(path) in msg and "'.xlsx'" in msg


def test_unknown_fmt_is_e009():
    with pytest.raises(ReadError) as ei:
        decode_bytes(b"abc", fmt="rtf")
    assert ei.value.code == "E009" and "'rtf'" in str(ei.value)


# --- docx -------------------------------------------------------------------------------------


def _build_docx(path: Path) -> None:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    doc.add_heading("桐川经济技术开发区2024年上半年工作总结", level=0)  # style "Title"
    doc.add_paragraph("今年以来,开发区经济运行总体平稳。")
    doc.add_heading("一、主要经济指标", level=1)
    doc.add_paragraph("上半年实现规上工业增加值6.8亿元,同比增长19.2%。")
    table = doc.add_table(rows=3, cols=3)
    table.cell(1, 0).merge(table.cell(2, 0))  # a vertical merge: its text once only
    for r, row in enumerate([["指标", "数值", "增长"], ["投资", "41.2亿元", "6.8%"], [None, "27.5亿元", "14.2%"]]):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = value
    table.cell(0, 2).add_paragraph("(同比)")  # a second paragraph in a cell
    doc.add_heading("(一)招商引资", level=2)
    cn_style = doc.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("1.精准招商", style=cn_style)
    outline_style = doc.styles.add_style("一级标题", WD_STYLE_TYPE.PARAGRAPH)
    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), "0")
    outline_style.element.get_or_add_pPr().append(lvl)
    doc.add_paragraph("二、存在的问题", style=outline_style)

    p = doc.add_paragraph("完成")
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "1")
    ins.set(qn("w:author"), "editor")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "固定资产投资"
    run.append(t)
    ins.append(run)
    p._p.append(ins)
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "2")
    deleted.set(qn("w:author"), "editor")
    drun = OxmlElement("w:r")
    dt = OxmlElement("w:delText")
    dt.text = "被删除的文字"
    drun.append(dt)
    deleted.append(drun)
    p._p.append(deleted)
    p.add_run("隐藏文字").font.hidden = True
    p.add_run("41.2亿元。")
    doc.add_paragraph("")  # an empty paragraph stays an empty line
    doc.add_paragraph("最后一段")
    doc.save(str(path))


DOCX_TEXT = "\n".join([
    "桐川经济技术开发区2024年上半年工作总结",
    "今年以来,开发区经济运行总体平稳。",
    "一、主要经济指标",
    "上半年实现规上工业增加值6.8亿元,同比增长19.2%。",
    "指标\t数值\t增长 (同比)",
    "投资\t41.2亿元\t6.8%",
    "\t27.5亿元\t14.2%",
    "(一)招商引资",
    "1.精准招商",
    "二、存在的问题",
    "完成固定资产投资41.2亿元。",
    "",
    "最后一段",
])


def test_docx_round_trip(tmp_path):
    path = tmp_path / "report.docx"
    _build_docx(path)
    decoded = read_path(path)
    assert decoded.format == "docx" and decoded.encoding == "docx"
    assert decoded.text == DOCX_TEXT
    assert decoded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    spans = [(decoded.text[s:e], level) for s, e, level in decoded.headings]
    assert spans == [
        ("桐川经济技术开发区2024年上半年工作总结", 0),
        ("一、主要经济指标", 1),
        ("(一)招商引资", 2),
        ("1.精准招商", 3),
        ("二、存在的问题", 1),
    ]


def test_docx_named_doc_is_read_as_docx(tmp_path):
    src = tmp_path / "x.docx"
    _build_docx(src)
    decoded = read_path(_write(tmp_path, "old-name.doc", src.read_bytes()))
    assert decoded.format == "docx" and decoded.text == DOCX_TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is not a zip file at all" * 10, "not a zip archive"),
        (PNG, "looks like a PNG image"),
        (_zip({"notes.txt": b"x"}), "without word/document.xml"),
        (_zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}), ""),
    ],
)
def test_broken_docx_is_e007(tmp_path, data, reason):
    path = _write(tmp_path, "broken.docx", data)
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E007" and str(path) in msg and "broken docx file" in msg and reason in msg


def test_truncated_docx_is_e007(tmp_path):
    good = tmp_path / "good.docx"
    _build_docx(good)
    path = _write(tmp_path, "cut.docx", good.read_bytes()[:2000])
    with pytest.raises(ReadError) as ei:
        read_path(path)
    assert ei.value.code == "E007" and "docx" in str(ei.value)


def test_docx_without_text_is_e005(tmp_path):
    from docx import Document

    path = tmp_path / "blank.docx"
    doc = Document()
    doc.add_paragraph("  ")
    doc.save(str(path))
    with pytest.raises(ReadError) as ei:
        read_path(path)
    assert ei.value.code == "E005" and str(path) in str(ei.value)


# --- pdf --------------------------------------------------------------------------------------


def _pdf(pages: list[str]) -> bytes:
    """A minimal PDF (Helvetica, one text line per page) with a correct xref table."""
    n_pages = len(pages)
    page_ids = [4 + 2 * i for i in range(n_pages)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids)
        + b"] /Count %d >>" % n_pages,
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for i, text in enumerate(pages):
        page_id, content_id = page_ids[i], page_ids[i] + 1
        stream = (b"BT /F1 12 Tf 72 720 Td (" + text.encode("ascii") + b") Tj ET") if text else b""
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id)
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def test_pdf_with_text_layer(tmp_path):
    data = _pdf(["Tongchuan zone GDP 6.8 billion, up 19.2%", "Second page: 23 projects signed"])
    path = _write(tmp_path, "report.pdf", data)
    decoded = read_path(path)
    assert decoded.format == "pdf" and decoded.encoding == "pdf"
    assert decoded.text == "Tongchuan zone GDP 6.8 billion, up 19.2%\nSecond page: 23 projects signed"
    assert decoded.sha256 == hashlib.sha256(data).hexdigest()


def test_pdf_from_stdin_is_sniffed():
    decoded = decode_bytes(_pdf(["Page one"]))
    assert (decoded.format, decoded.text, decoded.path) == ("pdf", "Page one", None)


def test_pdf_without_text_is_e010(tmp_path):
    path = _write(tmp_path, "scan.pdf", _pdf(["", ""]))
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E010" and str(path) in msg and "OCR" in msg


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"garbage, not a pdf" * 20, "no %PDF- header"),
        (PNG, "looks like a PNG image"),
        (_pdf(["Truncated text"])[:40], ""),
        (b"%PDF-1.7\n" + b"\x00garbage\xff" * 50, ""),
    ],
)
def test_broken_pdf_is_e007(tmp_path, data, reason):
    path = _write(tmp_path, "broken.pdf", data)
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E007" and str(path) in msg and "broken pdf file" in msg and reason in msg


# --- html -------------------------------------------------------------------------------------


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>页面标题</title>
<style>p { color: red; }</style><script>var secret = "脚本内容";</script></head>
<body>
<noscript>请启用脚本</noscript>
<h1>桐川经济技术开发区2024年工作报告</h1>
<!-- 注释不可见 -->
<div class="intro"><p>今年以来,开发区<b>经济运行</b>
   总体平稳。</p><p>上半年实现规上工业增加值6.8亿元,
同比增长19.2%。</p></div>
<ul><li>新签约项目23个</li><li>协议总投资148.6亿元</li></ul>
<table><tr><th>指标</th><th>数值</th></tr><tr><td><p>投资</p></td><td>41.2亿元</td></tr></table>
第一行<br>第二行<br><br><br><br>第三行
<div hidden>隐藏的内容</div><span style="display: none">也隐藏</span>
<template><p>模板内容</p></template>
</body></html>
"""

HTML_TEXT = "\n".join([
    "桐川经济技术开发区2024年工作报告",
    "今年以来,开发区经济运行总体平稳。",
    "上半年实现规上工业增加值6.8亿元, 同比增长19.2%。",
    "新签约项目23个",
    "协议总投资148.6亿元",
    "指标\t数值",
    "投资\t41.2亿元",
    "第一行",
    "第二行",
    "",
    "第三行",
])


def test_html_visible_text_with_block_line_breaks(tmp_path):
    path = _write(tmp_path, "report.html", HTML_PAGE.encode("utf-8"))
    decoded = read_path(path)
    assert decoded.format == "html" and decoded.encoding == "html/utf-8"
    assert decoded.text == HTML_TEXT
    for hidden in ("脚本内容", "color", "页面标题", "注释", "请启用脚本", "隐藏", "模板内容"):
        assert hidden not in decoded.text


def test_html_meta_charset_gb2312_is_read_as_gb18030(tmp_path):
    page = HTML_PAGE.replace('<meta charset="utf-8">',
                             '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    path = _write(tmp_path, "report.htm", page.encode("gb18030"))
    decoded = read_path(path)
    assert decoded.encoding == "html/gb18030" and decoded.text == HTML_TEXT


def test_html_wrong_declared_charset_falls_back_to_detection():
    page = "<html><head><meta charset='utf-8'></head><body><p>" + SIMPLIFIED + "</p></body></html>"
    decoded = decode_bytes(page.encode("gb18030"), fmt="html")
    assert decoded.encoding == "html/gb18030"
    assert decoded.text == re.sub(r"\n", "", SIMPLIFIED)  # source line breaks between CJK vanish


def test_html_without_declaration_big5_detected():
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in TRADITIONAL.split("\n")) + "</body></html>"
    decoded = decode_bytes(page.encode("big5"), path="trad.html", fmt="html")
    assert (decoded.encoding, decoded.text) == ("html/big5", TRADITIONAL)


def test_html_sniffed_from_stdin_and_in_a_txt_file(tmp_path):
    assert decode_bytes(HTML_PAGE.encode("utf-8")).text == HTML_TEXT
    decoded = read_path(_write(tmp_path, "saved.txt", HTML_PAGE.encode("utf-8")))
    assert decoded.format == "html" and decoded.text == HTML_TEXT


def test_html_unclosed_head_keeps_the_body():
    page = "<html><head><title>标题</title><body><p>正文第一段</p><p>正文第二段</p></body></html>"
    assert decode_bytes(page.encode("utf-8"), fmt="html").text == "正文第一段\n正文第二段"


def test_html_pre_keeps_white_space():
    page = "<body><p>前</p><pre>  一  行\n    二 行</pre><p>后</p></body>"
    assert decode_bytes(page.encode("utf-8"), fmt="html").text == "前\n  一  行\n    二 行\n后"


def test_html_with_many_void_tags_keeps_every_line():
    # (speed on such pages is measured in benchmarks/, not asserted here)
    page = "<html><body>" + "<p>开发区<br>第一行<img src='a.png'></p>" * 2000 + "</body></html>"
    decoded = decode_bytes(page.encode("utf-8"), fmt="html")
    assert decoded.text == "\n".join(["开发区", "第一行"] * 2000)


def test_html_without_visible_text_is_e005():
    with pytest.raises(ReadError) as ei:
        decode_bytes(b"<html><head><title>x</title></head><body><script>1</script></body></html>",
                     path="blank.html", fmt="html")
    assert ei.value.code == "E005" and "blank.html" in str(ei.value)


def test_png_named_html_is_e003(tmp_path):
    path = _write(tmp_path, "page.html", PNG)
    with pytest.raises(ReadError) as ei:
        read_path(path)
    assert ei.value.code == "E003" and "PNG image" in str(ei.value) and str(path) in str(ei.value)


# --- doc --------------------------------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Word 97 内容".encode("utf-16-le")


def _fake_tool(bindir: Path, name: str, body: str) -> Path:
    bindir.mkdir(exist_ok=True)
    script = bindir / name
    script.write_text(f"#!{sys.executable}\nimport sys, pathlib, time\n" + textwrap.dedent(body),
                      encoding="utf-8")
    script.chmod(0o755)
    return script


def test_doc_without_converter_is_e008(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    path = _write(tmp_path, "old.doc", OLE)
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E008" and str(path) in msg
    for tool in ("antiword", "catdoc", "soffice"):
        assert tool in msg


def test_ole_named_docx_goes_to_the_doc_converters(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(ReadError) as ei:
        read_path(_write(tmp_path, "really-old.docx", OLE))
    assert ei.value.code == "E008"


def test_doc_through_antiword(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    seen = tmp_path / "seen.bin"
    _fake_tool(bindir, "antiword", f"""
        args = sys.argv[1:]
        assert args[:4] == ["-m", "UTF-8.txt", "-w", "0"], args
        pathlib.Path({str(seen)!r}).write_bytes(pathlib.Path(args[-1]).read_bytes())
        sys.stdout.buffer.write("开发区上半年实现规上工业增加值6.8亿元。\\r\\n第二段\\n".encode("utf-8"))
    """)
    monkeypatch.setenv("PATH", str(bindir))
    path = _write(tmp_path, "-report.doc", OLE)
    decoded = read_path(path)
    assert decoded.text == "开发区上半年实现规上工业增加值6.8亿元。\n第二段\n"
    assert (decoded.format, decoded.encoding) == ("doc", "doc/antiword")
    assert decoded.sha256 == hashlib.sha256(OLE).hexdigest()
    assert seen.read_bytes() == OLE  # the converter was given the file's bytes


def test_doc_falls_back_to_catdoc_when_antiword_fails(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    _fake_tool(bindir, "antiword", """
        sys.stderr.write("I'm afraid the text stream of this file is too small to handle.\\n")
        sys.exit(1)
    """)
    _fake_tool(bindir, "catdoc", """
        assert sys.argv[1:4] == ["-d", "utf-8", "-w"], sys.argv
        sys.stdout.buffer.write("招商引资成效显著".encode("utf-8"))
    """)
    monkeypatch.setenv("PATH", str(bindir))
    decoded = decode_bytes(OLE, path="x.doc", fmt="doc")
    assert (decoded.text, decoded.encoding) == ("招商引资成效显著", "doc/catdoc")


def test_doc_through_soffice_output_file(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    _fake_tool(bindir, "soffice", """
        args = sys.argv[1:]
        assert "--headless" in args and "--convert-to" in args, args
        outdir = pathlib.Path(args[args.index("--outdir") + 1])
        src = pathlib.Path(args[-1])
        (outdir / (src.stem + ".txt")).write_bytes("营商环境持续优化".encode("gb18030"))
    """)
    monkeypatch.setenv("PATH", str(bindir))
    decoded = decode_bytes(OLE, path="x.doc", fmt="doc")
    assert (decoded.text, decoded.encoding) == ("营商环境持续优化", "doc/soffice")


def test_doc_converter_failure_is_e007(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    _fake_tool(bindir, "antiword", """
        sys.stderr.write("antiword: not a Word Document\\n")
        sys.exit(3)
    """)
    monkeypatch.setenv("PATH", str(bindir))
    path = _write(tmp_path, "bad.doc", OLE)
    with pytest.raises(ReadError) as ei:
        read_path(path)
    code, msg = _error(ei)
    assert code == "E007" and str(path) in msg and "broken doc file" in msg
    assert "antiword: exit status 3" in msg and "not a Word Document" in msg


def test_doc_converter_timeout_is_e007(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    _fake_tool(bindir, "antiword", "time.sleep(30)\nprint('too late')\n")
    monkeypatch.setenv("PATH", str(bindir))
    from reportmine.io import doc as doc_reader

    monkeypatch.setattr(doc_reader, "TIMEOUT", 0.5)
    with pytest.raises(ReadError) as ei:
        decode_bytes(OLE, path="slow.doc", fmt="doc")
    assert ei.value.code == "E007" and "timed out" in str(ei.value)


def test_png_named_doc_is_e007_without_running_a_converter(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(ReadError) as ei:
        read_path(_write(tmp_path, "pic.doc", PNG))
    assert ei.value.code == "E007" and "PNG image" in str(ei.value)


# --- import cost ------------------------------------------------------------------------------


def test_import_is_cheap_and_loads_no_heavy_library():
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    code = ("import sys, reportmine.io; "
            "print(','.join(m for m in ('docx', 'pypdf', 'pypdfium2', 'bs4', 'charset_normalizer', 'lxml') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == ""

    trace = subprocess.run([sys.executable, "-X", "importtime", "-c", "import reportmine.io"],
                           capture_output=True, text=True, env=env, check=True).stderr
    cumulative = {}
    for line in trace.splitlines():
        m = re.match(r"import time:\s+\d+\s+\|\s+(\d+)\s+\|\s+(\S.*)$", line)
        if m:
            cumulative[m.group(2).strip()] = int(m.group(1))
    own_us = cumulative["reportmine.io"] - cumulative.get("reportmine", 0)
    assert own_us < 20_000, f"reportmine.io itself took {own_us} us to import"
