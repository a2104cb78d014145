package importer

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/tillit-project/tillit"
)

// Limits on what a workbook may unpack to: an XLSX file is a ZIP, and a
// small one can hold enormous sheets.
const (
	xlsxUnzipLimit    = 1 << 30
	xlsxUnzipXMLLimit = 64 << 20 // a sheet larger than this is read from a temporary file
)

// readXLSX reads the first sheet of a workbook. Cells are read as stored,
// not as shown: a date is its serial number (turned into a date by the
// column that expects one) and an organisation number typed as a number
// keeps all its digits.
func readXLSX(data []byte, maxRows int) (s *sheet, problems []Problem) {
	unreadable := []Problem{{Msg: tillit.Msg("The workbook cannot be read. Open it in Excel, save it as an Excel workbook (XLSX) and upload it again.")}}
	// The library parses whatever the ZIP holds; a malformed part must
	// be a sentence for the user, never a crash of the server.
	defer func() {
		if r := recover(); r != nil {
			s, problems = nil, unreadable
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxUnzipXMLLimit})
	if err != nil {
		return nil, unreadable
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, unreadable
	}
	s = &sheet{format: XLSX}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		s.date1904 = *p.Date1904
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, unreadable
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++ // Next visits every row number, empty rows too
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return s, []Problem{{Line: line, Msg: tillit.Msg("This row of the workbook cannot be read. Nothing after it was read.")}}
		}
		if blankRow(cells) {
			continue
		}
		if s.header == nil {
			s.header, s.headerAt = cells, line
			continue
		}
		if len(s.rows) >= maxRows {
			return s, []Problem{{Line: line, Msg: tillit.Msg("The file has more than %d rows. Split it into smaller files and import them one at a time.", maxRows)}}
		}
		s.rows = append(s.rows, record{line: line, cells: cells})
	}
	if err := rows.Error(); err != nil {
		return s, []Problem{{Line: line + 1, Msg: tillit.Msg("This row of the workbook cannot be read. Nothing after it was read.")}}
	}
	return s, nil
}

// excelSerialDate turns a date serial number into a calendar date.
func excelSerialDate(serial float64, date1904 bool) (y, m, d int, err error) {
	if serial < 1 || serial > 2958465 { // 9999-12-31
		return 0, 0, 0, fmt.Errorf("serial %v out of range", serial)
	}
	t, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return 0, 0, 0, err
	}
	return t.Year(), int(t.Month()), t.Day(), nil
}
