"""Opens the fixture's review workbook with openpyxl and checks what a person sees in Excel.

Usage: python3 check_xlsx.py FILE.xlsx   (run by tests/sheet/openpyxl.rs; prints "ok")
"""

import datetime
import sys
import zipfile

import openpyxl

path = sys.argv[1]
wb = openpyxl.load_workbook(path)
assert wb.sheetnames == ["Papers", "Sections"], wb.sheetnames

COLUMNS = [
    "key", "status", "sections", "title", "heading", "year", "venue", "authors",
    "institutions", "topics", "arxiv", "doi", "url", "code", "motivation", "method",
    "results", "other", "line",
]

ws = wb["Papers"]
# The header row and the key and status columns stay in view, well under half of a 1366-pixel
# window (a column W wide, as stored, is about 7 W pixels).
assert ws.freeze_panes == "C2", ws.freeze_panes
frozen_px = sum(ws.column_dimensions[c].width * 7 for c in "AB")
assert frozen_px < 1366 / 4, frozen_px
assert [c.value for c in ws[1]] == COLUMNS, [c.value for c in ws[1]]

# The Excel table: name, range, style, autofilter, headers.
assert list(ws.tables.keys()) == ["PapersTable"], list(ws.tables.keys())
table = ws.tables["PapersTable"]
assert table.ref == "A1:S6", table.ref
assert table.autoFilter is not None and table.autoFilter.ref == "A1:S6", table.autoFilter
assert table.tableStyleInfo.name == "TableStyleMedium2", table.tableStyleInfo.name
assert table.tableStyleInfo.showRowStripes
assert [c.name for c in table.tableColumns] == COLUMNS

# The header has a format of its own (LibreOffice does not draw table styles): bold white text
# on blue, thin borders on every side; so does the Sections header.
def check_header(cell):
    assert cell.font.b, (cell.coordinate, cell.font)
    assert cell.font.color.rgb == "FFFFFFFF", cell.font.color
    assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == "FF4472C4", cell.fill
    for side in (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom):
        assert side.style == "thin", cell.border
for cell in ws[1]:
    check_header(cell)
assert not ws["A2"].font.b and ws["A2"].fill.fill_type is None

# The status drop-down.
dvs = ws.data_validations.dataValidation
assert len(dvs) == 1, dvs
dv = dvs[0]
assert dv.type == "list", dv.type
assert dv.formula1 == '"unread,reading,read,skip"', dv.formula1
assert str(dv.sqref) == "B2:B6", dv.sqref
assert dv.allow_blank

# Rows coloured by status.
rules = []
for cf_range in ws.conditional_formatting:
    assert str(cf_range.sqref) == "A2:S6", cf_range.sqref
    for rule in cf_range.rules:
        assert rule.type == "expression", rule.type
        rules.append(rule.formula[0])
        assert rule.dxf is not None and rule.dxf.fill is not None
assert rules == ['$B2="unread"', '$B2="reading"', '$B2="read"', '$B2="skip"'], rules

# Hyperlinks on URL cells.
links = {c.coordinate: c.hyperlink.target for row in ws.iter_rows() for c in row if c.hyperlink}
assert links["M2"] == "https://arxiv.org/abs/2304.08485", links
assert links["N2"] == "https://github.com/haotian-liu/LLaVA", links
assert links["K2"] == "https://arxiv.org/abs/2304.08485", links
assert links["L4"] == "https://doi.org/10.1145/3486622.3493957", links
assert links["M3"] == "https://aclanthology.org/2023.emnlp-main.923/", links
assert links["N6"] == "https://github.com/artidoro/qlora/tree/main/examples", links
# url on every row, arxiv and code where known, the one DOI; nothing else.
assert sorted(links) == ["K2", "K6", "L4", "M2", "M3", "M4", "M5", "M6", "N2", "N6"], sorted(links)

