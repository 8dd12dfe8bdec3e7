//! CSV exactly as a spreadsheet expects it (RFC 4180: commas, CRLF, quotes doubled), and safe
//! to open: a cell that a spreadsheet would run as a formula is written as text.

/// A table with a header row, written as CSV.
pub fn table<R, C>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = String>,
{
    let mut out = String::new();
    line(&mut out, header.iter().map(|h| (*h).to_owned()));
    for row in rows {
        line(&mut out, row);
    }
    out
}

fn line(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for (n, cell) in cells.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        cell_into(out, &cell);
    }
    out.push_str("\r\n");
}

/// Leading characters that make Excel, LibreOffice or Sheets evaluate a cell (CSV injection).
fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
        // A plain negative number is data, not a formula.
        && cell.parse::<f64>().is_err()
}

fn cell_into(out: &mut String, cell: &str) {
    let guarded = looks_like_formula(cell);
    let quoted = guarded || cell.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if guarded {
        out.push('\'');
    }
    for c in cell.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::table;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn plain_cells_stay_plain_and_lines_end_in_crlf() {
        let csv = table(&["Name", "Count"], [row(&["Acme", "3"])]);
        assert_eq!(csv, "Name,Count\r\nAcme,3\r\n");
    }

    #[test]
    fn commas_quotes_and_newlines_are_quoted() {
        let csv = table(
            &["A"],
            [
                row(&["Smith, Jones"]),
                row(&["say \"hi\""]),
                row(&["two\nlines"]),
            ],
        );
        assert_eq!(
            csv,
            "A\r\n\"Smith, Jones\"\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn formulas_are_written_as_text_but_negative_numbers_are_not() {
        let csv = table(
            &["A"],
            [
                row(&["=HYPERLINK(\"x\")"]),
                row(&["@SUM(A1)"]),
                row(&["-3"]),
            ],
        );
        assert_eq!(
            csv,
            "A\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n\"'@SUM(A1)\"\r\n-3\r\n"
        );
    }

    #[test]
    fn an_empty_table_is_its_header() {
        let csv = table(&["A", "B"], Vec::<Vec<String>>::new());
        assert_eq!(csv, "A,B\r\n");
    }
}
