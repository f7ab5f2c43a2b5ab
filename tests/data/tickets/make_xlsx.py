#!/usr/bin/env python3
"""Writes a minimal XLSX workbook the way the hotline platforms export one:
a merged title row, two header rows (工单号 merged down over both), shared
strings, times as Excel serial numbers (styled as dates) and one as text,
a number cell for the phone. Only the parts a reader needs; deflated.

usage: make_xlsx.py OUT.xlsx"""
import sys
import zipfile
from xml.sax.saxutils import escape

# (row number, [cells]); a cell is None (absent), str (shared string) or
# ('n', number) for a numeric cell.
ROWS = [
    (1, ["12328交通运输服务监督热线工单明细"]),
    (2, ["工单号", "受理信息", None, None, None, "诉求信息"]),
    (3, [None, "受理时间", "诉求人", "联系方式", "业务类型", "问题分类", "诉求内容", "车牌号码", "事发地点"]),
    # 2023-03-06 09:30:00 local = 44991.395833...
    (4, ["JT2023030601", ("n", 44991.3958333333), "陈女士", ("n", 13700001111), "投诉举报", "巡游车议价",
         "机场到市区一口价100元 & 不打表", "蒙K8T001", "机场"]),
    (5, ["JT2023030602", "2023/3/6 10:05", "周先生", "13700002222", "投诉举报", "巡游车绕路", "绕路 <多收> 钱",
         "", "东胜区"]),
    (6, ["JT2023030603", ("n", 44991.5), "吴先生", "137000", "投诉举报", "巡游车拒载", "拒载", "", ""]),
    (8, ["JT2023030601", ("n", 44991.3958333333), "陈女士", ("n", 13700001111), "投诉举报", "巡游车议价",
         "机场到市区一口价100元 & 不打表", "蒙K8T001", "机场"]),
]


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def main(out):
    strings, index = [], {}
    sheet_rows = []
    for r, cells in ROWS:
        xs = []
        for c, v in enumerate(cells):
            if v is None or v == "":
                continue
            ref = f"{col(c)}{r}"
            if isinstance(v, tuple):
                xs.append(f'<c r="{ref}" s="1"><v>{v[1]}</v></c>')
            else:
                if v not in index:
                    index[v] = len(strings)
                    strings.append(v)
                xs.append(f'<c r="{ref}" t="s"><v>{index[v]}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(xs)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {ns}><sheetData>'
             + "".join(sheet_rows) + '</sheetData><mergeCells count="3"><mergeCell ref="A1:I1"/>'
             '<mergeCell ref="A2:A3"/><mergeCell ref="B2:E2"/></mergeCells></worksheet>')
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {ns} count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">'
           + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns}><sheets><sheet name="Sheet1" '
                   'sheetId="1"/></sheets></workbook>')
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/worksheets/sheet1.xml", sheet)


if __name__ == "__main__":
    main(sys.argv[1])
