"""Service archives (服务档案): a talent's archive export and a county window's quarterly
archive workbook."""