# Values, including Chinese text and the truncated cell.
assert ws["E2"].value == "LLaVA：经典的多模态大模型"
assert ws["C2"].value == "多模态篇; PEFT 系列篇"
assert ws["F2"].value == 2023
# Identifiers are text, formatted as text ("@") so that a retyped id stays text too.
for ref in ["A2", "K2", "K6", "L4"]:
    assert ws[ref].data_type == "s" and ws[ref].number_format == "@", (ref, ws[ref].number_format)
assert ws["K2"].value == "2304.08485", ws["K2"].value
assert ws["D2"].number_format == "General", ws["D2"].number_format
assert ws["S3"].value == 44
assert ws["E6"].value.startswith("=HYPERLINK"), ws["E6"].value
assert ws["E6"].data_type == "s", ws["E6"].data_type
q6 = ws["Q6"].value
assert len(q6) == 32767 and q6.endswith("…[truncated]"), (len(q6), q6[-20:])

# Long text wraps and sits at the top; widths are set, CJK columns wider.
assert ws["P2"].alignment.wrap_text and ws["P2"].alignment.vertical == "top"
assert ws["M2"].alignment.wrap_text
# (openpyxl reports Excel's stored width, which adds the cell padding, and groups equal columns.)
widths = {k: int(d.width) for k, d in ws.column_dimensions.items()}
assert widths["A"] == len("initial_exploration") + 1, widths
assert widths["B"] == 10 and widths["F"] == 7, widths
# The motivation is 36 CJK characters, so 72 wide: capped at 60 and wrapped.
assert widths["O"] == 60, widths
# The widest sections cell, "多模态篇; PEFT 系列篇": 7 CJK characters (14) + 7 others + 1.
assert widths["C"] == 22, widths

# Row heights are the program's (never custom), stored as tall as the longest wrapped cell
# (15 pt a line) up to Excel's tallest row, 27 lines, for programs that do not fit rows on
# opening (LibreOffice).
heights = [ws.row_dimensions[r].height for r in range(2, 7)]
assert heights == [60, 30, 30, 45, 405], heights
# (openpyxl reports any stored height as custom: read the sheet's XML for that.)
with zipfile.ZipFile(path) as z:
    sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
assert "customHeight" not in sheet_xml

# Printing: landscape, one page wide (any number tall), the header row on every page.
def check_print(sheet):
    ps = sheet.page_setup
    assert ps.orientation == "landscape", ps.orientation
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.sheet_properties.pageSetUpPr
    assert ps.fitToWidth in (None, 1) and ps.fitToHeight == 0, (ps.fitToWidth, ps.fitToHeight)
    assert sheet.print_title_rows == "$1:$1", sheet.print_title_rows
check_print(ws)

# Document properties.
p = wb.properties
assert p.title == "LLMs 论文研读社", p.title
assert p.subject == "Paper review spreadsheet: 5 papers", p.subject
assert p.keywords == "papercat, reading list, 多模态篇, PEFT 系列篇, 搜索 篇", p.keywords
assert p.created == datetime.datetime(2024, 1, 1, 0, 0, 0), p.created

# The Sections sheet: its table and the bar chart.
ss = wb["Sections"]
for cell in ss[1]:
    check_header(cell)
check_print(ss)
assert list(ss.tables.keys()) == ["SectionsTable"]
assert ss.tables["SectionsTable"].ref == "A1:F5", ss.tables["SectionsTable"].ref
assert [c.value for c in ss["A"]] == ["section", "多模态篇", "PEFT 系列篇", "搜索 篇", "搜索 篇 > 排序"]
assert [c.value for c in ss["C"]][1:] == [2, 2, 2, 1]
charts = ss._charts
assert len(charts) == 1, charts
chart = charts[0]
assert chart.tagname == "barChart" and chart.barDir == "bar", (chart.tagname, chart.barDir)
assert chart.series[0].val.numRef.f == "Sections!$C$2:$C$5", chart.series[0].val.numRef.f
assert chart.series[0].cat.strRef.f == "Sections!$A$2:$A$5", chart.series[0].cat
# Sections read top-down, as in the table (the category axis runs max to min).
assert chart.x_axis.scaling.orientation == "maxMin", chart.x_axis.scaling.orientation
assert chart.legend is None

print("ok")
